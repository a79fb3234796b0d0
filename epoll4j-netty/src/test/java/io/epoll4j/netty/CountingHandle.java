package io.epoll4j.netty;

import io.epoll4j.fd.EventFd;
import io.epoll4j.fd.OwnedFd;
import io.netty.channel.IoEvent;
import io.netty.channel.IoRegistration;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/** An eventfd as an {@link Epoll4jIoHandle} that counts what it is told. */
final class CountingHandle implements Epoll4jIoHandle {
    final EventFd eventFd;
    final AtomicInteger readable = new AtomicInteger();
    final AtomicInteger registered = new AtomicInteger();
    final CountDownLatch unregistered = new CountDownLatch(1);
    final boolean drain;
    volatile Epoll4jIoEvent last;

    CountingHandle(boolean drain) throws Exception {
        this.eventFd = EventFd.create();
        this.drain = drain;
    }

    @Override
    public OwnedFd fd() {
        return eventFd;
    }

    @Override
    public void handle(IoRegistration registration, IoEvent ioEvent) {
        Epoll4jIoEvent event = (Epoll4jIoEvent) ioEvent;
        last = event;
        if (event.isReadable()) {
            if (drain) {
                // Drain before counting: a test that writes again once it sees the count must
                // not have its write folded into this read (two writes, one readiness).
                try {
                    eventFd.read();
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }
            readable.incrementAndGet();
        }
    }

    @Override
    public void registered() {
        registered.incrementAndGet();
    }

    @Override
    public void unregistered() {
        unregistered.countDown();
    }

    @Override
    public void close() {
        eventFd.close();
    }
}
