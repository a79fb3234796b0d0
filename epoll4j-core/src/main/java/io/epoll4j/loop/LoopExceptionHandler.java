package io.epoll4j.loop;

/**
 * Told of what a task, a timer or an {@link FdHandler} threw; the loop goes on either way.
 *
 * {@snippet :
 * EventLoop loop = EventLoop.builder()
 *         .name("io")
 *         .exceptionHandler((l, source, error) -> {
 *             System.err.println(source + " failed in " + l.name() + ": " + error);
 *             if (source instanceof LoopRegistration r) {
 *                 r.close();                    // a broken connection: drop it
 *             }
 *         })
 *         .start();
 * }
 *
 * <p>Called on the loop thread. What it throws in turn is printed to standard error and
 * otherwise ignored: nothing a callback does can end the loop.
 */
@FunctionalInterface
public interface LoopExceptionHandler {
    /** The default: prints the loop's name, the source and the stack trace to standard error. */
    LoopExceptionHandler PRINT = (loop, source, error) -> {
        System.err.println("event loop '" + loop.name() + "': uncaught exception in " + source);
        error.printStackTrace();
    };

    /**
     * @param loop   the loop the callback ran on
     * @param source the {@link Runnable} task, the {@link ScheduledTask} or the
     *               {@link LoopRegistration} whose handler threw; a layer above the loop may
     *               name its own object (a net {@code Connection} whose handler threw)
     * @param error  what it threw
     */
    void exceptionCaught(EventLoop loop, Object source, Throwable error);
}
