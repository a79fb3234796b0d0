package io.epoll4j.netty;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;

import java.net.InetSocketAddress;

/** Shared set-up of the transport's own tests: loopback servers and clients. */
final class Channels {
    private Channels() {}

    static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0);

    static ServerBootstrap server(EventLoopGroup group, ChannelHandler child) {
        return new ServerBootstrap().group(group).channel(Epoll4jServerSocketChannel.class).childHandler(child);
    }

    static Bootstrap client(EventLoopGroup group, ChannelHandler handler) {
        return new Bootstrap().group(group).channel(Epoll4jSocketChannel.class).handler(handler);
    }

    /** Writes back every buffer it reads. */
    @ChannelHandler.Sharable
    static final class Echo extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.write(msg);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }
    }

    static InetSocketAddress address(Channel server) {
        return (InetSocketAddress) server.localAddress();
    }

    static byte[] bytes(ByteBuf buf) {
        byte[] b = new byte[buf.readableBytes()];
        buf.getBytes(buf.readerIndex(), b);
        return b;
    }
}
