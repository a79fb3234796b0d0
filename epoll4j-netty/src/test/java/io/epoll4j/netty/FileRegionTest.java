package io.epoll4j.netty;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.DefaultFileRegion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * File regions: an {@link Epoll4jFileRegion} goes out with sendfile(2), from an offset, larger
 * than the socket buffer; Netty's DefaultFileRegion goes out too (through its transferTo); a
 * region longer than its file fails with an IOException instead of hanging.
 */
class FileRegionTest {
    private static final int SIZE = 3 * 1024 * 1024 + 17;
    @RegisterExtension
    static final Epoll4jGroup loops = new Epoll4jGroup(1);

    private static byte[] fill(Path file) throws IOException {
        byte[] data = new byte[SIZE];
        new Random(7).nextBytes(data);
        Files.write(file, data);
        return data;
    }

    /** Serves each connection {@code region}, then closes it; returns what a plain socket read. */
    private static byte[] fetch(Object region) throws Exception {
        Channel server = Channels.server(loops.group(), new io.netty.channel.ChannelInboundHandlerAdapter() {
            @Override
            public void channelActive(io.netty.channel.ChannelHandlerContext ctx) {
                ctx.writeAndFlush(region).addListener(io.netty.channel.ChannelFutureListener.CLOSE);
            }
        }).bind(Channels.LOOPBACK).sync().channel();
        try (Socket s = new Socket("127.0.0.1", Channels.address(server).getPort())) {
            s.setSoTimeout(30_000);
            try (InputStream in = s.getInputStream()) {
                return in.readAllBytes();
            }
        } finally {
            server.close().sync();
        }
    }

    @Test
    void anEpoll4jFileRegionIsSentWholeFromItsOffset(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("data");
        byte[] data = fill(file);
        Epoll4jFileRegion region = new Epoll4jFileRegion(file, 1000, SIZE - 1000);
        byte[] got = fetch(region);
        assertArrayEquals(Arrays.copyOfRange(data, 1000, SIZE), got);
        assertEquals(SIZE - 1000, region.transferred());
        assertEquals(0, region.refCnt(), "released after the write");
        assertTrue(!region.file().isOpen(), "its fd closed on release");
    }

    @Test
    void nettysDefaultFileRegionIsSentToo(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("data");
        byte[] data = fill(file);
        FileChannel channel = FileChannel.open(file);
        byte[] got = fetch(new DefaultFileRegion(channel, 5, SIZE - 5));
        assertArrayEquals(Arrays.copyOfRange(data, 5, SIZE), got);
    }

    @Test
    void aRegionLongerThanItsFileFailsWithAnIOException(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("data");
        fill(file);
        Channel server = Channels.server(loops.group(), new io.netty.channel.ChannelInboundHandlerAdapter())
                .bind(Channels.LOOPBACK).sync().channel();
        Channel client = Channels.client(loops.group(), new io.netty.channel.ChannelInboundHandlerAdapter())
                .connect(Channels.address(server)).sync().channel();
        ChannelFuture f = client.writeAndFlush(new Epoll4jFileRegion(file, 0, SIZE + 1024));
        assertTrue(f.await(30, TimeUnit.SECONDS), "the write neither finished nor failed");
        IOException e = assertInstanceOf(IOException.class, f.cause());
        assertTrue(e.getMessage().contains("file ends before the region"), e.getMessage());
        client.close().sync();
        server.close().sync();
    }
}
