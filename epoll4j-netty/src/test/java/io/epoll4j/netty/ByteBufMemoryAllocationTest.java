package io.epoll4j.netty;

import io.epoll4j.fd.UnixStream;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * By address ({@link ByteBufMemory#byAddress()}) a send and a recv of a direct ByteBuf cost no
 * object in steady state: the segment over the buffer never leaves the call. Measured with the
 * thread's allocation counter over windows of 10,000 round trips on a Unix socket pair, until
 * one is clean or a deadline passes (a loaded machine may compile late).
 */
class ByteBufMemoryAllocationTest {
    private static final int ROUNDS = 10_000;

    @Test
    void byAddressAReadAndAWriteAllocateNothing() throws Exception {
        UnixStream[] pair = UnixStream.pair();
        ByteBuf src = ByteBufAllocator.DEFAULT.directBuffer(100).writerIndex(100);
        ByteBuf dst = ByteBufAllocator.DEFAULT.directBuffer(100, 100);
        try {
            ByteBufMemory memory = ByteBufMemory.byAddress();
            roundTrips(memory, pair, src, dst, 5 * ROUNDS);
            long overhead = ThreadAllocations.allocated();
            overhead = ThreadAllocations.allocated() - overhead;
            double best = Double.MAX_VALUE;
            StringBuilder seen = new StringBuilder();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            for (int window = 0; best >= 1.0 && System.nanoTime() < deadline; window++) {
                long before = ThreadAllocations.allocated();
                roundTrips(memory, pair, src, dst, ROUNDS);
                long bytes = ThreadAllocations.allocated() - before - overhead;
                best = Math.min(best, (double) bytes / ROUNDS);
                if (window < 10) {
                    seen.append(bytes).append(' ');
                }
            }
            assertTrue(best < 1.0, best + " bytes per round trip in steady state (first windows, bytes: " + seen + ")");
        } finally {
            src.release();
            dst.release();
            pair[0].close();
            pair[1].close();
        }
    }

    private static void roundTrips(ByteBufMemory memory, UnixStream[] pair, ByteBuf src, ByteBuf dst, int n)
            throws Exception {
        for (int i = 0; i < n; i++) {
            dst.clear();
            long sent = memory.write(pair[0], src);
            long read = memory.read(pair[1], dst);
            if (sent != src.readableBytes() || read != sent || dst.readableBytes() != sent) {
                throw new AssertionError("round trip " + i + ": sent " + sent + ", read " + read);
            }
        }
    }
}
