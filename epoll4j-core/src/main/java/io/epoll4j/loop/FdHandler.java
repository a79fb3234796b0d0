package io.epoll4j.loop;

/**
 * What a file descriptor registered with an {@link EventLoop} does when it is ready; always
 * called on the loop's thread.
 *
 * {@snippet :
 * MemorySegment buf = Arena.ofAuto().allocate(4096);
 * loop.register(pipe.source(), Interest.READABLE, Trigger.EDGE, (registration, ready) -> {
 *     long n;
 *     while ((n = registration.fd().read(buf)) > 0) {   // edge: drain until it would block
 *         consume(buf, n);
 *     }
 *     if (n < 0 || Readiness.isError(ready)) {
 *         registration.close();                         // end of stream: deregister and close
 *     }
 * });
 * }
 *
 * <p>The ready mask is the kernel's {@code epoll_event.events} for this fd; {@link io.epoll4j.poll.Readiness}
 * reads it. Nothing is allocated to call a handler: no event object, no lookup by fd.
 *
 * <p>An exception thrown here is caught and given to the loop's
 * {@link LoopExceptionHandler}; the loop and the registration go on. A level-triggered fd
 * whose handler keeps failing without consuming its readiness will therefore be reported at
 * every turn: close or deregister it in the handler (or the exception handler) instead.
 */
@FunctionalInterface
public interface FdHandler {
    /**
     * Called on the loop thread when the fd is ready.
     *
     * @param registration the registration that is ready: its fd, interest and attachment
     * @param readyMask    the {@code EPOLL*} flags the kernel reported; see {@link io.epoll4j.poll.Readiness}
     */
    void ready(LoopRegistration registration, int readyMask) throws Exception;
}
