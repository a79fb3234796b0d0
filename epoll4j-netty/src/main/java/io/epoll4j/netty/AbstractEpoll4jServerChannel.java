package io.epoll4j.netty;

import io.epoll4j.fd.ErrnoException;
import io.epoll4j.fd.SocketFd;
import io.epoll4j.poll.Interest;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.channel.ServerChannel;

import java.net.SocketAddress;

/**
 * A listening socket: each EPOLLIN accepts connections (accept4, non-blocking and
 * close-on-exec) until the kernel's queue is empty or the allocator handle says enough, and
 * hands each to the pipeline as a new child channel.
 */
abstract class AbstractEpoll4jServerChannel extends AbstractEpoll4jChannel implements ServerChannel {
    AbstractEpoll4jServerChannel(SocketFd socket) {
        super(null, socket, Interest.NONE, false);
    }

    /** accept4(2) one connection as a child channel, or null when none is queued. */
    abstract Channel acceptChild() throws ErrnoException;

    @Override
    protected void doWrite(ChannelOutboundBuffer in) {
        throw new UnsupportedOperationException("a listening channel writes nothing");
    }

    @Override
    protected Object filterOutboundMessage(Object msg) {
        throw new UnsupportedOperationException("a listening channel writes nothing");
    }

    @Override
    protected AbstractEpoll4jUnsafe newUnsafe() {
        return new ServerUnsafe();
    }

    private final class ServerUnsafe extends AbstractEpoll4jUnsafe {
        @Override
        public void connect(SocketAddress remote, SocketAddress local, ChannelPromise promise) {
            promise.setFailure(new UnsupportedOperationException("a listening channel does not connect"));
        }

        @Override
        void writeReady() {
            // Never asked for.
        }

        @Override
        void readReady() {
            if (!isOpen()) {
                return;
            }
            Epoll4jRecvHandle handle = recvBufAllocHandle();
            ChannelPipeline pipeline = pipeline();
            handle.reset(config());
            // Accepting has no byte counts: "one message attempted, one read" keeps the
            // handle's loop going while connections come.
            handle.attemptedBytesRead(1);
            Throwable failure = null;
            boolean maybeMore = false;
            try {
                do {
                    Channel child = acceptChild();
                    if (child == null) {
                        handle.lastBytesRead(0);
                        break;
                    }
                    handle.lastBytesRead(1);
                    handle.incMessagesRead(1);
                    readPending = false;
                    pipeline.fireChannelRead(child);
                } while (handle.continueReading() && isOpen());
                maybeMore = handle.lastBytesRead() > 0;
            } catch (Throwable t) {
                failure = t;
            }
            handle.readComplete();
            pipeline.fireChannelReadComplete();
            if (failure != null) {
                pipeline.fireExceptionCaught(failure);
            }
            readIncomplete(maybeMore);
        }
    }
}
