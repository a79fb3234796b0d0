package io.epoll4j.bench.jmh;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;

import java.util.concurrent.TimeUnit;

/**
 * One Netty 4.2 epoll event loop ({@link EpollIoHandler}), woken the way Netty code wakes it:
 * {@link EventLoop#execute} of a task from another thread, which queues the task and writes
 * the loop's eventfd when it is blocked in epoll_wait. The task is one shared instance, so the
 * only allocation is the queue's own.
 */
final class NettyWakeTarget implements WakeTarget {
    private final EventLoopGroup group;
    private final EventLoop loop;
    private final Runnable task = this::count;
    private volatile long rounds;

    NettyWakeTarget() {
        Epoll.ensureAvailability();
        group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        loop = group.next();
    }

    private void count() {
        rounds = rounds + 1; // runs on the loop thread only
    }

    @Override
    public void wake() {
        loop.execute(task);
    }

    @Override
    public long rounds() {
        return rounds;
    }

    @Override
    public void stop() throws InterruptedException {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
}
