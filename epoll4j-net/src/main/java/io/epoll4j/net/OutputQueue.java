package io.epoll4j.net;

import io.epoll4j.fd.OwnedFd;
import io.epoll4j.sys.IoVec;
import io.epoll4j.sys.SocketCalls;

import java.io.EOFException;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * A connection's output, in order: what the application staged since the last flush, and
 * what the socket could not take yet.
 *
 * <p>Staged writes are borrowed: only the caller's segment, offset and length are kept, and
 * one flush hands them all to one sendmsg(2). Only what the socket does not take is copied, into
 * pooled native chunks of the loop, appended to the last chunk while it has room. A write
 * made while older output still waits is copied at once, since it cannot go first. A file
 * range (sendfile) is an entry of its own. Parallel arrays, no object per entry: nothing is
 * allocated in steady state.
 */
final class OutputQueue {
    private final LoopContext context;
    private final MemoryBudget budget;
    // The queue proper, a ring: a chunk's bytes [start, end), or, where chunk is null, a file range.
    private LoopContext.Chunk[] chunk = new LoopContext.Chunk[8];
    private OwnedFd[] file = new OwnedFd[8];
    private boolean[] closeFile = new boolean[8];
    private long[] start = new long[8];
    private long[] end = new long[8];
    private int head;
    private int size;
    private long queuedBytes;
    // Staged, borrowed slices; only while the queue is empty.
    private MemorySegment[] stagedSegment = new MemorySegment[8];
    private long[] stagedOffset = new long[8];
    private long[] stagedLength = new long[8];
    private int staged;
    private long stagedBytes;
    /** write and sendmsg calls made, for tests of batching. */
    long writeCalls;
    /** The budget refused a chunk: bytes were dropped and the connection must be shed. */
    boolean overBudget;

    OutputQueue(LoopContext context, MemoryBudget budget) {
        this.context = context;
        this.budget = budget;
    }

    long pendingBytes() {
        return queuedBytes + stagedBytes;
    }

    /** Whether output waits for the socket (EPOLLOUT wanted). */
    boolean hasQueued() {
        return size > 0;
    }

    boolean hasStaged() {
        return staged > 0;
    }

    boolean isEmpty() {
        return size == 0 && staged == 0;
    }

    /** Adds {@code segment[offset .. offset+length)}: borrowed if nothing waits, else copied. */
    void write(MemorySegment segment, long offset, long length) {
        if (length == 0) {
            return;
        }
        if (size > 0) {
            copyIn(segment, offset, length);
            return;
        }
        if (staged == stagedSegment.length) {
            int n = staged * 2;
            stagedSegment = Arrays.copyOf(stagedSegment, n);
            stagedOffset = Arrays.copyOf(stagedOffset, n);
            stagedLength = Arrays.copyOf(stagedLength, n);
        }
        stagedSegment[staged] = segment;
        stagedOffset[staged] = offset;
        stagedLength[staged++] = length;
        stagedBytes += length;
    }

    /** Copies {@code segment[offset .. offset+length)} into the queue at once. */
    void addCopy(MemorySegment segment, long offset, long length) {
        copyIn(segment, offset, length);
    }

    /** Queues a file range; the caller flushed the staged writes first, so order holds. */
    void addFile(OwnedFd f, long offset, long count, boolean close) {
        int i = push();
        file[i] = f;
        closeFile[i] = close;
        start[i] = offset;
        end[i] = offset + count;
        queuedBytes += count;
    }

    /**
     * Writes what the socket takes: the queue first, then the staged writes; whatever staged
     * bytes remain are copied into the queue, so the caller's memory is free again on return.
     *
     * @return true if everything was written
     */
    boolean flush(StreamSocket socket) throws IOException {
        boolean drained = drainQueue(socket);
        if (staged > 0) {
            long written = drained ? writeStaged(socket) : 0;
            copyStagedTail(written);
        }
        return size == 0;
    }

