package io.epoll4j.fd;

import io.epoll4j.sys.IoVec;
import io.epoll4j.sys.MsgHdr;
import io.epoll4j.sys.SocketCalls;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Objects;

/**
 * A reusable {@code struct iovec} array: fill it with segments, hand it to one gathering write
 * (writev(2), or sendmsg(2) on a stream socket) or scattering read (readv(2)), clear it, fill
 * it again. Nothing is allocated per use.
 *
 * {@snippet :
 * void send(TcpStream stream, MemorySegment header, MemorySegment body, long offset) throws ErrnoException {
 *     IoVecBatch batch = IoVecBatch.allocate(16);
 *     batch.add(header);                        // whole segment
 *     batch.add(body, offset, length);          // or a range of one, without slicing it
 *     long written = stream.write(batch);       // one sendmsg(2); 0 if it would block
 *     batch.clear();
 * }
 * }
 *
 * <h2>What it holds</h2>
 * Each element records a segment's address and a length; the batch also keeps a reference to
 * the segment until {@link #clear()}, so memory of an automatic arena stays reachable while
 * the batch points into it. The segments must stay alive (their arena open) until the call
 * that takes the batch returns. The memory must be native ({@link OwnedFd#requireNative}).
 *
 * <p>A stream socket keeps its own {@code struct msghdr} beside the array (see
 * {@link StreamSocket#write(IoVecBatch)}): the batch carries it, so sendmsg needs no scratch.
 * Not thread-safe: one batch per thread or per connection.
 */
public final class IoVecBatch {
    /** The most segments one call takes ({@code IOV_MAX}); a batch holds at most this many. */
    public static final int MAX_CAPACITY = SocketCalls.IOV_MAX;

    private final MemorySegment iov;
    private final MemorySegment msghdr;
    private final MemorySegment[] held;
    private int count;
    private long bytes;

    private IoVecBatch(MemorySegment memory, int capacity) {
        this.msghdr = memory.asSlice(0, MsgHdr.SIZE);
        this.iov = memory.asSlice(MsgHdr.SIZE, capacity * IoVec.SIZE);
        this.held = new MemorySegment[capacity];
        MsgHdr.init(msghdr, iov);
    }

    /** A batch of up to {@code capacity} segments in memory the garbage collector frees. */
    public static IoVecBatch allocate(int capacity) {
        return allocate(Arena.ofAuto(), capacity);
    }

    /**
     * A batch of up to {@code capacity} segments in memory of {@code arena}; unusable once the
     * arena closes.
     *
     * @throws IllegalArgumentException unless {@code 1 <= capacity <= MAX_CAPACITY}
     */
    public static IoVecBatch allocate(Arena arena, int capacity) {
        Objects.requireNonNull(arena, "arena");
        if (capacity < 1 || capacity > MAX_CAPACITY) {
            throw new IllegalArgumentException("an iovec batch holds 1 to " + MAX_CAPACITY
                    + " segments (IOV_MAX), not " + capacity);
        }
        return new IoVecBatch(arena.allocate(MsgHdr.SIZE + capacity * IoVec.SIZE, 16), capacity);
    }

    /**
     * Appends all of {@code segment}.
     *
     * @return false, adding nothing, if the batch is full
     */
    public boolean add(MemorySegment segment) {
        return add(segment, 0, segment.byteSize());
    }

    /**
     * Appends {@code segment[offset .. offset+length)} without slicing the segment. An empty
     * range is not added (it would only take a slot) and counts as added.
     *
     * @return false, adding nothing, if the batch is full
     * @throws IndexOutOfBoundsException if the range is not inside the segment
     * @throws IllegalArgumentException  if the segment is not native memory
     */
    public boolean add(MemorySegment segment, long offset, long length) {
        Objects.checkFromIndexSize(offset, length, segment.byteSize());
        OwnedFd.requireNative(segment);
        if (length == 0) {
            return true;
        }
        if (count == held.length) {
            return false;
        }
        IoVec.set(iov, count, segment.address() + offset, length);
        held[count++] = segment;
        bytes += length;
        return true;
    }

    /** Empties the batch and lets go of the segments it held. */
    public void clear() {
        Arrays.fill(held, 0, count, null);
        count = 0;
        bytes = 0;
    }

    /** How many segments the batch holds. */
    public int count() {
        return count;
    }

    /** How many segments it can hold. */
    public int capacity() {
        return held.length;
    }

    /** The bytes of all the ranges added, what a call would transfer if it took them all. */
    public long byteCount() {
        return bytes;
    }

    /** Whether nothing has been added since the last clear. */
    public boolean isEmpty() {
        return count == 0;
    }

    /** Whether every iovec slot is taken. */
    public boolean isFull() {
        return count == held.length;
    }

    /** The iovec array, for readv(2) and writev(2). */
    MemorySegment iov() {
        return iov;
    }

    /** The msghdr over the array, its length set to the segments held, for sendmsg(2). */
    MemorySegment msghdr() {
        MsgHdr.setIovLen(msghdr, count);
        return msghdr;
    }

    @Override
    public String toString() {
        return "IoVecBatch[" + count + " of " + held.length + " segments, " + bytes + " bytes]";
    }
}
