package io.epoll4j.bench.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.epoll4j.loop.EventLoopGroup;
import io.epoll4j.net.TcpServer;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class NetPlaintextServerTest {

    private static final String REQUEST = "GET /plaintext HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

    @Test
    void answersEachPipelinedRequestOnceIncludingOneWhoseEndIsSplitAcrossReads() throws Exception {
        try (EventLoopGroup loops = EventLoopGroup.start(1, "net-test");
             TcpServer server = NetPlaintextServer.start(loops,
                     new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             Socket client = new Socket(InetAddress.getLoopbackAddress(), server.localAddress().getPort())) {
            client.setSoTimeout(10_000);   // the deadline for every read below
            client.setTcpNoDelay(true);
            byte[] batch = REQUEST.repeat(16).getBytes(StandardCharsets.US_ASCII);
            int split = REQUEST.length() * 8 - 2;   // between the CRLF pairs of the 8th request's end
            OutputStream out = client.getOutputStream();
            InputStream in = client.getInputStream();
            out.write(batch, 0, split);
            out.flush();
            String first = readResponses(in, 7);
            out.write(batch, split, batch.length - split);
            out.flush();
            String rest = readResponses(in, 9);
            assertEquals(7, count(first, "HTTP/1.1 200 OK\r\n"), first);
            assertEquals(9, count(rest, "HTTP/1.1 200 OK\r\n"), rest);
            assertTrue(rest.endsWith("Hello, World!"), rest);
            // Nothing beyond the 16: the server closes on our end of input, after all it sent.
            client.shutdownOutput();
            assertEquals(-1, in.read(), "a response beyond the 16 requests");
        }
    }

    /** Reads exactly {@code n} responses of {@link PlaintextResponse#length()} bytes each. */
    private static String readResponses(InputStream in, int n) throws Exception {
        int want = n * PlaintextResponse.length();
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        while (got.size() < want) {
            int r = in.read(buf, 0, Math.min(buf.length, want - got.size()));
            if (r < 0) {
                break;
            }
            got.write(buf, 0, r);
        }
        return got.toString(StandardCharsets.US_ASCII);
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
