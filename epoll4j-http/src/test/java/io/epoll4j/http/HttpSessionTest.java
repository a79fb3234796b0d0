package io.epoll4j.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Bytes in, routed, encoded: what reaches the connection, in which calls. */
class HttpSessionTest {

    /** Records each output call as the connection layer would see it. */
    static class Recorder implements HttpOutput {
        final List<String> calls = new ArrayList<>();

        @Override
        public void write(MemorySegment bytes, long offset, long length) {
            calls.add("write:" + Wire.latin1(bytes.asSlice(offset, length).toArray(ValueLayout.JAVA_BYTE)));
        }

        /** What {@link #pendingBytes()} answers: output the peer has not taken yet. */
        long pending;
        int openFiles;

        @Override
        public void sendFile(io.epoll4j.fd.OwnedFd file, long offset, long length) {
            calls.add("file:@" + offset + "+" + length);
            file.close();
        }

        @Override
        public void flush() {
        }

        @Override
        public long pendingBytes() {
            return pending;
        }

        @Override
        public void close(boolean linger) {
            calls.add(linger ? "close:linger" : "close");
        }
    }

    private static final String PLAIN = "HTTP/1.1 200 OK\r\nServer: epoll4j\r\nContent-Type: text/plain\r\n"
            + "Content-Length: 13\r\nDate: " + ResponseWriterTest.DATE + "\r\n\r\nHello, World!";

    private static Path file;
    private static Path fifo;
    private final Arena arena = Arena.ofShared();   // one test reads on a timeout thread
    private final MemorySegment out = arena.allocate(8192);
    private final Recorder output = new Recorder();
    private final Router router = new Router()
            .route("/plaintext", CannedResponse.PLAINTEXT)
            .route("/file", (request, response) -> response.file(new FileRegion(file, 0, 100)))
            .route("/missing", (request, response) -> response.file(new FileRegion(Path.of("/nonexistent/f.bin"), 0, 100)))
            .route("/fifo", (request, response) -> response.file(new FileRegion(fifo, 0, 100)))
            .route("/boom", (request, response) -> {
                throw new IllegalStateException("handler bug");
            });
    private final HttpSession session = new HttpSession(router, ResponseWriterTest.FIXED, ParserLimits.DEFAULT);

    @org.junit.jupiter.api.BeforeAll
    static void files(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        file = java.nio.file.Files.write(dir.resolve("f.bin"), new byte[100]);
        fifo = dir.resolve("fifo");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertTrue(mk.waitFor(10, java.util.concurrent.TimeUnit.SECONDS) && mk.exitValue() == 0, "mkfifo failed");
    }

    @AfterEach
    void close() {
        arena.close();
    }

    private boolean read(String wire) throws java.io.IOException {
        MemorySegment in = arena.allocate(Math.max(1, wire.length()));
        MemorySegment.copy(Wire.latin1(wire), 0, in, ValueLayout.JAVA_BYTE, 0, wire.length());
        return session.onRead(in, 0, wire.length(), out, output);
    }

    @Test
    void pipelinedBatchIsAnsweredWithOneWrite() throws Exception {
        assertTrue(read("GET /plaintext HTTP/1.1\r\nHost: h\r\n\r\n".repeat(16)));
        assertEquals(List.of("write:" + PLAIN.repeat(16)), output.calls);
    }

    @Test
    void requestSplitAcrossReadsIsAnsweredWhenComplete() throws Exception {
        assertTrue(read("GET /plain"));
        assertEquals(List.of(), output.calls);
        assertTrue(read("text HTTP/1.1\r\nHost: h\r\n\r\n"));
        assertEquals(List.of("write:" + PLAIN), output.calls);
    }

    @Test
    void fileBodyGoesOutBetweenTheBytesAroundIt() throws Exception {
        read("GET /plaintext HTTP/1.1\r\nHost: h\r\n\r\nGET /file HTTP/1.1\r\nHost: h\r\n\r\n"
                + "GET /plaintext HTTP/1.1\r\nHost: h\r\n\r\n");
        assertEquals(3, output.calls.size(), output.calls.toString());
        assertTrue(output.calls.get(0).startsWith("write:" + PLAIN + "HTTP/1.1 200 OK\r\n"));
        assertTrue(output.calls.get(0).endsWith("Content-Length: 100\r\n\r\n"));
        assertEquals("file:@0+100", output.calls.get(1));
        assertEquals("write:" + PLAIN, output.calls.get(2));
    }

