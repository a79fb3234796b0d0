package io.epoll4j.bench.jmh;

import io.epoll4j.fd.ErrnoException;
import io.epoll4j.poll.Events;
import io.epoll4j.poll.Poller;
import io.epoll4j.poll.Waker;

/** A thread blocked in {@link Poller#poll} with timeout {@code -1}, woken by a {@link Waker}. */
final class Epoll4jWakeTarget implements WakeTarget {
    private static final long WAKE_TOKEN = 1L;

    private final Poller poller;
    private final Events events;
    private final Waker waker;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long rounds;

    Epoll4jWakeTarget() throws ErrnoException {
        poller = Poller.open();
        events = Events.withCapacity(16);
        waker = new Waker(poller, WAKE_TOKEN);
        thread = Thread.ofPlatform().daemon().name("epoll4j-loop").start(this::loop);
    }

    private void loop() {
        try {
            while (running) {
                poller.poll(events, -1);
                while (events.next()) {
                    if (events.token() == WAKE_TOKEN) {
                        rounds = rounds + 1; // single writer
                    }
                }
            }
        } catch (ErrnoException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void wake() {
        waker.wake();
    }

    @Override
    public long rounds() {
        return rounds;
    }

    @Override
    public void stop() throws InterruptedException {
        running = false;
        waker.wake();
        thread.join();
        waker.close();
        events.close();
        poller.close();
    }
}
