package io.epoll4j.fd;

import io.epoll4j.poll.Interest;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;

import static io.epoll4j.testing.SocketTesting.awaitReady;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A TCP client set up step by step, as a Netty channel does (open, set options, bind, then
 * connect): bound to a chosen local address first, and with TCP_FASTOPEN_CONNECT.
 */
class TcpClientSetupTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @Test
    void aTcpClientBoundFirstConnectsFromThatAddress() throws Exception {
        try (TcpListener listener = TcpListener.listen(new InetSocketAddress(LOOPBACK, 0));
             TcpStream client = TcpStream.open(StandardProtocolFamily.INET)) {
            client.bind(new InetSocketAddress(LOOPBACK, 0));
            InetSocketAddress bound = client.localAddress();
            assertTrue(bound.getPort() > 0, "bind chose a port");
            client.startConnect(listener.localAddress());
            awaitReady(listener, Interest.READABLE);
            try (TcpStream server = listener.accept()) {
                assertNotNull(server);
                assertEquals(bound, server.peerAddress(), "the connection leaves from the bound address");
            }
        }
    }

    @Test
    void tcpFastOpenConnectRoundTrips() throws Exception {
        try (TcpStream s = TcpStream.open(StandardProtocolFamily.INET)) {
            s.setOption(SockOpt.TCP_FASTOPEN_CONNECT, true);
            assertTrue(s.getOption(SockOpt.TCP_FASTOPEN_CONNECT));
        }
    }
}
