package io.epoll4j.netty;

import io.epoll4j.fd.ErrnoException;
import io.epoll4j.fd.StreamSocket;
import io.epoll4j.poll.Interest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.channel.FileRegion;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.ChannelInputShutdownReadComplete;
import io.netty.channel.socket.DuplexChannel;
import io.netty.channel.socket.DuplexChannelConfig;
import io.netty.util.internal.StringUtil;

import java.io.IOException;
import java.net.SocketAddress;

/**
 * A connected byte stream (TCP or Unix): reading into the allocator handle's buffers,
 * writing the outbound buffer (see {@link StreamWriter}), half-closure in both directions,
 * and the non-blocking connect of {@link StreamConnector}.
 */
abstract class AbstractEpoll4jStreamChannel extends AbstractEpoll4jChannel implements DuplexChannel {
    private final StreamWriter writer;
    private volatile boolean inputShutdown;
    private volatile boolean outputShutdown;
    private boolean endOfInputSeen;

    AbstractEpoll4jStreamChannel(Channel parent, StreamSocket socket, boolean active) {
        // EPOLLRDHUP from the start: a peer's half-close is seen even while nobody reads.
        super(parent, socket, Interest.READ_CLOSED, active);
        this.writer = new StreamWriter(this, socket);
    }

    final StreamSocket stream() {
        return (StreamSocket) socket;
    }

    /** Whether the peer's half-close is delivered as an event rather than closing the channel. */
    abstract boolean isAllowHalfClosure();

    /**
     * Binds {@code local} if given, then connect(2)s, non-blocking; sets {@link #local}.
     *
     * @return true if connected at once (then {@link #connected} was called)
     */
    abstract boolean startConnect(SocketAddress remote, SocketAddress local) throws ErrnoException;

    /** The connect to {@code requested} completed: learn the addresses. */
    abstract void connected(SocketAddress requested) throws ErrnoException;

    /** {@code DefaultFileRegion}'s own check that its file is as long as it says. */
    final void validateRegion(io.netty.channel.DefaultFileRegion region, long position) throws IOException {
        validateFileRegion(region, position);
    }

    /** Closes the socket after a connect that failed at once; a second failure adds nothing. */
    final void doCloseQuietly() {
        active = false;
        socket.close();
    }

    @Override
    protected Object filterOutboundMessage(Object msg) {
        if (msg instanceof ByteBuf buf) {
            // The socket reads native memory only: heap bytes are copied out once, here. An
            // address is the common case and the cheapest question to ask a pooled buffer.
            return buf.hasMemoryAddress() || buf.isDirect() && buf.nioBufferCount() > 0 ? buf
                    : StreamWriter.toDirect(alloc(), buf);
        }
        if (msg instanceof FileRegion) {
            return msg;
        }
        throw new UnsupportedOperationException("unsupported message type: " + StringUtil.simpleClassName(msg)
                + " (expected ByteBuf or FileRegion)");
    }

    @Override
    protected void doWrite(ChannelOutboundBuffer in) throws Exception {
        int spins = config().getWriteSpinCount();
        while (true) {
            if (in.isEmpty()) {
                removeInterest(Interest.WRITABLE);
                return;
            }
            int result = writer.writeSome(in);
            if (result == StreamWriter.SOCKET_FULL) {
                addInterest(Interest.WRITABLE);
                return;
            }
            spins -= result;
            if (spins <= 0) {
                // Give other channels a turn; go on in a task of our own, not on EPOLLOUT.
                removeInterest(Interest.WRITABLE);
                eventLoop().execute(((Epoll4jStreamUnsafe) unsafe()).flushLater);
                return;
            }
        }
    }

    @Override
    protected void doShutdownOutput() throws Exception {
        // Marked first: inet_shutdown(2) sets the socket's shutdown bits even when it fails with
        // ENOTCONN, and the poll flags that follow must not read as the peer's close.
        outputShutdown = true;
        try {
            stream().shutdownOutput();
        } catch (ErrnoException e) {
            throw notYetConnected(e);
        }
    }

