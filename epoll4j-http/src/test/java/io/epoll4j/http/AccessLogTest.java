package io.epoll4j.http;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The access log: Common Log Format lines, written by a thread of their own through a bounded
 * queue, so a log reader that never reads costs dropped lines, never a stalled server.
 */
class AccessLogTest {
    private static final String TIME = "\\[\\d{2}/[A-Z][a-z]{2}/\\d{4}:\\d{2}:\\d{2}:\\d{2} \\+0000\\]";

    @Test
    void linesAreInTheCommonLogFormat(@TempDir Path root) throws Exception {
        Files.writeString(root.resolve("a \"quoted\" name.txt"), "twelve bytes");
        try (LiveServer server = LiveServer.start(root); RawClient client = server.connect()) {
            client.send("GET /plaintext HTTP/1.1\r\nHost: t\r\n\r\n"
                    + "HEAD /plaintext HTTP/1.1\r\nHost: t\r\n\r\n"
                    + "GET /a%20%22quoted%22%20name.txt HTTP/1.1\r\nHost: t\r\n\r\n"
                    + "GET /missing?x=1 HTTP/1.0\r\n\r\n");
            assertEquals(200, client.read().status());
            assertEquals(200, client.read(true).status());
            assertEquals(200, client.read().status());
            assertEquals(404, client.read().status());
            String log = server.awaitAccessLog("/missing");
            String[] lines = log.split("\n");
            assertEquals(4, lines.length, log);
            assertLine("127.0.0.1 - - " + TIME + " \"GET /plaintext HTTP/1.1\" 200 13", lines[0]);
            assertLine("127.0.0.1 - - " + TIME + " \"HEAD /plaintext HTTP/1.1\" 200 -", lines[1]);
            assertLine("127.0.0.1 - - " + TIME + " \"GET /a%20%22quoted%22%20name.txt HTTP/1.1\" 200 12", lines[2]);
            assertLine("127.0.0.1 - - " + TIME + " \"GET /missing\\?x=1 HTTP/1.0\" 404 \\d+", lines[3]);
        }
    }

    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aLogReaderThatNeverReadsCostsLinesNotService() throws Exception {
        // A pipe whose read end nobody reads: its 64 KiB fill up, then the writer thread blocks.
        Pipe pipe = Pipe.open();
        PrintStream stalled = new PrintStream(Channels.newOutputStream(pipe.sink()), false, StandardCharsets.UTF_8);
        int requests = 20_000;   // ~1.6 MB of log lines: far past the pipe and the queue
        try (LiveServer server = LiveServer.start(null, o -> o.withAccessLog(stalled).withThreads(1));
             RawClient client = server.connect()) {
            String batch = "GET /plaintext HTTP/1.1\r\nHost: t\r\n\r\n".repeat(100);
            for (int sent = 0; sent < requests; sent += 100) {
                client.send(batch);
                for (int i = 0; i < 100; i++) {
                    assertEquals(200, client.read().status());
                }
            }
            long dropped = server.server.accessLogDropped();
            assertTrue(dropped > requests - AccessLogWriter.DEFAULT_CAPACITY - 2_000,
                    "dropped " + dropped + " of " + requests);
            assertTrue(dropped < requests, "dropped " + dropped + " of " + requests);
            server.assertServes();
        } finally {
            pipe.source().close();
            pipe.sink().close();
        }
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void offerNeverBlocksAndCountsEveryDrop() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        CountDownLatch blocked = new CountDownLatch(1);
        OutputStream neverReads = new OutputStream() {
            @Override
            public void write(int b) throws java.io.IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws java.io.IOException {
                blocked.countDown();
                try {
                    never.await();   // a reader that never takes a byte
                } catch (InterruptedException e) {
                    throw new java.io.InterruptedIOException();
                }
            }
        };
        AccessLogWriter writer = AccessLogWriter.start(new PrintStream(neverReads, false, StandardCharsets.UTF_8), 100);
        assertTrue(writer.offer("first"));
        blocked.await();   // the writer thread holds "first" and is stuck writing it
        int accepted = 0;
        for (int i = 0; i < 10_000; i++) {
            if (writer.offer("line " + i)) {
                accepted++;
            }
        }
        assertEquals(100, accepted, "the queue holds its capacity, no more");
        assertEquals(10_000 - 100, writer.dropped());
        assertTrue(!writer.close(java.time.Duration.ofMillis(200)), "a stuck reader cannot be drained");
    }

    private static void assertLine(String regex, String line) {
        assertTrue(Pattern.matches(regex, line), "not " + regex + ":\n" + line);
    }
}
