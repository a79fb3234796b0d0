package io.epoll4j.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.InputStream;
import java.io.OutputStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The server's loop thread allocates nothing per request in steady state, one request per read
 * (as wrk sends) and 16 pipelined per read. Counted with the thread's own allocation counter
 * (com.sun.management.ThreadMXBean) around windows of requests, after enough to let C2 compile
 * the path; a window with any allocation per request never comes out clean.
 */
class HttpAllocationTest {
    private static final String REQUEST = "GET /plaintext HTTP/1.1\r\nHost: t\r\n\r\n";

    @Test
    void plaintextRequestsAllocateNothingOnTheLoopThread() throws Throwable {
        assertCleanWindows(1);
    }

    @Test
    void pipelinedPlaintextRequestsAllocateNothingOnTheLoopThread() throws Throwable {
        assertCleanWindows(16);
    }

    private static void assertCleanWindows(int depth) throws Throwable {
        Router router = new Router().route("/plaintext", CannedResponse.PLAINTEXT);
        try (HttpServer server = HttpServer.start(HttpServerOptions.DEFAULTS.withPort(0).withThreads(1), router);
             Socket socket = new Socket()) {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(10_000);
            socket.connect(new InetSocketAddress("127.0.0.1", server.localAddress().getPort()), 5000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            int size = responseSize(out, in);
            byte[] batch = REQUEST.repeat(depth).getBytes(StandardCharsets.US_ASCII);
            byte[] reply = new byte[size * depth];
            roundTrips(out, in, batch, reply, 100_000 / depth);   // warm up the JIT
            long loopThread = loopThreadId();
            MethodHandle allocated = allocationCounter();
            int rounds = 20_000 / depth;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            StringBuilder seen = new StringBuilder();
            long perRequest;
            do {
                long before = (long) allocated.invokeExact(loopThread);
                roundTrips(out, in, batch, reply, rounds);
                long after = (long) allocated.invokeExact(loopThread);
                perRequest = (after - before) / (rounds * (long) depth);
                seen.append(after - before).append(' ');
            } while (perRequest != 0 && System.nanoTime() - deadline < 0);
            assertEquals(0, perRequest, "bytes per window of " + rounds * depth + " requests: " + seen);
        }
    }

    /** com.sun.management.ThreadMXBean#getThreadAllocatedBytes(long), reflectively (this module reads no java.management). */
    private static MethodHandle allocationCounter() throws Exception {
        Object bean = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
        return MethodHandles.publicLookup().findVirtual(Class.forName("com.sun.management.ThreadMXBean"),
                "getThreadAllocatedBytes", MethodType.methodType(long.class, long.class)).bindTo(bean);
    }

    /** The size of one /plaintext response: read up to its body, which ends it. */
    private static int responseSize(OutputStream out, InputStream in) throws Exception {
        out.write(REQUEST.getBytes(StandardCharsets.US_ASCII));
        StringBuilder b = new StringBuilder();
        while (!b.toString().endsWith("Hello, World!")) {
            int c = in.read();
            if (c < 0) {
                throw new AssertionError("server closed");
            }
            b.append((char) c);
        }
        return b.length();
    }

    private static void roundTrips(OutputStream out, InputStream in, byte[] batch, byte[] reply, int rounds)
            throws Exception {
        for (int i = 0; i < rounds; i++) {
            out.write(batch);
            for (int got = 0; got < reply.length; ) {
                int n = in.read(reply, got, reply.length - got);
                if (n < 0) {
                    throw new AssertionError("server closed");
                }
                got += n;
            }
        }
        String text = new String(reply, 0, reply.length, StandardCharsets.ISO_8859_1);
        if (!text.startsWith("HTTP/1.1 200 OK") || !text.endsWith("Hello, World!")) {
            throw new AssertionError("unexpected response: " + text);
        }
    }

    private static long loopThreadId() {
        Thread loop = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("http")).findFirst().orElse(null);
        assertNotNull(loop, "no loop thread named http*");
        return loop.threadId();
    }
}
