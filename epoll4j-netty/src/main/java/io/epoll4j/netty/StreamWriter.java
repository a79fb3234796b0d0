package io.epoll4j.netty;

import io.epoll4j.fd.ErrnoException;
import io.epoll4j.fd.IoVecBatch;
import io.epoll4j.fd.StreamSocket;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.DefaultFileRegion;
import io.netty.channel.FileRegion;
import io.netty.util.ReferenceCountUtil;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.WritableByteChannel;

/**
 * Writes a stream channel's outbound buffer: several buffers in one gathering sendmsg(2)
 * (up to {@link #BATCH} iovecs), a single buffer with send(2), both passing the buffers' memory
 * as {@link ByteBufMemory} says, an {@link Epoll4jFileRegion}
 * with sendfile(2), and any other {@link FileRegion} through its own
 * {@link FileRegion#transferTo} into the socket. Loop thread only.
 */
final class StreamWriter {
    /** {@link #writeSome} result: the socket took nothing; wait for EPOLLOUT. */
    static final int SOCKET_FULL = Integer.MAX_VALUE;
    static final int BATCH = 1024;
    private static final long MAX_BYTES_PER_WRITE = Integer.MAX_VALUE;

    private final AbstractEpoll4jStreamChannel channel;
    private final StreamSocket socket;
    private final ByteBufMemory memory = ByteBufMemory.DEFAULT;
    private final ChannelOutboundBuffer.MessageProcessor gather = this::gather;
    /** The loop's batch while a gathering write fills it ({@link #gather}); null between writes. */
    private IoVecBatch batch;
    private SocketByteChannel byteChannel;

    StreamWriter(AbstractEpoll4jStreamChannel channel, StreamSocket socket) {
        this.channel = channel;
        this.socket = socket;
    }

    /** A direct copy of a heap (or nio-less) buffer, releasing the original. */
    static ByteBuf toDirect(ByteBufAllocator allocator, ByteBuf buf) {
        int readable = buf.readableBytes();
        if (readable == 0) {
            ReferenceCountUtil.release(buf);
            return io.netty.buffer.Unpooled.EMPTY_BUFFER;
        }
        ByteBuf direct = allocator.isDirectBufferPooled() ? allocator.directBuffer(readable)
                : ByteBufUtil.threadLocalDirectBuffer();
        if (direct == null) {
            direct = allocator.directBuffer(readable);
        }
        direct.writeBytes(buf, buf.readerIndex(), readable);
        ReferenceCountUtil.safeRelease(buf);
        return direct;
    }

    /**
     * One write of what the buffer holds.
     *
     * @return 1 if something was written (spin on), {@link #SOCKET_FULL} if the socket took
     *         nothing
     */
    int writeSome(ChannelOutboundBuffer in) throws Exception {
        Object msg = in.current();
        if (msg instanceof ByteBuf && in.size() > 1) {
            return writeGathering(in);
        }
        if (msg instanceof ByteBuf buf) {
            return writeOne(in, buf);
        }
        if (msg instanceof Epoll4jFileRegion region) {
            return sendfile(in, region);
        }
        if (msg instanceof FileRegion region) {
            return transfer(in, region);
        }
        // filterOutboundMessage lets nothing else in.
        throw new IllegalStateException("unexpected message " + msg);
    }

    private int writeOne(ChannelOutboundBuffer in, ByteBuf buf) throws ErrnoException {
        if (!buf.isReadable()) {
            in.remove();
            return 1;
        }
        long written;
        if (memory.isOneRange(buf)) {
            written = socket.write(memory.segment(buf, buf.readerIndex(), buf.readableBytes()));
        } else {
            IoVecBatch b = channel.writeBatch();
            try {
                memory.add(b, buf);
                written = socket.write(b);
            } finally {
                b.clear();
            }
        }
        if (written <= 0) {
            return SOCKET_FULL;
        }
        in.removeBytes(written);
        return 1;
    }

    /**
     * One sendmsg(2) of the flushed buffers, from the first up to the first that is not a
     * {@code ByteBuf} or does not fit ({@link #BATCH} iovecs, {@link #MAX_BYTES_PER_WRITE}
     * bytes). The outbound buffer then moves their reader indices by what was written.
     */
    private int writeGathering(ChannelOutboundBuffer in) throws Exception {
        IoVecBatch b = channel.writeBatch();
        batch = b;
        long written;
        try {
            in.forEachFlushedMessage(gather);
            if (b.isEmpty()) {
                // Only empty buffers were flushed: drop them.
                in.removeBytes(0);
                return 1;
            }
            written = socket.write(b);
        } finally {
            b.clear();
            batch = null;
        }
        if (written <= 0) {
            return SOCKET_FULL;
        }
        in.removeBytes(written);
        return 1;
    }

    /** {@link ChannelOutboundBuffer.MessageProcessor}: adds one flushed buffer to the batch. */
    private boolean gather(Object msg) {
        if (!(msg instanceof ByteBuf buf)) {
            return false;
        }
        IoVecBatch b = batch;
        if (!b.isEmpty() && b.byteCount() + buf.readableBytes() > MAX_BYTES_PER_WRITE) {
            return false;
        }
        return memory.add(b, buf);
    }

    private int sendfile(ChannelOutboundBuffer in, Epoll4jFileRegion region) throws IOException {
        long left = region.count() - region.transferred();
        if (left <= 0) {
            in.remove();
            return 1;
        }
        long sent = socket.sendfile(region.file(), region.position() + region.transferred(), left);
        if (sent == 0) {
            return SOCKET_FULL;
        }
        if (sent < 0) {
            throw new IOException("sendfile(" + region + "): the file ends before the region does ("
                    + region.transferred() + " of " + region.count() + " bytes sent)");
        }
        region.advance(sent);
        in.progress(sent);
        if (region.transferred() >= region.count()) {
            in.remove();
        }
        return 1;
    }

    private int transfer(ChannelOutboundBuffer in, FileRegion region) throws Exception {
        if (region.transferred() >= region.count()) {
            in.remove();
            return 1;
        }
        if (byteChannel == null) {
            byteChannel = new SocketByteChannel();
        }
        long sent = region.transferTo(byteChannel, region.transferred());
        if (sent == 0) {
            if (region instanceof DefaultFileRegion defaultRegion) {
                // Nothing sent and no error: the file may be shorter than the region says.
                channel.validateRegion(defaultRegion, region.transferred());
            }
            return SOCKET_FULL;
        }
        in.progress(sent);
        if (region.transferred() >= region.count()) {
            in.remove();
        }
        return 1;
    }

    /**
     * The socket as a WritableByteChannel for {@link FileRegion#transferTo}: the JDK copies a
     * FileChannel's bytes into a heap buffer for such a target, so heap bytes go through one
     * direct buffer of the writer's own.
     */
    private final class SocketByteChannel implements WritableByteChannel {
        private ByteBuffer staging;

        @Override
        public int write(ByteBuffer src) throws IOException {
            if (!socket.isOpen()) {
                throw new ClosedChannelException();
            }
            if (src.isDirect()) {
                return (int) socket.write(src);
            }
            if (staging == null) {
                staging = ByteBuffer.allocateDirect(64 * 1024);
            }
            int n = Math.min(src.remaining(), staging.capacity());
            staging.clear();
            staging.put(staging.position(), src, src.position(), n).limit(n);
            int written = (int) socket.write(staging);
            src.position(src.position() + written);
            return written;
        }

        @Override
        public boolean isOpen() {
            return socket.isOpen();
        }

        @Override
        public void close() {
            // The channel closes the socket; a region must not.
        }
    }
}
