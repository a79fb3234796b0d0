package io.epoll4j.netty;

import io.epoll4j.fd.OwnedFd;
import io.netty.channel.IoHandle;

/**
 * An {@link IoHandle} that {@link Epoll4jIoHandler} can watch: anything with an epoll4j file
 * descriptor. The channels of this package are such handles; so can be any fd of the core
 * (an {@code EventFd}, a {@code TimerFd}, a {@code PidFd}) driven by a Netty event loop.
 *
 * {@snippet :
 * EventFd counter = EventFd.create();
 * IoRegistration registration = loop.register(new Epoll4jIoHandle() {
 *     public OwnedFd fd() { return counter; }
 *     public void handle(IoRegistration r, IoEvent event) {
 *         if (((Epoll4jIoEvent) event).isReadable()) {
 *             try {
 *                 consume(counter.read());            // on the loop's thread
 *             } catch (ErrnoException e) {
 *                 r.cancel();                         // a handle may not throw: stop watching
 *             }
 *         }
 *     }
 *     public void close() { counter.close(); }
 * }).sync().getNow();
 * registration.submit(Epoll4jIoOps.of(Interest.READABLE, Trigger.LEVEL));
 * }
 *
 * <p>{@link #handle} receives an {@link Epoll4jIoEvent}; it runs on the loop's thread and must
 * not keep the event.
 */
public interface Epoll4jIoHandle extends IoHandle {
    /** The file descriptor to watch; it stays the same for the life of the registration. */
    OwnedFd fd();
}
