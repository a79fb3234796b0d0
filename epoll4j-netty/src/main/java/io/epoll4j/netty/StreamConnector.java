package io.epoll4j.netty;

import io.epoll4j.fd.ErrnoException;
import io.epoll4j.poll.Interest;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelPromise;
import io.netty.channel.ConnectTimeoutException;
import io.netty.util.concurrent.Future;

import java.net.SocketAddress;
import java.nio.channels.AlreadyConnectedException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ConnectionPendingException;
import java.util.concurrent.TimeUnit;

/**
 * The non-blocking connect(2) of one stream channel, as connect(2) describes it: start it,
 * wait for {@code EPOLLOUT}, read {@code SO_ERROR}. A {@code CONNECT_TIMEOUT_MILLIS} timer
 * fails the promise with {@link ConnectTimeoutException} and closes the channel; cancelling
 * the promise closes it too. Loop thread only.
 */
final class StreamConnector {
    private final AbstractEpoll4jStreamChannel channel;
    private ChannelPromise pending;
    private SocketAddress requested;
    private Future<?> timeout;

    StreamConnector(AbstractEpoll4jStreamChannel channel) {
        this.channel = channel;
    }

    boolean isPending() {
        return pending != null;
    }

    void connect(SocketAddress remote, SocketAddress local, ChannelPromise promise) {
        AbstractEpoll4jStreamChannel.Epoll4jStreamUnsafe unsafe =
                (AbstractEpoll4jStreamChannel.Epoll4jStreamUnsafe) channel.unsafe();
        try {
            if (pending != null) {
                throw new ConnectionPendingException();
            }
            if (channel.remote != null) {
                // connect(2) after an EINPROGRESS that later succeeded is not EISCONN: check first.
                throw new AlreadyConnectedException();
            }
            boolean wasActive = channel.isActive();
            boolean connected;
            try {
                connected = channel.startConnect(remote, local);
            } catch (ErrnoException e) {
                channel.doCloseQuietly();
                throw Errors.connectFailed(e, remote);
            }
            if (connected) {
                fulfil(promise, wasActive);
                return;
            }
            pending = promise;
            requested = remote;
            channel.addInterest(Interest.WRITABLE);
            int millis = channel.config().getConnectTimeoutMillis();
            if (millis > 0) {
                timeout = channel.eventLoop().schedule(() -> timedOut(millis, remote), millis, TimeUnit.MILLISECONDS);
            }
            promise.addListener((ChannelFutureListener) f -> {
                if (f.isCancelled()) {
                    cancelTimeout();
                    pending = null;
                    unsafe.close(unsafe.voidPromise());
                }
            });
        } catch (Throwable t) {
            unsafe.connectFailed(promise, t);
        }
    }

    private void timedOut(int millis, SocketAddress remote) {
        ChannelPromise p = pending;
        if (p != null && !p.isDone() && p.tryFailure(new ConnectTimeoutException(
                "connection timed out after " + millis + " ms: " + remote))) {
            channel.unsafe().close(channel.unsafe().voidPromise());
        }
    }

    /** EPOLLOUT (or EPOLLERR) while connecting: the handshake ended one way or the other. */
    void finish() {
        boolean stillConnecting = false;
        ChannelPromise p = pending;
        try {
            boolean wasActive = channel.isActive();
            if (!channel.stream().finishConnect()) {
                stillConnecting = true;
                return;
            }
            channel.removeInterest(Interest.WRITABLE);
            channel.connected(requested);
            requested = null;
            clear();
            fulfil(p, wasActive);
        } catch (ErrnoException e) {
            clear();
            AbstractEpoll4jStreamChannel.Epoll4jStreamUnsafe unsafe =
                    (AbstractEpoll4jStreamChannel.Epoll4jStreamUnsafe) channel.unsafe();
            unsafe.connectFailed(p, Errors.connectFailed(e, requested));
        } finally {
            if (!stillConnecting) {
                clear();
            }
        }
    }

    private void clear() {
        cancelTimeout();
        pending = null;
    }

    private void fulfil(ChannelPromise promise, boolean wasActive) {
        channel.active = true;
        // Read before trySuccess: a listener may close the channel, and channelActive is owed anyway.
        boolean active = channel.isActive();
        boolean taken = promise.trySuccess();
        if (!wasActive && active) {
            channel.pipeline().fireChannelActive();
        }
        if (!taken) {
            // The user cancelled the connect meanwhile.
            channel.unsafe().close(channel.unsafe().voidPromise());
        }
    }

    /** The channel is closing: a connect still pending fails. */
    void closed() {
        ChannelPromise p = pending;
        if (p != null) {
            pending = null;
            p.tryFailure(new ClosedChannelException());
        }
        cancelTimeout();
    }

    private void cancelTimeout() {
        Future<?> t = timeout;
        if (t != null) {
            timeout = null;
            t.cancel(false);
        }
    }
}
