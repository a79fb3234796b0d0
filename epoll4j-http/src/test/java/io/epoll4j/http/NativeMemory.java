package io.epoll4j.http;

import io.epoll4j.fd.OwnedMemory;

import java.util.concurrent.TimeUnit;

/**
 * {@link OwnedMemory#liveBytes()} for tests that compare it with a baseline: other tests leave
 * parsers they never released for the collector, whose memory could be freed in the middle of
 * a comparison and hide a leak of the same size.
 *
 * {@snippet :
 * long baseline = NativeMemory.settled();
 * // ... requests ...
 * assertTrue(OwnedMemory.liveBytes() <= baseline);
 * }
 */
final class NativeMemory {
    private NativeMemory() {
    }

    /** The live bytes once a collection, and the cleaner after it, have freed all they will. */
    static long settled() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        long last = OwnedMemory.liveBytes();
        while (System.nanoTime() < deadline) {
            System.gc();
            // The cleaner frees on its own thread once the collection has found the garbage.
            long quiet = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
            long now;
            while ((now = OwnedMemory.liveBytes()) == last && System.nanoTime() < quiet) {
                Thread.onSpinWait();
            }
            if (now == last) {
                return now;
            }
            last = now;
        }
        return last;
    }
}
