package io.epoll4j.bench.jmh;

/**
 * An event loop thread blocked in its poll, and the way another thread makes it come round:
 * the common face of epoll4j's {@code Waker} on a bare {@code Poller}, epoll4j's
 * {@code EventLoop.execute}, {@link java.nio.channels.Selector#wakeup()} and Netty's
 * {@code EventLoop.execute}, so one benchmark measures all of them in the same run.
 */
interface WakeTarget {
    /** Asks the loop to return from its poll (or not to block in its next one). */
    void wake();

    /** How many times the loop has returned and seen a wake; written only by the loop thread. */
    long rounds();

    /**
     * Stops the loop thread and frees what it polls. Not {@code close()}: a target is not a
     * resource for try-with-resources, whose close must not throw InterruptedException.
     */
    void stop() throws Exception;

    /** The target named by a benchmark parameter. */
    static WakeTarget open(String name) throws Exception {
        return switch (name) {
            case "epoll4j" -> new Epoll4jWakeTarget();
            case "epoll4j-loop" -> new EventLoopWakeTarget();
            case "selector" -> new SelectorWakeTarget();
            case "netty" -> new NettyWakeTarget();
            default -> throw new IllegalArgumentException("no wake target " + name);
        };
    }
}
