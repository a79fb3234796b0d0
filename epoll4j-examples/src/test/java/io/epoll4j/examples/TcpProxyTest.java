package io.epoll4j.examples;

import io.epoll4j.loop.EventLoopGroup;
import io.epoll4j.net.TcpServer;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.MessageDigest;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The proxy in front of the echo example: bytes go through both ways, intact, and the end too. */
class TcpProxyTest {
    private static final InetSocketAddress ANY_LOOPBACK_PORT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    @Test
    void relaysEightMegabytesBothWaysIntactAndEndsWithThePeer() throws Exception {
        byte[] data = new byte[8 << 20];
        new Random(42).nextBytes(data);
        try (EventLoopGroup loops = EventLoopGroup.start(2, "proxy-test");
             TcpServer echo = EchoServer.start(loops, ANY_LOOPBACK_PORT);
             TcpServer proxy = TcpProxy.start(loops, ANY_LOOPBACK_PORT, echo.localAddress());
             Socket socket = new Socket()) {
            socket.connect(proxy.localAddress(), 5000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            // Write on one thread while reading on this one: 8 MiB is far more than the socket
            // buffers, so the relay's back-pressure is exercised on the way.
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    for (int off = 0; off < data.length; off += 64 * 1024) {
                        out.write(data, off, Math.min(64 * 1024, data.length - off));
                    }
                    socket.shutdownOutput();
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            byte[] back = in.readNBytes(data.length);
            writer.get(10, TimeUnit.SECONDS);
            assertEquals(data.length, back.length);
            assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(data),
                    MessageDigest.getInstance("SHA-256").digest(back), "relayed bytes differ");
            assertEquals(-1, in.read(), "the backend's close is relayed as end of stream");
        }
    }

    @Test
    void aBackendThatRefusesClosesTheClient() throws Exception {
        InetSocketAddress nobody;
        try (var probe = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            nobody = (InetSocketAddress) probe.getLocalSocketAddress();
        }   // closed: connecting to it is refused
        try (EventLoopGroup loops = EventLoopGroup.start(1, "proxy-test");
             TcpServer proxy = TcpProxy.start(loops, ANY_LOOPBACK_PORT, nobody);
             Socket socket = new Socket()) {
            socket.connect(proxy.localAddress(), 5000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("hello".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            int first;
            try {
                first = socket.getInputStream().read();
            } catch (java.net.SocketException reset) {
                first = -1;   // a reset is an end too
            }
            assertEquals(-1, first, "no backend: the client connection ends");
        }
    }
}
