package io.epoll4j.bench.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.socket.SocketChannel;

import java.util.function.Consumer;

/**
 * The server every Netty peer runs, so that the peers differ in their pipeline and nothing
 * else: one event loop per {@code --threads}, the same loop accepting and serving (as
 * TechEmpower's Netty entry runs), a backlog of 4096, {@code SO_REUSEADDR} on the listener and
 * {@code TCP_NODELAY} on each connection, on the {@link NettyTransport} of {@code --transport}.
 */
final class NettyServer {

    private NettyServer() {}

    /**
     * Serves until killed.
     *
     * @param name     the peer's name in the "listening on" line, before the transport's
     * @param pipeline fills each accepted connection's pipeline
     */
    static void run(String[] argv, String name, Consumer<ChannelPipeline> pipeline) throws InterruptedException {
        ServerArgs args = ServerArgs.parse(argv);
        NettyTransport transport = NettyTransport.named(args.transport());
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(args.threads(), transport.io());
        try {
            Channel server = new ServerBootstrap()
                    .group(group)
                    .channel(transport.channel())
                    .option(ChannelOption.SO_BACKLOG, 4096)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            pipeline.accept(ch.pipeline());
                        }
                    })
                    .bind(args.host(), args.port()).sync().channel();
            System.err.println(name + "-" + args.transport() + " listening on " + args.host() + ":" + args.port());
            server.closeFuture().sync();
        } finally {
            group.shutdownGracefully();
        }
    }
}