    private boolean drainQueue(StreamSocket socket) throws IOException {
        while (size > 0) {
            int i = head;
            if (chunk[i] == null) {
                long r = socket.sendfile(file[i], start[i], end[i] - start[i]);
                if (r < 0) {
                    throw new EOFException("the file ended " + (end[i] - start[i]) + " bytes before its queued range");
                }
                if (r == 0) {
                    return false;
                }
                start[i] += r;
                queuedBytes -= r;
                if (start[i] == end[i]) {
                    pop();
                }
                continue;
            }
            MemorySegment iov = SocketCalls.iovScratch();
            int count = 0;
            long total = 0;
            for (int k = 0; k < size && count < SocketCalls.IOV_BATCH; k++) {
                int j = (head + k) & (chunk.length - 1);
                if (chunk[j] == null) {
                    break;
                }
                IoVec.set(iov, count++, chunk[j].memory.address() + start[j], end[j] - start[j]);
                total += end[j] - start[j];
            }
            long written = socket.writeIov(iov, count);
            writeCalls++;
            queuedBytes -= written;
            for (long w = written; w > 0; ) {
                long take = Math.min(w, end[head] - start[head]);
                start[head] += take;
                w -= take;
                if (start[head] == end[head]) {
                    pop();
                }
            }
            if (written < total) {
                return false;
            }
        }
        return true;
    }

    /** One write(2) or sendmsg(2) of as many staged slices as fit one call; returns bytes written. */
    private long writeStaged(StreamSocket socket) throws IOException {
        long written = 0;
        int from = 0;
        while (from < staged) {
            int count = Math.min(staged - from, SocketCalls.IOV_BATCH);
            MemorySegment iov = SocketCalls.iovScratch();
            long total = 0;
            for (int k = 0; k < count; k++) {
                MemorySegment s = SocketFd.requireNative(stagedSegment[from + k]);
                IoVec.set(iov, k, s.address() + stagedOffset[from + k], stagedLength[from + k]);
                total += stagedLength[from + k];
            }
            long w = socket.writeIov(iov, count);
            writeCalls++;
            written += w;
            if (w < total) {
                break;
            }
            from += count;
        }
        return written;
    }

    /** Copies what is left of the staged slices after the first {@code written} bytes, and unstages all. */
    private void copyStagedTail(long written) {
        for (int k = 0; k < staged; k++) {
            long skip = Math.min(written, stagedLength[k]);
            written -= skip;
            if (stagedLength[k] > skip) {
                copyIn(stagedSegment[k], stagedOffset[k] + skip, stagedLength[k] - skip);
            }
            stagedSegment[k] = null;   // the caller's memory must not be kept reachable
        }
        staged = 0;
        stagedBytes = 0;
    }

    private void copyIn(MemorySegment from, long offset, long length) {
        while (length > 0 && !overBudget) {
            int last = (head + size - 1) & (chunk.length - 1);
            if (size == 0 || chunk[last] == null || end[last] == LoopContext.CHUNK_SIZE) {
                LoopContext.Chunk c = context.takeChunk(budget);
                if (c == null) {
                    overBudget = true;   // dropped: the connection is shed, so no byte goes out of order
                    return;
                }
                last = push();
                chunk[last] = c;
                start[last] = 0;
                end[last] = 0;
            }
            long n = Math.min(length, LoopContext.CHUNK_SIZE - end[last]);
            MemorySegment.copy(from, offset, chunk[last].memory, end[last], n);
            end[last] += n;
            offset += n;
            length -= n;
            queuedBytes += n;
        }
    }

    private int push() {
        if (size == chunk.length) {
            grow();
        }
        return (head + size++) & (chunk.length - 1);
    }

    private void pop() {
        int i = head;
        if (chunk[i] != null) {
            context.giveChunk(chunk[i], budget);
            chunk[i] = null;
        } else {
            if (closeFile[i]) {
                file[i].close();
            }
            file[i] = null;
        }
        head = (head + 1) & (chunk.length - 1);
        size--;
    }

    private void grow() {
        int n = chunk.length * 2;
        LoopContext.Chunk[] c = new LoopContext.Chunk[n];
        OwnedFd[] f = new OwnedFd[n];
        boolean[] cf = new boolean[n];
        long[] s = new long[n];
        long[] e = new long[n];
        for (int k = 0; k < size; k++) {
            int j = (head + k) & (chunk.length - 1);
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

    /** Drops everything: chunks back to the pool, files the queue owns closed. */
    void clear() {
        while (size > 0) {
            pop();
        }
        queuedBytes = 0;
        Arrays.fill(stagedSegment, 0, staged, null);
        staged = 0;
        stagedBytes = 0;
    }
}
