package io.epoll4j.http;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Property-based fuzzing of {@link HttpSession} as the connection drives it (jqwik, bounded by
 * tries): request streams from {@link HttpCorpus} arrive in random pieces through one read
 * buffer that is overwritten for every piece, as the loop's is, and output segments are
 * copied only when flushed, as the connection borrows them. Whatever the cuts, the bytes the
 * peer receives are the same as when the whole stream arrives in one read (interim
 * "100 Continue" aside).
 */
class HttpSessionFuzzTest {
    private static final HttpHandler ECHO = (request, response) -> response.status(200)
            .header("X-Target", request.target()).contentType("application/octet-stream").body(request.bodyBytes());

    @Property(tries = 2000)
    void theAnswersDoNotDependOnHowTheRequestsArrive(@ForAll long seed, @ForAll @IntRange(min = 1, max = 6) int count)
            throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] input = HttpCorpus.requests(random, count);
        byte[] whole = serve(input, new int[0], Long.MAX_VALUE);
        int[] cuts = random.ints(random.nextInt(0, Math.min(12, Math.max(1, input.length))), 1, Math.max(2, input.length))
                .sorted().distinct().toArray();
        // A peer that takes little per write makes output wait, and the session pause and resume.
        long window = random.nextBoolean() ? Long.MAX_VALUE : random.nextLong(1, 4096);
        assertArrayEquals(whole, serve(input, cuts, window), () -> "cuts " + java.util.Arrays.toString(cuts)
                + ", window " + window + ", of " + Wire.latin1(input).replace("\r", "\\r").replace("\n", "\\n"));
    }

    @Property(tries = 300)
    void longPipelinesThatPauseForASlowPeerAreAnsweredInFullAndInOrder(@ForAll long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        int requests = random.nextInt(60, 160);
        for (int i = 0; i < requests; i++) {
            byte[] body = new byte[random.nextInt(random.nextInt(8) == 0 ? 20_000 : 200)];
            random.nextBytes(body);
            wire.writeBytes(("POST /r" + i + " HTTP/1.1\r\nHost: h\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            wire.writeBytes(body);
        }
        byte[] input = wire.toByteArray();
        byte[] whole = serve(input, new int[0], Long.MAX_VALUE);
        int[] cuts = random.ints(random.nextInt(0, 20), 1, input.length).sorted().distinct().toArray();
        long window = random.nextLong(1, 65536);
        byte[] slow = serve(input, cuts, window);
        assertArrayEquals(whole, slow, () -> requests + " requests, cuts " + java.util.Arrays.toString(cuts)
                + ", window " + window);
        assertEquals(requests, Wire.latin1(whole).split("HTTP/1.1 200 OK", -1).length - 1, "answers");
    }

    private static byte[] serve(byte[] input, int[] cuts, long window) throws IOException {
        return SessionDriver.serve(ECHO, input, cuts, window);
    }
}
