package io.epoll4j.netty;

import io.epoll4j.fd.SocketFd;
import io.epoll4j.poll.Interest;
import io.epoll4j.poll.Trigger;
import io.netty.channel.AbstractChannel;
import io.netty.channel.Channel;
import io.netty.channel.ChannelMetadata;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.channel.IoEvent;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.RecvByteBufAllocator;

import java.io.UncheckedIOException;
import java.net.SocketAddress;

/**
 * What every channel of this transport shares: an epoll4j socket, its registration with the
 * loop's {@link Epoll4jIoHandler}, and the interest it asks epoll for.
 *
 * <p>The interest is kept here and submitted only when it changes; the trigger comes from
 * {@link Epoll4jChannelOption#TRIGGER}. All of it is touched on the loop's thread only.
 */
abstract class AbstractEpoll4jChannel extends AbstractChannel {
    final SocketFd socket;
    private IoRegistration registration;
    private Epoll4jIoOps ops;
    volatile boolean active;
    volatile SocketAddress local;
    volatile SocketAddress remote;

    AbstractEpoll4jChannel(Channel parent, SocketFd socket, Interest initial, boolean active) {
        super(parent);
        this.socket = socket;
        this.ops = Epoll4jIoOps.of(initial, Trigger.LEVEL);
        this.active = active;
    }

    @Override
    public abstract Epoll4jChannelConfig config();

    @Override
    public boolean isOpen() {
        return socket.isOpen();
    }

    @Override
    public boolean isActive() {
        return active;
    }

    @Override
    protected boolean isCompatible(EventLoop loop) {
        return loop instanceof IoEventLoop io && io.isCompatible(AbstractEpoll4jUnsafe.class);
    }

    @Override
    protected SocketAddress localAddress0() {
        return local;
    }

    @Override
    protected SocketAddress remoteAddress0() {
        return remote;
    }

    @Override
    protected void doRegister(ChannelPromise promise) {
        ((IoEventLoop) eventLoop()).register((AbstractEpoll4jUnsafe) unsafe()).addListener(f -> {
            if (f.isSuccess()) {
                registration = (IoRegistration) f.getNow();
                ops = ops.with(config().getTrigger());
                registration.submit(ops);
                promise.setSuccess();
            } else {
                promise.setFailure(f.cause());
            }
        });
    }

    /**
     * The {@code iovec} array of this channel's loop, for one gathering write.
     *
     * @throws IllegalStateException if the channel is not registered with a loop
     */
    final io.epoll4j.fd.IoVecBatch writeBatch() {
        IoRegistration r = registration;
        if (r == null) {
            throw new IllegalStateException("not registered with an event loop");
        }
        return r.<Epoll4jIoHandler>attachment().writeBatch();
    }

    @Override
    protected void doDeregister() {
        IoRegistration r = registration;
        if (r != null) {
            registration = null;
            r.cancel();
        }
    }

    @Override
    protected void doBeginRead() throws Exception {
        ((AbstractEpoll4jUnsafe) unsafe()).readPending = true;
        addInterest(Interest.READABLE);
    }

    @Override
    protected void doClose() throws Exception {
        active = false;
        socket.close();
    }

    @Override
    protected void doDisconnect() throws Exception {
        doClose();
    }

    /** Asks epoll for {@code more} too (epoll_ctl MOD only if something changed). */
    final void addInterest(Interest more) {
        Epoll4jIoOps next = ops.with(more);
        if (next != ops) {
            ops = next;
            submit();
        }
    }

    /** Stops asking epoll for {@code less}. */
    final void removeInterest(Interest less) {
        if ((ops.interest().flags() & less.flags()) == 0) {
            // Every write that empties the outbound buffer gets here: most often nothing to do.
            return;
        }
        Epoll4jIoOps next = ops.without(less);
        if (next != ops) {
            ops = next;
            submit();
        }
    }

    final boolean hasInterest(Interest wanted) {
        return ops.contains(wanted);
    }

    final boolean isEdgeTriggered() {
        return ops.trigger().isEdge();
    }

    /** AUTO_READ was cleared, from any thread. */
    final void readInterestNoLongerWanted() {
        if (!isRegistered()) {
            ops = ops.without(Interest.READABLE);
            return;
        }
        EventLoop loop = eventLoop();
        AbstractEpoll4jUnsafe unsafe = (AbstractEpoll4jUnsafe) unsafe();
        if (loop.inEventLoop()) {
            unsafe.clearReadInterest();
        } else {
            loop.execute(() -> {
                if (!unsafe.readPending && !config().isAutoRead()) {
                    unsafe.clearReadInterest();
                }
            });
        }
    }

