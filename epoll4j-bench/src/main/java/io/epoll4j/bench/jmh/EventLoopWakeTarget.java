package io.epoll4j.bench.jmh;

import io.epoll4j.fd.ErrnoException;
import io.epoll4j.loop.EventLoop;

import java.time.Duration;

/**
 * An epoll4j {@link EventLoop}, woken the way its users wake it: {@link EventLoop#execute} of a
 * task from another thread, which queues the task and writes the loop's waker only while the
 * loop may be asleep. The like-for-like peer of {@link NettyWakeTarget}; the task is one shared
 * instance.
 */
final class EventLoopWakeTarget implements WakeTarget {
    private final EventLoop loop;
    private final Runnable task = this::count;
    private volatile long rounds;

    EventLoopWakeTarget() throws ErrnoException {
        loop = EventLoop.start("epoll4j-event-loop");
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
        loop.shutdownGracefully();
        loop.awaitTermination(Duration.ofSeconds(5));
    }
}
