package io.epoll4j.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A session answers the same whatever read boundaries its requests arrive across, with the
 * handler echoing {@link HttpRequest#body()} itself: a view of the loop's read buffer for a
 * request parsed in place, of the session's own buffer for one that was split. The read
 * buffer is scribbled over before every read and output segments are borrowed until a flush
 * ({@link SessionDriver}), so bytes read from memory that was already reused would show.
 */
class HttpSessionSplitTest {

    /** The request's body, not a copy, as the response's; the target and a trailer in headers. */
    private static final HttpHandler IN_PLACE_ECHO = (request, response) -> response
            .header("X-Target", request.target())
            .header("X-Sum", String.valueOf(request.trailer("X-Sum")))
            .contentType("application/octet-stream").body(request.body());

    private static final String GET = "GET /plaintext HTTP/1.1\r\nHost: h\r\n\r\n";
    private static final String CHUNKED = "PUT /c HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "4\r\nWiki\r\n5;name=value\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n0\r\nX-Sum: 42\r\n\r\n";
    private static final String EXPECT = "POST /e HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n12345";

    private static String post(String target, int length, char fill) {
        return "POST " + target + " HTTP/1.1\r\nHost: h\r\nContent-Length: " + length + "\r\n\r\n"
                + String.valueOf(fill).repeat(length);
    }

    /** Bodies larger than the 8 KiB output segment go out as pending bodies, borrowed as they lie. */
    private static final String PIPELINE = GET + post("/big", 9000, 'b') + CHUNKED + EXPECT + GET + GET
            + post("/small", 3, 's') + post("/last", 8500, 'l');

    private static byte[] serve(String wire, long window, int... cuts) throws IOException {
        return SessionDriver.serve(IN_PLACE_ECHO, Wire.latin1(wire), cuts, window);
    }

    @Test
    void everyCutOfAPipelineGivesThePeerTheSameBytes() throws IOException {
        byte[] whole = serve(PIPELINE, Long.MAX_VALUE);
        String text = Wire.latin1(whole);
        assertEquals(8, text.split("HTTP/1.1 200 OK", -1).length - 1, text);
        assertTrue(text.contains("b".repeat(9000)) && text.contains("l".repeat(8500)) && text.contains("X-Sum: 42"));
        for (int cut = 1; cut < PIPELINE.length(); cut++) {
            assertArrayEquals(whole, serve(PIPELINE, Long.MAX_VALUE, cut), "cut at " + cut);
        }
    }

    @Test
    void aSplitRequestsEchoedBodyIsSentBeforeItsBufferTakesTheNextSplitRequest() throws IOException {
        // The first cut splits /big's body (completed in the session's own buffer, its echo
        // borrowed from there), the second splits a request after it, whose start the session
        // keeps in that same buffer before the read callback returns.
        byte[] whole = serve(PIPELINE, Long.MAX_VALUE);
        int bodyStart = PIPELINE.indexOf("bbbb");
        int next = PIPELINE.indexOf("PUT /c");
        for (int a = bodyStart + 1; a < bodyStart + 9000; a += 449) {
            for (int b = next + 1; b < PIPELINE.length(); b += 7) {
                assertArrayEquals(whole, serve(PIPELINE, Long.MAX_VALUE, a, b), "cuts at " + a + ", " + b);
            }
        }
    }

    @Test
    void everyCutWithAPeerThatReadsSlowlyPausesAndStillGivesTheSameBytes() throws IOException {
        // More than MAX_PENDING_RESPONSES requests: with output waiting the session pauses with
        // requests still in the read buffer, keeps them, and answers them on resume.
        String wire = GET.repeat(HttpSession.MAX_PENDING_RESPONSES + 6) + PIPELINE;
        byte[] whole = serve(wire, Long.MAX_VALUE);
        for (int cut = 1; cut < wire.length(); cut += cut < 4000 ? 1 : 13) {
            assertArrayEquals(whole, serve(wire, 1000, cut), "cut at " + cut);
        }
        assertArrayEquals(whole, serve(wire, 1000));
    }

    @Test
    void aPauseWithRequestsStillInTheReadBufferAnswersThemAfterTheBufferIsReused() throws IOException {
        HttpSession session = new HttpSession(IN_PLACE_ECHO, ResponseWriterTest.FIXED, ParserLimits.DEFAULT);
        HttpSessionTest.Recorder output = new HttpSessionTest.Recorder();
        StringBuilder wire = new StringBuilder();
        int requests = 100;
        for (int i = 0; i < requests; i++) {
            wire.append(post("/r" + i, 4, (char) ('a' + i % 26)));
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment read = arena.allocate(wire.length());
            MemorySegment.copy(Wire.latin1(wire.toString()), 0, read, ValueLayout.JAVA_BYTE, 0, wire.length());
            MemorySegment out = arena.allocate(8192);
            output.pending = 1;   // the peer takes nothing: the session stops after its bound
            assertTrue(session.onRead(read, 0, wire.length(), out, output));
            assertTrue(session.paused());
            assertTrue(session.holdsExchange(), "the unanswered requests are kept");
            read.fill((byte) '#');   // the loop reads the next connection's bytes into it
            output.pending = 0;
            assertTrue(session.resume(out, output));
            assertFalse(session.paused());
            assertFalse(session.holdsExchange(), "all answered: nothing held");
        }
        String sent = String.join("", output.calls).replace("write:", "");
        List<String> bodies = java.util.Arrays.stream(sent.split("HTTP/1.1 200 OK")).skip(1)
                .map(r -> r.substring(r.indexOf("\r\n\r\n") + 4)).toList();
        assertEquals(requests, bodies.size());
        for (int i = 0; i < requests; i++) {
            assertEquals(String.valueOf((char) ('a' + i % 26)).repeat(4), bodies.get(i), "answer " + i);
            assertTrue(sent.contains("X-Target: /r" + i + "\r\n"), "answer " + i);
        }
    }

    @Test
    void expectContinueIsSentOnlyWhenAReadEndsAfterTheHeadAndBeforeTheBody() throws IOException {
        String wire = GET + EXPECT + GET;
        int headEnd = GET.length() + EXPECT.indexOf("12345");
        int bodyEnd = GET.length() + EXPECT.length();
        for (int cut = 1; cut < wire.length(); cut++) {
            HttpSession session = new HttpSession(IN_PLACE_ECHO, ResponseWriterTest.FIXED, ParserLimits.DEFAULT);
            HttpSessionTest.Recorder output = new HttpSessionTest.Recorder();
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment read = arena.allocate(wire.length());
                MemorySegment out = arena.allocate(8192);
                MemorySegment.copy(Wire.latin1(wire), 0, read, ValueLayout.JAVA_BYTE, 0, cut);
                session.onRead(read, 0, cut, out, output);
                read.fill((byte) '#');
                MemorySegment.copy(Wire.latin1(wire), cut, read, ValueLayout.JAVA_BYTE, 0, wire.length() - cut);
                session.onRead(read, 0, wire.length() - cut, out, output);
            }
            String sent = String.join("", output.calls);
            assertEquals(cut >= headEnd && cut < bodyEnd, sent.contains("HTTP/1.1 100 Continue\r\n\r\n"), "cut at " + cut);
            assertEquals(3, sent.split("HTTP/1.1 200 OK", -1).length - 1, "cut at " + cut);
            assertTrue(sent.contains("\r\n\r\n12345"), "cut at " + cut);
        }
    }
}
