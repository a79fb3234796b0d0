package io.epoll4j.bench.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.socket.SocketChannel;

/**
 * The minimal Netty peers: GET /plaintext with Netty's epoll transport (its JNI library)
 * ({@code --transport epoll}), its NIO transport ({@code --transport nio}) or epoll4j's
 * ({@code --transport epoll4j}), one event loop per thread, the same loop accepting and
 * serving, as TechEmpower's Netty entry runs.
 */
public final class NettyPlaintextServer {

    private NettyPlaintextServer() {}

    /** Runs until killed. */
    public static void main(String[] argv) throws Exception {
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