    /** shutdown(2) of a socket never connected is ENOTCONN: Netty's callers expect NotYetConnectedException. */
    private static Exception notYetConnected(ErrnoException e) {
        if (e.errno() == ErrnoException.ENOTCONN) {
            java.nio.channels.NotYetConnectedException n = new java.nio.channels.NotYetConnectedException();
            n.initCause(e);
            return n;
        }
        return e;
    }

    @Override
    protected void doClose() throws Exception {
        try {
            ((Epoll4jStreamUnsafe) unsafe()).connector.closed();
        } finally {
            super.doClose();
        }
    }

    @Override
    public boolean isInputShutdown() {
        return inputShutdown || !isOpen();
    }

    @Override
    public boolean isOutputShutdown() {
        return outputShutdown || !isOpen();
    }

    @Override
    public boolean isShutdown() {
        return isInputShutdown() && isOutputShutdown();
    }

    @Override
    public ChannelFuture shutdownOutput() {
        return shutdownOutput(newPromise());
    }

    @Override
    public ChannelFuture shutdownOutput(ChannelPromise promise) {
        EventLoop loop = eventLoop();
        if (loop.inEventLoop()) {
            ((AbstractUnsafe) unsafe()).shutdownOutput(promise);
        } else {
            loop.execute(() -> ((AbstractUnsafe) unsafe()).shutdownOutput(promise));
        }
        return promise;
    }

    @Override
    public ChannelFuture shutdownInput() {
        return shutdownInput(newPromise());
    }

    @Override
    public ChannelFuture shutdownInput(ChannelPromise promise) {
        EventLoop loop = eventLoop();
        if (loop.inEventLoop()) {
            shutdownInputNow(promise);
        } else {
            loop.execute(() -> shutdownInputNow(promise));
        }
        return promise;
    }

    private void shutdownInputNow(ChannelPromise promise) {
        if (!isOpen()) {
            promise.setFailure(new java.nio.channels.ClosedChannelException());
            return;
        }
        // Marked first, as for the output: a failed SHUT_RD still makes the socket report EPOLLIN|EPOLLRDHUP.
        inputShutdown = true;
        try {
            stream().shutdownInput();
            promise.setSuccess();
        } catch (ErrnoException e) {
            promise.setFailure(notYetConnected(e));
        } catch (RuntimeException e) {
            promise.setFailure(e);
        }
    }

    @Override
    public ChannelFuture shutdown() {
        return shutdown(newPromise());
    }

    @Override
    public ChannelFuture shutdown(ChannelPromise promise) {
        ChannelFuture output = shutdownOutput();
        output.addListener(o -> shutdownInput().addListener(i -> {
            Throwable cause = o.cause() != null ? o.cause() : i.cause();
            if (cause == null) {
                promise.setSuccess();
            } else {
                promise.setFailure(cause);
            }
        }));
        return promise;
    }

    @Override
    protected abstract Epoll4jStreamUnsafe newUnsafe();

    /** Reading, the peer's half-close, and the connect. */
    class Epoll4jStreamUnsafe extends AbstractEpoll4jUnsafe {
        final StreamConnector connector = new StreamConnector(AbstractEpoll4jStreamChannel.this);
        final Runnable flushLater = this::flushLater;

        @Override
        public void connect(SocketAddress remote, SocketAddress localAddress, ChannelPromise promise) {
            if (promise.isDone() || !ensureOpen(promise)) {
                return;
            }
            connector.connect(remote, localAddress, promise);
        }

        /** The failure carries the address already (see {@link Errors#connectFailed}). */
        void connectFailed(ChannelPromise promise, Throwable cause) {
            promise.tryFailure(cause);
            closeIfClosed();
        }

        @Override
        void writeReady() {
            if (connector.isPending()) {
                connector.finish();
            } else if (!outputShutdown) {
                super.flush0();
            }
        }

        @Override
        protected final void flush0() {
            // While waiting for EPOLLOUT the event does the flush; writing now would only fail.
            if (!hasInterest(Interest.WRITABLE)) {
                super.flush0();
            }
        }

