package io.epoll4j.http;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

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
        byte[] whole = serve(input, new int[0]);
        int[] cuts = random.ints(random.nextInt(0, Math.min(12, Math.max(1, input.length))), 1, Math.max(2, input.length))
                .sorted().distinct().toArray();
        assertArrayEquals(whole, serve(input, cuts), () -> "cuts " + java.util.Arrays.toString(cuts) + " of "
                + Wire.latin1(input).replace("\r", "\\r").replace("\n", "\\n"));
    }

    /** The bytes the peer gets for {@code input} read in pieces ending at {@code cuts}. */
    private static byte[] serve(byte[] input, int[] cuts) throws IOException {
        HttpSession session = new HttpSession(ECHO, ResponseWriterTest.FIXED, ParserLimits.DEFAULT);
        Peer peer = new Peer();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment readBuffer = arena.allocate(Math.max(1, input.length));
            MemorySegment out = arena.allocate(8192);
            int from = 0;
            for (int k = 0; k <= cuts.length && !session.closed(); k++) {
                int to = k < cuts.length ? cuts[k] : input.length;
                readBuffer.fill((byte) '#');   // the loop reads the next piece over the last one
                MemorySegment.copy(input, from, readBuffer, ValueLayout.JAVA_BYTE, 0, to - from);
                boolean open = session.onRead(readBuffer, 0, to - from, out, peer);
                peer.flush();   // the connection flushes when the read callback returns
                while (open && session.paused()) {
                    open = session.resume(out, peer);
                    peer.flush();
                }
                from = to;
            }
            session.release();
        }
        // "100 Continue" goes out only when a read ends before the body: the one answer that
        // may depend on the cuts, so it is left out of the comparison.
        return Wire.latin1(Wire.latin1(peer.received.toByteArray()).replace("HTTP/1.1 100 Continue\r\n\r\n", ""));
    }

    /** Borrows written segments until flush, then copies them: what the peer would receive. */
    private static final class Peer implements HttpOutput {
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        private final List<Object[]> borrowed = new ArrayList<>();

        @Override
        public void write(MemorySegment bytes, long offset, long length) {
            if (bytes.isNative()) {
                borrowed.add(new Object[] {bytes, offset, length});
            } else {
                flush();
                received.writeBytes(bytes.asSlice(offset, length).toArray(ValueLayout.JAVA_BYTE));
            }
        }

        @Override
        public void flush() {
            for (Object[] b : borrowed) {
                MemorySegment s = (MemorySegment) b[0];
                received.writeBytes(s.asSlice((long) b[1], (long) b[2]).toArray(ValueLayout.JAVA_BYTE));
            }
            borrowed.clear();
        }

        @Override
        public void sendFile(io.epoll4j.fd.OwnedFd file, long offset, long length) {
            flush();
            file.close();
            received.writeBytes(("[file " + offset + "+" + length + "]").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }

        @Override
        public long pendingBytes() {
            return 0;
        }

        @Override
        public void close(boolean linger) {
            flush();
            received.writeBytes(linger ? "[close linger]".getBytes() : "[close]".getBytes());
        }
    }
}
