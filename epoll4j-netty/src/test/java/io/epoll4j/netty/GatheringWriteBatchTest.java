package io.epoll4j.netty;

import io.epoll4j.fd.IoVecBatch;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Gathering writes go through the loop's one iovec array: a connection holds none of its own. */
class GatheringWriteBatchTest {
    @RegisterExtension
    static final Epoll4jGroup loops = new Epoll4jGroup(1);

    @Test
    void channelsOfOneLoopWriteTwoBuffersAtOnceThroughTheLoopsOneBatch() throws Exception {
        List<IoVecBatch> batches = new CopyOnWriteArrayList<>();
        // Answers each read with a head and a body flushed together: one sendmsg of two iovecs.
        Channel server = Channels.server(loops.group(), new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        ((ByteBuf) msg).release();
                        batches.add(((AbstractEpoll4jChannel) ctx.channel()).writeBatch());
                        ctx.write(Unpooled.directBuffer().writeBytes("head|".getBytes(StandardCharsets.US_ASCII)));
                        ctx.writeAndFlush(Unpooled.directBuffer().writeBytes("body\n".getBytes(StandardCharsets.US_ASCII)));
                    }
                });
            }
        }).bind(Channels.LOOPBACK).sync().channel();
        try {
            for (int i = 0; i < 2; i++) {
                CompletableFuture<String> reply = new CompletableFuture<>();
                ByteArrayOutputStream got = new ByteArrayOutputStream();
                Channel client = Channels.client(loops.group(), new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        ByteBuf buf = (ByteBuf) msg;
                        got.writeBytes(Channels.bytes(buf));
                        buf.release();
                        if (got.size() >= 10) {
                            reply.complete(got.toString(StandardCharsets.US_ASCII));
                        }
                    }
                }).connect(Channels.address(server)).sync().channel();
                client.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {'?'}));
                assertEquals("head|body\n", reply.get(10, TimeUnit.SECONDS));
                client.close().sync();
            }
            assertEquals(2, batches.size());
            assertSame(batches.get(0), batches.get(1), "one array per loop, not one per connection");
            IoVecBatch batch = batches.get(0);
            assertTrue(loops.group().next().submit(batch::isEmpty).get(10, TimeUnit.SECONDS), "cleared after each write");
        } finally {
            server.close().sync();
        }
    }
}
