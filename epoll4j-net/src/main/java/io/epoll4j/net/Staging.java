package io.epoll4j.net;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * The slices a connection wrote during its own callback and that go out, borrowed, in the
 * flush when the callback returns: one per loop, since only the connection whose callback runs
 * stages, and its flush empties this before any other connection's callback can begin. So no
 * connection carries slice arrays of its own. A connection that writes while another owns the
 * staging (a nested flush) copies instead. Loop thread only.
 */
final class Staging {
    private MemorySegment[] segment = new MemorySegment[16];
    private long[] offset = new long[16];
    private long[] length = new long[16];
    private int count;
    private long bytes;
    /** The queue whose slices these are; null when empty. */
    private OutputQueue owner;

    /** Whether {@code queue} may stage now: it owns the staging, or nobody does. */
    boolean available(OutputQueue queue) {
        return owner == null || owner == queue;
    }

    boolean ownedBy(OutputQueue queue) {
        return owner == queue && count > 0;
    }

    long bytes(OutputQueue queue) {
        return owner == queue ? bytes : 0;
    }

    int count() {
        return count;
    }

    MemorySegment segment(int i) {
        return segment[i];
    }

    long offset(int i) {
        return offset[i];
    }

    long length(int i) {
        return length[i];
    }

    /** Adds a slice; one that continues the previous slice of the same segment extends it. */
    void add(OutputQueue queue, MemorySegment s, long from, long n) {
        owner = queue;
        if (count > 0 && segment[count - 1] == s && offset[count - 1] + length[count - 1] == from) {
            length[count - 1] += n;   // encoded back to back (a pipelined batch): one iovec
            bytes += n;
            return;
        }
        if (count == segment.length) {
            segment = Arrays.copyOf(segment, count * 2);
            offset = Arrays.copyOf(offset, count * 2);
            length = Arrays.copyOf(length, count * 2);
        }
        segment[count] = s;
        offset[count] = from;
        length[count++] = n;
        bytes += n;
    }

    /** Forgets every slice; the caller's memory is not kept reachable. */
    void clear() {
        Arrays.fill(segment, 0, count, null);
        count = 0;
        bytes = 0;
        owner = null;
    }
}