    /** The trigger option changed: applied on the loop's thread. */
    final void triggerChanged(Trigger trigger) {
        if (!isRegistered()) {
            return;
        }
        EventLoop loop = eventLoop();
        if (loop.inEventLoop()) {
            applyTrigger(trigger);
        } else {
            loop.execute(() -> applyTrigger(trigger));
        }
    }

    private void applyTrigger(Trigger trigger) {
        Epoll4jIoOps next = ops.with(trigger);
        if (next != ops) {
            ops = next;
            submit();
            if (trigger.isEdge()) {
                // The level that was there may produce no new edge: look once now.
                ((AbstractEpoll4jUnsafe) unsafe()).scheduleReadIfPending();
            }
        }
    }

    private void submit() {
        IoRegistration r = registration;
        if (r == null || !isOpen()) {
            return;
        }
        try {
            r.submit(ops);
        } catch (UncheckedIOException e) {
            // The interest list refused a live fd: nothing sensible can go on with this channel.
            pipeline().fireExceptionCaught(e.getCause());
            unsafe().close(unsafe().voidPromise());
        }
    }

    @Override
    protected abstract AbstractEpoll4jUnsafe newUnsafe();

    /** The unsafe of every channel here is the {@link Epoll4jIoHandle} the loop drives. */
    abstract class AbstractEpoll4jUnsafe extends AbstractUnsafe implements Epoll4jIoHandle {
        boolean readPending;
        private Epoll4jRecvHandle recvHandle;
        private final Runnable readLater = this::readLater;
        private boolean readScheduled;

        @Override
        public final SocketFd fd() {
            return socket;
        }

        @Override
        public final void close() {
            close(voidPromise());
        }

        @Override
        public final void handle(IoRegistration r, IoEvent ioEvent) {
            Epoll4jIoEvent event = (Epoll4jIoEvent) ioEvent;
            if (event.isWritable() || event.isError()) {
                writeReady();
            }
            // EPOLLHUP alone is no reason to read: a socket not yet listening or connected is
            // in TCP_CLOSE, which tcp_poll reports as EPOLLHUP. A peer's close comes with EPOLLIN.
            if (event.isReadable() || event.isError()) {
                readReady();
            }
            if (event.isReadClosed() && isOpen()) {
                readClosed();
            }
        }

        /** EPOLLOUT (or an error that the next write will report). */
        abstract void writeReady();

        /** EPOLLIN: read what there is, as far as the allocator handle allows. */
        abstract void readReady();

        /** EPOLLRDHUP: the peer shut its writing half. Only stream channels ask for it. */
        void readClosed() {
            removeInterest(Interest.READ_CLOSED);
        }

        @Override
        public Epoll4jRecvHandle recvBufAllocHandle() {
            if (recvHandle == null) {
                recvHandle = new Epoll4jRecvHandle((RecvByteBufAllocator.ExtendedHandle) super.recvBufAllocHandle(),
                        AbstractEpoll4jChannel.this);
            }
            return recvHandle;
        }

        /** Nobody wants to read now: stop asking for EPOLLIN. */
        final void clearReadInterest() {
            readPending = false;
            removeInterest(Interest.READABLE);
        }

        final boolean shouldStopReading() {
            return !readPending && !config().isAutoRead();
        }

        /**
         * After a read loop the allocator handle cut short: with an edge trigger no new event
         * comes for bytes already queued, so the loop looks again in a task of its own.
         */
        final void readIncomplete(boolean maybeMore) {
            if (maybeMore && isEdgeTriggered() && !shouldStopReading()) {
                scheduleReadIfPending();
            } else if (shouldStopReading()) {
                clearReadInterest();
            }
        }

        final void scheduleReadIfPending() {
            if (!readScheduled && isOpen()) {
                readScheduled = true;
                eventLoop().execute(readLater);
            }
        }

        private void readLater() {
            readScheduled = false;
            if (isOpen() && hasInterest(Interest.READABLE)) {
                readReady();
            }
        }
    }

    @Override
    public ChannelMetadata metadata() {
        return METADATA;
    }

    private static final ChannelMetadata METADATA = new ChannelMetadata(false, 16);
}
