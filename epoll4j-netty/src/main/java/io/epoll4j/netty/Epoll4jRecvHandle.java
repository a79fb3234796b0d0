package io.epoll4j.netty;

import io.netty.channel.RecvByteBufAllocator;
import io.netty.util.UncheckedBooleanSupplier;

/**
 * The channel's {@link RecvByteBufAllocator} handle, taught what epoll's trigger means for
 * "is there more to read": level-triggered, a read that filled the buffer may have left more
 * (a short read emptied the socket, and the next event says if more came); edge-triggered,
 * any read that got bytes may have left more, since no new event comes for bytes already
 * queued. Once the peer has shut its half ({@code EPOLLRDHUP}), reading goes on to the end of
 * the stream.
 */
final class Epoll4jRecvHandle extends RecvByteBufAllocator.DelegatingHandle
        implements RecvByteBufAllocator.ExtendedHandle {
    private final AbstractEpoll4jChannel channel;
    private final UncheckedBooleanSupplier maybeMore = this::maybeMoreToRead;
    private boolean readClosed;

    Epoll4jRecvHandle(RecvByteBufAllocator.ExtendedHandle delegate, AbstractEpoll4jChannel channel) {
        super(delegate);
        this.channel = channel;
    }

    /** The peer shut its writing half: read to the end of the stream. */
    void readClosed() {
        readClosed = true;
    }

    boolean isReadClosed() {
        return readClosed;
    }

    boolean maybeMoreToRead() {
        return channel.isEdgeTriggered() ? lastBytesRead() > 0 : lastBytesRead() == attemptedBytesRead();
    }

    @Override
    public boolean continueReading() {
        return continueReading(maybeMore);
    }

    @Override
    public boolean continueReading(UncheckedBooleanSupplier maybeMoreDataSupplier) {
        return readClosed && lastBytesRead() > 0
                || ((RecvByteBufAllocator.ExtendedHandle) delegate()).continueReading(maybeMoreDataSupplier);
    }
}
