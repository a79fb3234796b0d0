package io.epoll4j.net;

import io.epoll4j.fd.IoVecBatch;
import io.epoll4j.fd.OwnedFd;
import io.epoll4j.fd.StreamSocket;

import java.io.EOFException;
import java.io.IOException;
import java.lang.foreign.MemorySegment;

/**
 * A connection's output, in order: what the application staged since the last flush (in the
 * loop's {@link Staging}), and what the socket could not take yet (here).
 *
 * <p>Staged writes are borrowed: only the caller's segment, offset and length are kept, and
 * one flush hands them all to one call: send(2) for a single slice from the start of its
 * segment (a batch of responses encoded into the loop's output segment, the usual case), else
 * sendmsg(2) through the loop's {@link IoVecBatch}. Only what the socket does not take is
 * copied, into pooled native chunks of the loop, appended to the last chunk while it has room. A write
 * made while older output still waits is copied at once, since it cannot go first. A file
 * range (sendfile) is an entry of its own. The queue's entries live in a {@link Ring} taken
 * from the loop's pool when the first one is queued and given back when the last is written:
 * a connection with nothing waiting holds no array at all, and nothing is allocated in steady
 * state.
 */
final class OutputQueue {
    private final LoopContext context;
    private final MemoryBudget budget;
    private Ring ring;   // null while nothing is queued
    private long queuedBytes;
    /** send and sendmsg calls made, for tests of batching. */
    long writeCalls;
    /** The budget refused a chunk: bytes were dropped and the connection must be shed. */
    boolean overBudget;

    /** Parallel arrays of queued entries: a chunk's bytes [start, end), or, where chunk is null, a file range. */
    static final class Ring {
        LoopContext.Chunk[] chunk = new LoopContext.Chunk[8];
        OwnedFd[] file = new OwnedFd[8];
        boolean[] closeFile = new boolean[8];
        long[] start = new long[8];
        long[] end = new long[8];
        int head;
        int size;

        int mask() {
            return chunk.length - 1;
        }

        void grow() {
            int n = chunk.length * 2;
            LoopContext.Chunk[] c = new LoopContext.Chunk[n];
            OwnedFd[] f = new OwnedFd[n];
            boolean[] cf = new boolean[n];
            long[] s = new long[n];
            long[] e = new long[n];
            for (int k = 0; k < size; k++) {
                int j = (head + k) & mask();
                c[k] = chunk[j];
                f[k] = file[j];
                cf[k] = closeFile[j];
                s[k] = start[j];
                e[k] = end[j];
            }
            chunk = c;
            file = f;
            closeFile = cf;
            start = s;
            end = e;
            head = 0;
        }
    }

    OutputQueue(LoopContext context, MemoryBudget budget) {
        this.context = context;
        this.budget = budget;
    }

    long pendingBytes() {
        return queuedBytes + context.staging.bytes(this);
    }

    /** Whether output waits for the socket (EPOLLOUT wanted). */
    boolean hasQueued() {
        return ring != null;
    }

    boolean hasStaged() {
        return context.staging.ownedBy(this);
    }

    boolean isEmpty() {
        return ring == null && !hasStaged();
    }

    /** Adds {@code segment[offset .. offset+length)}: borrowed if nothing waits, else copied. */
    void write(MemorySegment segment, long offset, long length) {
        if (length == 0) {
            return;
        }
        if (ring != null || !context.staging.available(this)) {
            copyIn(segment, offset, length);
            return;
        }
        context.staging.add(this, segment, offset, length);
    }

    /** Copies {@code segment[offset .. offset+length)} into the queue at once. */
    void addCopy(MemorySegment segment, long offset, long length) {
        copyIn(segment, offset, length);
    }

    /** Queues a file range; the caller flushed the staged writes first, so order holds. */
    void addFile(OwnedFd f, long offset, long count, boolean close) {
        int i = push();
        ring.file[i] = f;
        ring.closeFile[i] = close;
        ring.start[i] = offset;
        ring.end[i] = offset + count;
        queuedBytes += count;
    }

