/**
 * Runnable programs on epoll4j, one concept each: the stdin loop, an echo server, a TCP proxy,
 * an inotify watcher, a pidfd child-exit waiter, a timerfd ticker and an HTTP server with a
 * route of its own. Run one with {@code epoll4j-examples/run NAME}.
 */
module io.epoll4j.examples {
    requires io.epoll4j.http;
    exports io.epoll4j.examples;
}
