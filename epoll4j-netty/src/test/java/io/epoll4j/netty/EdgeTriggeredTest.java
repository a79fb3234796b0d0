package io.epoll4j.netty;

import io.epoll4j.poll.Trigger;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Edge-triggered channels (EPOLLET) lose nothing where a level trigger would have reported
 * again: reads cut short by the allocator handle go on without a new edge, reads resumed by
 * read() after AUTO_READ was off find the bytes that arrived meanwhile, and writes larger
 * than the socket buffer finish on EPOLLOUT edges.
 */
class EdgeTriggeredTest {
    private static final int SIZE = 4 * 1024 * 1024;
    @RegisterExtension
    static final Epoll4jGroup loops = new Epoll4jGroup(2);

    private static byte[] payload() {
        byte[] data = new byte[SIZE];
        new Random(42).nextBytes(data);
        return data;
    }

    /** Collects what it reads until it has {@code expected} bytes. */
    private static final class Collector extends ChannelInboundHandlerAdapter {
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        final CountDownLatch done = new CountDownLatch(1);
        final int expected;
        final boolean readByHand;

        Collector(int expected, boolean readByHand) {
            this.expected = expected;
            this.readByHand = readByHand;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            if (readByHand) {
                ctx.read();
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            received.writeBytes(Channels.bytes(buf));
            buf.release();
            if (received.size() >= expected) {
                done.countDown();
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            if (readByHand) {
                // Ask for more only later: bytes pile up in the socket meanwhile, and no new
                // edge will announce those that are already there.
                ctx.channel().eventLoop().schedule(() -> ctx.read(), 1, TimeUnit.MILLISECONDS);
            }
        }
    }

    @Test
    void readsCutShortByTheAllocatorHandleGoOnWithoutANewEdge() throws Exception {
        byte[] data = payload();
        Channel server = Channels.server(loops.group(), new Channels.Echo())
                .childOption(Epoll4jChannelOption.TRIGGER, Trigger.EDGE)
                // One small read per turn: most bytes are left for "later", never for a new edge.
                .childOption(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(1024).maxMessagesPerRead(1))
                .bind(Channels.LOOPBACK).sync().channel();
        Collector collector = new Collector(SIZE, false);
        Channel client = Channels.client(loops.group(), collector).option(Epoll4jChannelOption.TRIGGER, Trigger.EDGE)
                .connect(Channels.address(server)).sync().channel();
        client.writeAndFlush(Unpooled.wrappedBuffer(data));
        assertTrue(collector.done.await(60, TimeUnit.SECONDS), "echoed " + collector.received.size() + " of " + SIZE);
        assertArrayEquals(data, collector.received.toByteArray());
        client.close().sync();
        server.close().sync();
    }

    @Test
    void readResumedByHandAfterAutoReadWasOffFindsTheBytesThatCameMeanwhile() throws Exception {
        byte[] data = payload();
        Collector collector = new Collector(SIZE, true);
        Channel server = Channels.server(loops.group(), collector)
                .childOption(Epoll4jChannelOption.TRIGGER, Trigger.EDGE)
                .childOption(ChannelOption.AUTO_READ, false)
                .bind(Channels.LOOPBACK).sync().channel();
        Channel client = Channels.client(loops.group(), new ChannelInboundHandlerAdapter())
                .option(Epoll4jChannelOption.TRIGGER, Trigger.EDGE)
                .connect(Channels.address(server)).sync().channel();
        // 4 MiB is far more than the socket buffers: the write itself waits for EPOLLOUT edges.
        client.writeAndFlush(Unpooled.wrappedBuffer(data)).sync();
        assertTrue(collector.done.await(60, TimeUnit.SECONDS), "read " + collector.received.size() + " of " + SIZE);
        assertArrayEquals(data, collector.received.toByteArray());
        client.close().sync();
        server.close().sync();
    }

    @Test
    void switchingAConnectedChannelToEdgeKeepsItReading() throws Exception {
        byte[] data = payload();
        Channel server = Channels.server(loops.group(), new Channels.Echo()).bind(Channels.LOOPBACK).sync().channel();
        Collector collector = new Collector(SIZE, false);
        Channel client = Channels.client(loops.group(), collector).connect(Channels.address(server)).sync().channel();
        ((Epoll4jChannelConfig) client.config()).setTrigger(Trigger.EDGE);
        client.writeAndFlush(Unpooled.wrappedBuffer(data));
        assertTrue(collector.done.await(60, TimeUnit.SECONDS), "echoed " + collector.received.size() + " of " + SIZE);
        assertArrayEquals(data, collector.received.toByteArray());
        client.close().sync();
        server.close().sync();
    }
}