    /**
     * Writes what the socket takes: the queue first, then the staged writes; whatever staged
     * bytes remain are copied into the queue, so the caller's memory is free again on return.
     *
     * @return true if everything was written
     */
    boolean flush(StreamSocket socket) throws IOException {
        boolean drained = ring == null || drainQueue(socket);
        Staging st = context.staging;
        if (st.ownedBy(this)) {
            // One send(2) or sendmsg(2) of as many staged slices as fit one call, written here
            // rather than called: one call level less to the downcall (see ConnectionDriver).
            long written = 0;
            if (drained && st.count() == 1 && st.offset(0) == 0) {
                // The usual case, one response batch at the start of the loop's output segment:
                // send(2), as a C server would write(2), not a sendmsg(2) of one iovec.
                written = socket.write(st.segment(0), st.length(0));
                writeCalls++;
            } else {
                IoVecBatch batch = context.batch;
                for (int from = 0; drained && from < st.count(); ) {
                    int count = Math.min(st.count() - from, batch.capacity());
                    batch.clear();
                    for (int k = 0; k < count; k++) {
                        batch.add(st.segment(from + k), st.offset(from + k), st.length(from + k));
                    }
                    long total = batch.byteCount();
                    long w = socket.write(batch);
                    batch.clear();
                    writeCalls++;
                    written += w;
                    if (w < total) {
                        break;
                    }
                    from += count;
                }
            }
            copyStagedTail(written);
        }
        return ring == null;
    }

    private boolean drainQueue(StreamSocket socket) throws IOException {
        while (ring != null) {
            Ring r = ring;
            int i = r.head;
            if (r.chunk[i] == null) {
                long n = socket.sendfile(r.file[i], r.start[i], r.end[i] - r.start[i]);
                if (n < 0) {
                    throw new EOFException("the file ended " + (r.end[i] - r.start[i]) + " bytes before its queued range");
                }
                if (n == 0) {
                    return false;
                }
                r.start[i] += n;
                queuedBytes -= n;
                if (r.start[i] == r.end[i]) {
                    pop();
                }
                continue;
            }
            IoVecBatch batch = context.batch;
            batch.clear();
            for (int k = 0; k < r.size && !batch.isFull(); k++) {
                int j = (r.head + k) & r.mask();
                if (r.chunk[j] == null) {
                    break;
                }
                batch.add(r.chunk[j].memory, r.start[j], r.end[j] - r.start[j]);
            }
            long total = batch.byteCount();
            long written = socket.write(batch);
            batch.clear();
            writeCalls++;
            queuedBytes -= written;
            for (long w = written; w > 0; ) {
                long take = Math.min(w, r.end[r.head] - r.start[r.head]);
                r.start[r.head] += take;
                w -= take;
                if (r.start[r.head] == r.end[r.head]) {
                    pop();
                }
            }
            if (written < total) {
                return false;
            }
        }
        return true;
    }

    /** Copies this queue's staged slices, if any, into the queue: nothing of the caller's stays borrowed. */
    void copyStaged() {
        if (context.staging.ownedBy(this)) {
            copyStagedTail(0);
        }
    }

    /** Copies what is left of the staged slices after the first {@code written} bytes, and unstages all. */
    private void copyStagedTail(long written) {
        Staging st = context.staging;
        for (int k = 0; k < st.count(); k++) {
            long skip = Math.min(written, st.length(k));
            written -= skip;
            if (st.length(k) > skip) {
                copyIn(st.segment(k), st.offset(k) + skip, st.length(k) - skip);
            }
        }
        st.clear();
    }

    private void copyIn(MemorySegment from, long offset, long length) {
        while (length > 0 && !overBudget) {
            Ring r = ring;
            int last = r == null ? -1 : (r.head + r.size - 1) & r.mask();
            if (r == null || r.chunk[last] == null || r.end[last] == LoopContext.CHUNK_SIZE) {
                LoopContext.Chunk c = context.takeChunk(budget);
                if (c == null) {
                    overBudget = true;   // dropped: the connection is shed, so no byte goes out of order
                    return;
                }
                last = push();
                r = ring;
                r.chunk[last] = c;
                r.start[last] = 0;
                r.end[last] = 0;
            }
            long n = Math.min(length, LoopContext.CHUNK_SIZE - r.end[last]);
            MemorySegment.copy(from, offset, r.chunk[last].memory, r.end[last], n);
            r.end[last] += n;
            offset += n;
            length -= n;
            queuedBytes += n;
        }
    }

    private int push() {
        if (ring == null) {
            ring = context.takeRing();
        }
        if (ring.size == ring.chunk.length) {
            ring.grow();
        }
        return (ring.head + ring.size++) & ring.mask();
    }

    private void pop() {
        Ring r = ring;
        int i = r.head;
        if (r.chunk[i] != null) {
            context.giveChunk(r.chunk[i], budget);
            r.chunk[i] = null;
        } else {
            if (r.closeFile[i]) {
                r.file[i].close();
            }
            r.file[i] = null;
        }
        r.head = (r.head + 1) & r.mask();
        if (--r.size == 0) {
            r.head = 0;
            ring = null;
            context.giveRing(r);   // nothing waits: the connection holds no array
        }
    }

    /** Drops everything: chunks back to the pool, files the queue owns closed. */
    void clear() {
        while (ring != null) {
            pop();
        }
        queuedBytes = 0;
        if (context.staging.ownedBy(this)) {
            context.staging.clear();
        }
    }
}
