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

    /**
     * Called once when the registered fd is closed while still registered, whoever closes it:
     * {@link LoopRegistration#close()}, the fd's owner on any thread, or the loop's shutdown,
     * which closes the fds it owns. The fd has left the interest list and no event follows;
     * the number is still open during the call. Runs on the closing thread, which need not be
     * the loop's; an exception propagates to the {@code close()} that caused it. Not called
     * after a {@link LoopRegistration#deregister()}. Does nothing unless overridden.
     *
     * <p>A handler that keeps state per fd learns here that it ends without a close listener
     * of its own on the fd.
     *
     * @param registration the registration that ended: its fd (closing) and attachment
     */
    default void closed(LoopRegistration registration) {}
}
