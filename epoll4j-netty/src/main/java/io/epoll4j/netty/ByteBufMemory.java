package io.epoll4j.netty;

import io.epoll4j.fd.ErrnoException;
import io.epoll4j.fd.IoVecBatch;
import io.epoll4j.fd.StreamSocket;
import io.netty.buffer.ByteBuf;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;

/**
 * The native memory of a direct {@link ByteBuf} as the socket calls take it: its writable bytes
 * for a read, its readable bytes for a write or an iovec.
 *
 * <p>{@link #read} receives into a buffer's writable bytes and moves its writer index,
 * {@link #write} sends its readable bytes and leaves its indices, {@link #add} appends them to
 * an {@link IoVecBatch} for a gathering write.
 *
 * <h2>By address, as Netty's JNI transport does</h2>
 * A buffer with a {@linkplain ByteBuf#hasMemoryAddress() memory address} is passed as a range,
 * at that address, of one segment that spans the address space and is made once: a read, a
 * write or an iovec then costs no object, where wrapping the buffer's NIO view costs a
 * {@code ByteBuffer} per buffer (Netty's pooled buffers make their view afresh each time they
 * are reused) and, in a gathering write, a segment per iovec. Making that segment is a
 * restricted operation ({@link MemorySegment#reinterpret(long)}), so it is made only when this
 * module has native access: on the class path {@code --enable-native-access=ALL-UNNAMED}, on
 * the module path {@code --enable-native-access=io.epoll4j.core,io.epoll4j.netty}. Every range
 * is the buffer's own, from an address the buffer reports while the channel holds a reference
 * to it, bounded by its indices: the segment never reaches memory the buffer does not own.
 *
 * <h2>Otherwise through NIO</h2>
 * Without native access, or for a buffer without an address, the buffer's NIO view is wrapped
 * with {@link MemorySegment#ofBuffer}, which every module may do.
 */
final class ByteBufMemory {
    /** Through addresses if this module has native access, else through NIO views. */
    static final ByteBufMemory DEFAULT = ByteBufMemory.class.getModule().isNativeAccessEnabled()
            ? byAddress() : throughNio();

    private final MemorySegment everything;

    private ByteBufMemory(MemorySegment everything) {
        this.everything = everything;
    }

    /** Passes buffers that have a memory address by address; needs native access. */
    static ByteBufMemory byAddress() {
        return new ByteBufMemory(MemorySegment.NULL.reinterpret(Long.MAX_VALUE));
    }

    /** Passes every buffer through its NIO view. */
    static ByteBufMemory throughNio() {
        return new ByteBufMemory(null);
    }

    /** Whether buffers with an address are passed by address. */
    boolean isByAddress() {
        return everything != null;
    }

    /**
     * recv(2) into the buffer's writable bytes, moving its writer index by what came.
     *
     * @return bytes read, {@code 0} if it would block, {@code -1} at end of stream
     */
    long read(StreamSocket socket, ByteBuf buf) throws ErrnoException {
        int index = buf.writerIndex();
        long n = socket.read(segment(buf, index, buf.writableBytes()));
        if (n > 0) {
            buf.writerIndex(index + (int) n);
        }
        return n;
    }

    /** Whether the buffer's bytes are one range: by address, or in one NIO buffer. */
    boolean isOneRange(ByteBuf buf) {
        return everything != null && buf.hasMemoryAddress() || buf.nioBufferCount() == 1;
    }

    /**
     * send(2) of the buffer's readable bytes, the first NIO buffer's worth if they are not
     * {@linkplain #isOneRange one range}; its indices stay (the outbound buffer moves them by
     * what was written).
     *
     * @return bytes written, {@code 0} if it would block
     */
    long write(StreamSocket socket, ByteBuf buf) throws ErrnoException {
        return socket.write(segment(buf, buf.readerIndex(), buf.readableBytes()));
    }

    /**
     * Appends the buffer's readable bytes to the batch: one iovec at its address, or one per
     * NIO buffer. An empty buffer adds nothing and counts as added.
     *
     * @return false, adding nothing, if the batch has too few slots left
     */
    boolean add(IoVecBatch batch, ByteBuf buf) {
        int readable = buf.readableBytes();
        if (readable == 0) {
            return true;
        }
        if (everything != null && buf.hasMemoryAddress()) {
            return batch.add(everything, buf.memoryAddress() + buf.readerIndex(), readable);
        }
        int count = buf.nioBufferCount();
        if (count == 1) {
            return batch.add(MemorySegment.ofBuffer(buf.internalNioBuffer(buf.readerIndex(), readable)));
        }
        if (batch.capacity() - batch.count() < count) {
            return false;
        }
        for (ByteBuffer nio : buf.nioBuffers(buf.readerIndex(), readable)) {
            batch.add(MemorySegment.ofBuffer(nio));
        }
        return true;
    }

    /**
     * {@code buf[index .. index+length)} as a segment: a slice of the address space, or the
     * buffer's (first) NIO view.
     */
    MemorySegment segment(ByteBuf buf, int index, int length) {
        if (everything != null && buf.hasMemoryAddress()) {
            return everything.asSlice(buf.memoryAddress() + index, length);
        }
        ByteBuffer nio = buf.nioBufferCount() == 1 ? buf.internalNioBuffer(index, length)
                : buf.nioBuffers(index, length)[0];
        return MemorySegment.ofBuffer(nio);
    }
}
