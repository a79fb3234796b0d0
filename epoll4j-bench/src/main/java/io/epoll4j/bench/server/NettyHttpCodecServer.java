package io.epoll4j.bench.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;

/**
 * The Netty HTTP server a Netty user would write: {@link HttpServerCodec} and a handler that
 * answers GET /plaintext with a {@code FullHttpResponse} ({@link NettyHttpCodecHandler}), on
 * {@code --transport epoll} (JNI), {@code nio} or {@code epoll4j}: the same code on each.
 */
public final class NettyHttpCodecServer {

    private NettyHttpCodecServer() {}

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
                            ch.pipeline().addLast(new HttpServerCodec(), new NettyHttpCodecHandler());
                        }
                    })
                    .bind(args.host(), args.port()).sync().channel();
            System.err.println("netty-http-" + args.transport() + " listening on " + args.host() + ":" + args.port());
            server.closeFuture().sync();
        } finally {
            group.shutdownGracefully();
        }
    }
}
