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

    /**
     * The bytes the peer gets for {@code input} read in pieces ending at {@code cuts}, taking at
     * most {@code window} bytes per flush (the rest waits, counted as pending, until the session
     * has paused: then all of it is taken and the session resumed).
     */
    private static byte[] serve(byte[] input, int[] cuts, long window) throws IOException {
        HttpSession session = new HttpSession(ECHO, ResponseWriterTest.FIXED, ParserLimits.DEFAULT);
        Peer peer = new Peer(window);
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
                    peer.takeAll();   // the socket drained: the connection resumes the session
                    open = session.resume(out, peer);
                    peer.flush();
                }
                from = to;
            }
            session.release();
            peer.takeAll();
        }
        // "100 Continue" goes out only when a read ends before the body: the one answer that
        // may depend on the cuts, so it is left out of the comparison.
        return Wire.latin1(Wire.latin1(peer.received.toByteArray()).replace("HTTP/1.1 100 Continue\r\n\r\n", ""));
    }

    /** Borrows written segments until flush, then copies them: what the peer would receive. */
    private static final class Peer implements HttpOutput {
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        private final List<Object[]> borrowed = new ArrayList<>();
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
        private final long window;

        Peer(long window) {
            this.window = window;
        }

        @Override
        public void write(MemorySegment bytes, long offset, long length) {
            if (bytes.isNative()) {
                borrowed.add(new Object[] {bytes, offset, length});
            } else {
                copyBorrowed();
                pending.writeBytes(bytes.asSlice(offset, length).toArray(ValueLayout.JAVA_BYTE));
            }
        }

        /** Sends what the window lets through and keeps (a copy of) the rest. */
        @Override
        public void flush() {
            copyBorrowed();
            byte[] all = pending.toByteArray();
            int sent = (int) Math.min(window, all.length);
            received.write(all, 0, sent);
            pending.reset();
            pending.write(all, sent, all.length - sent);
        }

        void takeAll() {
            flush();
            received.writeBytes(pending.toByteArray());
            pending.reset();
        }

        private void copyBorrowed() {
            for (Object[] b : borrowed) {
                MemorySegment s = (MemorySegment) b[0];
                pending.writeBytes(s.asSlice((long) b[1], (long) b[2]).toArray(ValueLayout.JAVA_BYTE));
            }
            borrowed.clear();
        }

        @Override
        public void sendFile(io.epoll4j.fd.OwnedFd file, long offset, long length) {
            copyBorrowed();
            file.close();
            pending.writeBytes(("[file " + offset + "+" + length + "]").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }

        @Override
        public long pendingBytes() {
            return pending.size();
        }

        @Override
        public void close(boolean linger) {
            copyBorrowed();
            pending.writeBytes(linger ? "[close linger]".getBytes() : "[close]".getBytes());
        }
    }
}