    @Test
    void malformedRequestGetsItsStatusAfterEarlierResponsesThenCloses() throws Exception {
        assertFalse(read("GET /plaintext HTTP/1.1\r\nHost: h\r\n\r\nGET / HTTP/1.1\r\nHost : h\r\n\r\n"));
        assertEquals(2, output.calls.size());
        assertTrue(output.calls.get(0).startsWith("write:" + PLAIN + "HTTP/1.1 400 Bad Request\r\n"));
        assertTrue(output.calls.get(0).contains("Connection: close\r\n"));
        assertEquals("close:linger", output.calls.get(1), "the rest of a bad request may still come");
        assertFalse(read("GET /plaintext HTTP/1.1\r\nHost: h\r\n\r\n"), "nothing more is read");
        assertEquals(2, output.calls.size());
    }

    @Test
    void connectionCloseStopsAfterThatResponseEvenWithMorePipelined() throws Exception {
        assertFalse(read("GET /plaintext HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n"
                + "GET /plaintext HTTP/1.1\r\nHost: h\r\n\r\n"));
        assertEquals(2, output.calls.size());
        assertTrue(output.calls.get(0).endsWith("Connection: close\r\n\r\nHello, World!"));
        assertEquals("close", output.calls.get(1));
    }

    @Test
    void handlerExceptionIsAnswered500AndCloses() throws Exception {
        assertFalse(read("GET /boom HTTP/1.1\r\nHost: h\r\n\r\n"));
        assertTrue(output.calls.get(0).startsWith("write:HTTP/1.1 500 Internal Server Error\r\n"));
        assertEquals("close", output.calls.get(1));
    }

    @Test
    void unroutedPathIsNotFound() throws Exception {
        assertTrue(read("GET /nope HTTP/1.1\r\nHost: h\r\n\r\n"));
        assertTrue(output.calls.get(0).startsWith("write:HTTP/1.1 404 Not Found\r\n"));
    }

    @Test
    void fullOutputSegmentIsFlushedAndEncodingContinues() throws Exception {
        MemorySegment small = arena.allocate(300);
        MemorySegment in = arena.allocate(1000);
        String wire = "GET /plaintext HTTP/1.1\r\nHost: h\r\n\r\n".repeat(5);
        MemorySegment.copy(Wire.latin1(wire), 0, in, ValueLayout.JAVA_BYTE, 0, wire.length());
        session.onRead(in, 0, wire.length(), small, output);
        assertEquals(PLAIN.repeat(5), String.join("", output.calls).replace("write:", ""));
        assertTrue(output.calls.size() > 1);
    }

    @Test
    void fileThatCannotBeOpenedIsAnswered500BeforeAnyHeadGoesOut() throws Exception {
        assertFalse(read("GET /missing HTTP/1.1\r\nHost: h\r\n\r\n"));
        assertEquals(2, output.calls.size(), output.calls.toString());
        assertTrue(output.calls.get(0).startsWith("write:HTTP/1.1 500 Internal Server Error\r\n"), output.calls.get(0));
        assertFalse(output.calls.get(0).contains("Content-Length: 100"));
        assertEquals("close", output.calls.get(1));
    }

