package io.epoll4j.examples;

import io.epoll4j.loop.EventLoopGroup;
import io.epoll4j.net.TcpServer;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The example, driven by a plain blocking java.net.Socket: it echoes and ends with the peer. */
class EchoServerTest {
    @Test
    void theExampleEchoesToAPlainJavaSocket() throws Exception {
        try (EventLoopGroup loops = EventLoopGroup.start(2, "example");
             TcpServer server = EchoServer.start(loops, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             Socket socket = new Socket()) {
            socket.connect(server.localAddress(), 5000);
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write("hello, epoll".getBytes(StandardCharsets.US_ASCII));
            assertEquals("hello, epoll", new String(in.readNBytes(12), StandardCharsets.US_ASCII));
            socket.shutdownOutput();
            assertEquals(-1, in.read(), "the server closes when the peer is done");
        }
    }
}
