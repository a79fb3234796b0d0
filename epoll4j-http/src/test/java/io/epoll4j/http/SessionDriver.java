package io.epoll4j.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * Drives an {@link HttpSession} as the connection does: every piece read into one read buffer
 * that is scribbled over before the next, output segments borrowed until a flush, which sends
 * what the peer's window takes and copies the rest, and a paused session resumed once the
 * peer has taken everything.
 *
 * {@snippet :
 * byte[] received = SessionDriver.serve(handler, input, new int[] {10, 20}, 4096);
 * }
 */
final class SessionDriver {

    private SessionDriver() {
    }

    /**
     * The bytes the peer gets for {@code input} read in pieces ending at {@code cuts}, taking at
     * most {@code window} bytes per flush (the rest waits, counted as pending, until the session
     * has paused: then all of it is taken and the session resumed). Interim "100 Continue"
     * responses are left out.
     */
    static byte[] serve(HttpHandler handler, byte[] input, int[] cuts, long window) throws IOException {
        HttpSession session = new HttpSession(handler, ResponseWriterTest.FIXED, ParserLimits.DEFAULT);
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