    @Test
    void fifoSwappedInForAFileIsRefusedWithoutBlockingTheLoop() {
        // open(2) of a FIFO without O_NONBLOCK waits for a writer: the loop thread would hang here.
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(10), () ->
                assertFalse(read("GET /fifo HTTP/1.1\r\nHost: h\r\n\r\n")));
        assertTrue(output.calls.get(0).startsWith("write:HTTP/1.1 500 Internal Server Error\r\n"), output.calls.get(0));
    }

    @Test
    void headOfAFileResponseOpensNoFile() throws Exception {
        assertTrue(read("HEAD /missing HTTP/1.1\r\nHost: h\r\n\r\n"));
        assertTrue(output.calls.get(0).startsWith("write:HTTP/1.1 200 OK\r\n"), output.calls.get(0));
    }

    @Test
    void pipelinedRequestsWaitWhileTooMuchOutputIsPending() throws Exception {
        output.pending = HttpSession.MAX_PENDING_BYTES + 1;   // the peer reads nothing
        assertTrue(read("GET /file HTTP/1.1\r\nHost: h\r\n\r\n".repeat(100)));
        assertTrue(session.paused());
        assertEquals(List.of(), output.calls, "no file opened, no response produced past the bound");
        output.pending = 0;                                   // drained
        assertTrue(session.resume(out, output));
        assertFalse(session.paused());
        assertEquals(200, output.calls.stream().filter(c -> c.startsWith("file:")).count() * 2);
    }

    @Test
    void pipelinedRequestsStopAfterABoundedNumberOfResponsesWhileOutputWaits() throws Exception {
        output.pending = 1;
        assertTrue(read("GET /file HTTP/1.1\r\nHost: h\r\n\r\n".repeat(1000)));
        assertTrue(session.paused());
        assertEquals(HttpSession.MAX_PENDING_RESPONSES, output.calls.stream().filter(c -> c.startsWith("file:")).count());
    }

    @Test
    void binaryInputIsRejectedAtOnceNotAfterTheHeaderTimeout() throws Exception {
        // The first bytes of a TLS ClientHello: a handshake record, TLS 1.0, then the length.
        assertFalse(read("\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u01fc"));
        assertTrue(output.calls.get(0).startsWith("write:HTTP/1.1 400 Bad Request\r\n"), output.calls.get(0));
        assertEquals("close:linger", output.calls.get(1));
    }

    @Test
    void idleSessionHoldsNoParsingStateAndASplitRequestHoldsItUntilComplete() throws Exception {
        assertTrue(read("GET /plaintext HTTP/1.1\r\nHost: h\r\n\r\n"));
        assertFalse(session.holdsExchange(), "answered: parser, fields and writer are back in the pool");
        assertTrue(read("GET /plaintext HTTP/1.1\r\nHo"));
        assertTrue(session.holdsExchange(), "a split request keeps its bytes");
        assertTrue(read("st: h\r\n\r\n"));
        assertFalse(session.holdsExchange());
        assertEquals(2, output.calls.size());
    }

    @Test
    void pipelinedBatchIsStagedOnceAndNeverFlushedMidBatch() throws Exception {
        int[] flushes = {0};
        Recorder counting = new Recorder() {
            @Override
            public void flush() {
                flushes[0]++;
            }
        };
        MemorySegment in = arena.allocate(4096);
        String wire = "GET /plaintext HTTP/1.1\r\nHost: h\r\n\r\n".repeat(16);
        MemorySegment.copy(Wire.latin1(wire), 0, in, ValueLayout.JAVA_BYTE, 0, wire.length());
        assertTrue(session.onRead(in, 0, wire.length(), out, counting));
        assertEquals(1, counting.calls.size(), "one write for the batch: the connection sends it with one sendmsg");
        assertEquals(0, flushes[0], "nothing forces a write before the read callback returns");
    }

    @Test
    void aConnectionThatDiesWhileAnAnswerGoesOutEndsTheSessionThereAndPoolsNothingOfIt() throws Exception {
        HttpLoop loop = new HttpLoop();
        HttpSession dying = new HttpSession(router, ResponseWriterTest.FIXED, ParserLimits.DEFAULT);
        dying.bind(loop);
        // As a connection whose sendmsg or epoll_ctl fails inside the write: it closes, and its
        // onClosed releases the session, while the session is still answering.
        Recorder failing = new Recorder() {
            @Override
            public void write(MemorySegment bytes, long offset, long length) {
                super.write(bytes, offset, length);
                dying.release();
            }

            @Override
            public void sendFile(io.epoll4j.fd.OwnedFd f, long offset, long length) {
                super.sendFile(f, offset, length);
                dying.release();
            }
        };
        String wire = "GET /file HTTP/1.1\r\nHost: h\r\n\r\n" + "GET /plaintext HTTP/1.1\r\nHost: h\r\n\r\n".repeat(80)
                + "POST /p HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\n0123";
        MemorySegment in = arena.allocate(wire.length());
        MemorySegment.copy(Wire.latin1(wire), 0, in, ValueLayout.JAVA_BYTE, 0, wire.length());
        assertFalse(dying.onRead(in, 0, wire.length(), out, failing), "a released session goes on");
        int calls = failing.calls.size();
        assertFalse(dying.onRead(in, 0, 10, out, failing));
        assertEquals(calls, failing.calls.size(), "answered after it was released");

        HttpSession next = new HttpSession(router, ResponseWriterTest.FIXED, ParserLimits.DEFAULT);
        next.bind(loop);
        Recorder fine = new Recorder();
        byte[] get = Wire.latin1("GET /plaintext HTTP/1.1\r\nHost: h\r\n\r\n");
        MemorySegment again = arena.allocate(get.length);
        MemorySegment.copy(get, 0, again, ValueLayout.JAVA_BYTE, 0, get.length);
        assertTrue(next.onRead(again, 0, get.length, out, fine));
        assertEquals(List.of("write:" + PLAIN), fine.calls, "the next session of the loop inherits nothing");
    }
}
