package io.epoll4j.bench.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;

/**
 * The Netty peers: GET /plaintext with Netty's epoll transport (its JNI library) ({@code --transport
 * epoll}) or its NIO transport ({@code --transport nio}), one event loop per thread, the
 * same loop accepting and serving, as TechEmpower's Netty entry runs.
 */
public final class NettyPlaintextServer {

    private NettyPlaintextServer() {}

    /** Runs until killed. */
    public static void main(String[] argv) throws Exception {
        ServerArgs args = ServerArgs.parse(argv);
        IoHandlerFactory io;
        Class<? extends ServerChannel> channel;
        switch (args.transport()) {
            case "epoll" -> {
                Epoll.ensureAvailability(); // fail loudly rather than measure NIO by accident
                io = EpollIoHandler.newFactory();
                channel = EpollServerSocketChannel.class;
            }
            case "nio" -> {
                io = NioIoHandler.newFactory();
                channel = NioServerSocketChannel.class;
            }
            default -> throw new IllegalArgumentException("transport: epoll or nio");
        }
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(args.threads(), io);
        try {
            Channel server = new ServerBootstrap()
                    .group(group)
                    .channel(channel)
                    .option(ChannelOption.SO_BACKLOG, 4096)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new NettyPlaintextHandler());
                        }
                    })
                    .bind(args.host(), args.port()).sync().channel();
            System.err.println("netty-" + args.transport() + " listening on "
                    + args.host() + ":" + args.port());
            server.closeFuture().sync();
        } finally {
            group.shutdownGracefully();
        }
    }
}
