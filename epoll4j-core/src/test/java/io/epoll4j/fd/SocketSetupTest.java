package io.epoll4j.fd;

import io.epoll4j.poll.Interest;
import io.epoll4j.sys.Errno;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.epoll4j.fd.SocketTesting.awaitReady;
import static io.epoll4j.fd.SocketTesting.bytes;
import static io.epoll4j.fd.SocketTesting.readExactly;
import static io.epoll4j.fd.SocketTesting.writeFully;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sockets set up step by step, as a Netty channel does (open, set options, bind, then listen
 * or connect): a TCP client bound to a chosen local port, a Unix listener and client opened
 * before their addresses are known, a UDP socket that connects and disconnects, and
 * TCP_FASTOPEN_CONNECT.
 */
class SocketSetupTest {
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
    void aUnixListenerAndClientOpenedFirstBindListenAndConnect(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("s.sock");
        try (UnixListener listener = UnixListener.open(); UnixStream client = UnixStream.open();
             Arena arena = Arena.ofConfined()) {
            listener.bind(UnixDomainSocketAddress.of(path));
            assertTrue(Files.exists(path), "bind creates the socket file");
            listener.listen(4);
            client.startConnect(UnixDomainSocketAddress.of(path));
            awaitReady(client, Interest.WRITABLE);
            assertTrue(client.finishConnect());
            awaitReady(listener, Interest.READABLE);
            try (UnixStream server = listener.accept()) {
                writeFully(client, bytes(arena, new byte[] {1, 2, 3}));
                assertArrayEquals(new byte[] {1, 2, 3}, readExactly(server, 3));
            }
        }
    }

    @Test
    void aUnixClientReachesAnAbstractName() throws Exception {
        UnixAbstractAddress name = UnixAbstractAddress.of("epoll4j-setup-" + ProcessHandle.current().pid());
        try (UnixListener listener = UnixListener.open(); UnixStream client = UnixStream.open()) {
            listener.bind(name);
            listener.listen(1);
            client.startConnect(name);
            awaitReady(client, Interest.WRITABLE);
            assertTrue(client.finishConnect());
        }
    }

    @Test
    void aUnixSocketRefusesAnInetAddress() throws Exception {
        try (UnixListener listener = UnixListener.open()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> listener.bind(new InetSocketAddress(LOOPBACK, 0)));
            assertTrue(e.getMessage().contains("not a Unix socket address"), e.getMessage());
        }
    }

    @Test
    void aDisconnectedUdpSocketHearsFromAnyoneAgainAndCannotSendWithoutAnAddress() throws Exception {
        // An explicit port: one the kernel chose at bind is released on disconnect (udp_disconnect).
        int port;
        try (UdpSocket probe = UdpSocket.bind(new InetSocketAddress(LOOPBACK, 0))) {
            port = probe.localAddress().getPort();
        }
        try (UdpSocket a = UdpSocket.bind(new InetSocketAddress(LOOPBACK, port));
             UdpSocket b = UdpSocket.bind(new InetSocketAddress(LOOPBACK, 0));
             UdpSocket c = UdpSocket.bind(new InetSocketAddress(LOOPBACK, 0));
             Arena arena = Arena.ofConfined()) {
            MemorySegment one = bytes(arena, new byte[] {9});
            a.connect(b.localAddress());
            assertTrue(a.send(one));
            // Connected to b, a drops what c sends it (udp(7)).
            assertTrue(c.sendTo(one, a.localAddress()));
            assertTrue(b.sendTo(one, a.localAddress()));
            awaitReady(a, Interest.READABLE);
            MemorySegment in = arena.allocate(16);
            assertEquals(b.localAddress(), a.receive(in).sender());
            a.disconnect();
            assertTrue(c.sendTo(one, a.localAddress()));
            awaitReady(a, Interest.READABLE);
            assertEquals(c.localAddress(), a.receive(in).sender());
            ErrnoException e = assertThrows(ErrnoException.class, () -> a.send(one));
            assertTrue(e.errno() == Errno.EDESTADDRREQ || e.errno() == Errno.ENOTCONN, e.getMessage());
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
