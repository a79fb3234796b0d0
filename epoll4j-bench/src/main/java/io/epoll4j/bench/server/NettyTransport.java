package io.epoll4j.bench.server;

import io.epoll4j.netty.Epoll4jIoHandler;
import io.epoll4j.netty.Epoll4jServerSocketChannel;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;

/**
 * The three Netty transports a peer can run on, by the name of {@code --transport}: Netty's
 * JNI epoll transport, its NIO transport, and epoll4j's ({@code epoll4j-netty}, no JNI). Only
 * these two lines differ between them; the pipeline is the same.
 *
 * @param io      the event loops' I/O handler
 * @param channel the server channel class
 */
record NettyTransport(IoHandlerFactory io, Class<? extends ServerChannel> channel) {

    static NettyTransport named(String name) {
        return switch (name) {
            case "epoll" -> {
                Epoll.ensureAvailability(); // fail loudly rather than measure NIO by accident
                yield new NettyTransport(EpollIoHandler.newFactory(), EpollServerSocketChannel.class);
            }
            case "nio" -> new NettyTransport(NioIoHandler.newFactory(), NioServerSocketChannel.class);
            case "epoll4j" -> new NettyTransport(Epoll4jIoHandler.newFactory(), Epoll4jServerSocketChannel.class);
            default -> throw new IllegalArgumentException("transport: epoll, nio or epoll4j, not " + name);
        };
    }
}
