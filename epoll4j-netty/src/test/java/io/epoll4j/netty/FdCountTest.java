package io.epoll4j.netty;

import io.epoll4j.testing.ProcFds;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Nothing leaks: after 1,000 connections opened and closed through the transport (client and
 * server side both epoll4j), no socket, epoll instance or eventfd opened meanwhile is still
 * open.
 */
class FdCountTest {
    private static final int CYCLES = 1_000;

    @Test
    void aThousandConnectCloseCyclesLeaveTheFdCountAtItsBaseline() throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, Epoll4jIoHandler.newFactory());
        try {
            AtomicInteger open = new AtomicInteger();
            Channel server = Channels.server(group, new ChannelInboundHandlerAdapter() {
                @Override
                public void channelActive(ChannelHandlerContext ctx) {
                    open.incrementAndGet();
                }

                @Override
                public void channelInactive(ChannelHandlerContext ctx) {
                    open.decrementAndGet();
                }

                @Override
                public boolean isSharable() {
                    return true;
                }
            }).bind(Channels.LOOPBACK).sync().channel();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            // Warm up: the first connection loads classes and may open jar files.
            connectAndClose(group, server);
            awaitServerSideClosed(open, deadline);
            Set<String> baseline = openFds();
            for (int i = 0; i < CYCLES; i++) {
                connectAndClose(group, server);
                assertTrue(System.nanoTime() < deadline, "only " + i + " cycles in 120 s");
            }
            // The server side closes its end when it reads the end of stream: wait for that.
            awaitServerSideClosed(open, deadline);
            // Compared as sets, not counts: another test class's loop, still winding down in this
            // JVM, may close one of its own fds meanwhile, and must not hide a leak or fake one.
            Set<String> left = new TreeSet<>(openFds());
            left.removeAll(baseline);
            assertEquals(Set.of(), left, "fds opened during " + CYCLES + " connect/close cycles and still open");
            server.close().sync();
        } finally {
            group.shutdownGracefully(0, 5, TimeUnit.SECONDS).sync();
        }
    }

    private static void connectAndClose(EventLoopGroup group, Channel server) throws InterruptedException {
        Channel c = Channels.client(group, new ChannelInboundHandlerAdapter()).connect(Channels.address(server))
                .sync().channel();
        c.close().sync();
    }

    private static void awaitServerSideClosed(AtomicInteger open, long deadline) {
        while (open.get() > 0) {
            assertTrue(System.nanoTime() < deadline, open.get() + " server-side connections still open");
            Thread.onSpinWait();
        }
    }

    /**
     * The process's sockets, epoll instances and eventfds (what the transport opens), each as
     * its number and the target of its /proc/self/fd link: the JVM opens and closes jar files
     * on its own schedule.
     */
    private static Set<String> openFds() {
        return ProcFds.targets().entrySet().stream()
                .filter(e -> e.getValue().startsWith("socket:") || e.getValue().startsWith("anon_inode:"))
                .map(e -> e.getKey() + " -> " + e.getValue())
                .collect(Collectors.toSet());
    }
}