        private void flushLater() {
            super.flush0();
        }

        @Override
        void readClosed() {
            recvBufAllocHandle().readClosed();
            if (isActive()) {
                readReady();
            } else {
                shutdownInputOnEof(true);
            }
            super.readClosed();
        }

        private boolean shouldBreakReading() {
            return inputShutdown && (endOfInputSeen || !isAllowHalfClosure());
        }

        @Override
        void readReady() {
            if (shouldBreakReading()) {
                clearReadInterest();
                return;
            }
            DuplexChannelConfig config = (DuplexChannelConfig) config();
            Epoll4jRecvHandle handle = recvBufAllocHandle();
            ChannelPipeline pipeline = pipeline();
            ByteBufAllocator allocator = config.getAllocator();
            handle.reset(config);
            ByteBuf buf = null;
            boolean endOfStream = false;
            boolean maybeMore = false;
            try {
                do {
                    buf = handle.allocate(allocator);
                    if (!buf.isDirect()) {
                        buf.release();
                        buf = allocator.directBuffer(handle.guess());
                    }
                    handle.lastBytesRead(readInto(buf, handle));
                    if (handle.lastBytesRead() <= 0) {
                        buf.release();
                        buf = null;
                        endOfStream = handle.lastBytesRead() < 0;
                        if (endOfStream) {
                            readPending = false;
                        }
                        break;
                    }
                    handle.incMessagesRead(1);
                    readPending = false;
                    pipeline.fireChannelRead(buf);
                    buf = null;
                    if (shouldBreakReading() || !isOpen()) {
                        break;
                    }
                } while (handle.continueReading());
                maybeMore = !endOfStream && handle.lastBytesRead() > 0;
                handle.readComplete();
                pipeline.fireChannelReadComplete();
                if (endOfStream) {
                    shutdownInputOnEof(true);
                }
            } catch (Throwable t) {
                handleReadFailure(pipeline, buf, t, endOfStream, handle);
            } finally {
                readIncomplete(maybeMore);
            }
        }

        private int readInto(ByteBuf buf, Epoll4jRecvHandle handle) throws ErrnoException {
            handle.attemptedBytesRead(buf.writableBytes());
            return (int) ByteBufMemory.DEFAULT.read(stream(), buf);
        }

        private void handleReadFailure(ChannelPipeline pipeline, ByteBuf buf, Throwable cause, boolean endOfStream,
                                       Epoll4jRecvHandle handle) {
            if (buf != null) {
                if (buf.isReadable()) {
                    readPending = false;
                    pipeline.fireChannelRead(buf);
                } else {
                    buf.release();
                }
            }
            handle.readComplete();
            pipeline.fireChannelReadComplete();
            pipeline.fireExceptionCaught(cause);
            if (endOfStream || cause instanceof IOException || cause instanceof OutOfMemoryError) {
                shutdownInputOnEof(true);
            }
        }

        /**
         * The peer will send no more. With half-closure allowed the channel stays open and the
         * pipeline hears {@link ChannelInputShutdownEvent}, then, once everything was read,
         * {@link ChannelInputShutdownReadComplete}; otherwise the channel closes.
         */
        void shutdownInputOnEof(boolean allRead) {
            if (!inputShutdown) {
                if (!isAllowHalfClosure()) {
                    close(voidPromise());
                    return;
                }
                try {
                    stream().shutdownInput();
                } catch (ErrnoException e) {
                    // ENOTCONN: the connection is gone altogether; the input is shut either way.
                    inputShutdown = true;
                    pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
                    close(voidPromise());
                    return;
                }
                inputShutdown = true;
                if (shouldStopReading()) {
                    clearReadInterest();
                }
                pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
            }
            if (allRead && !endOfInputSeen) {
                endOfInputSeen = true;
                pipeline().fireUserEventTriggered(ChannelInputShutdownReadComplete.INSTANCE);
            }
        }
    }
}
