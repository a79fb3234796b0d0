package io.epoll4j.bench.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ByteProcessor;

/**
 * Minimal HTTP for the Netty peers, doing what the C floor does: count request heads in each
 * read, append one response per request to a single pooled buffer, and flush once when the
 * read batch is complete (Netty's {@code channelReadComplete}), so pipelined requests cost
 * one write.
 */
final class NettyPlaintextHandler extends ChannelInboundHandlerAdapter implements ByteProcessor {

    private final RequestHeadCounter counter = new RequestHeadCounter();
    private int requests;
    private ByteBuf out;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        try {
            requests = 0;
            in.forEachByte(this);
            if (requests == 0) {
                return;
            }
            byte[] response = PlaintextResponse.at(System.currentTimeMillis());
            if (out == null) {
                out = ctx.alloc().ioBuffer(requests * response.length);
            }
            for (int i = 0; i < requests; i++) {
                out.writeBytes(response);
            }
        } finally {
            in.release();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (out != null) {
            ByteBuf batch = out;
            out = null;
            ctx.writeAndFlush(batch, ctx.voidPromise());
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (out != null) {
            out.release();
            out = null;
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close(); // a reset by wrk at the end of a run is normal; nothing to report
    }

    @Override
    public boolean process(byte value) {
        if (counter.accept(value)) {
            requests++;
        }
        return true;
    }
}
