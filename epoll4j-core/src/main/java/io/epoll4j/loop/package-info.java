/**
 * Event loops: one thread per loop running a {@link io.epoll4j.poll.Poller}, a task queue and
 * timers; groups of loops.
 *
 * {@snippet :
 * try (EventLoopGroup group = EventLoopGroup.start(2, "io")) {
 *     EventLoop loop = group.next();
 *     loop.register(pipe.source(), Interest.READABLE, Trigger.EDGE, (r, ready) -> drain(r.fd()));
 *     loop.schedule(() -> System.out.println("tick"), Duration.ofMillis(10));
 * }
 * }
 *
 * <p>Threading rule of the whole package: handlers, tasks and timers run on their loop's
 * thread, one at a time, and must not block; everything else may be called from any thread.
 */
package io.epoll4j.loop;
