/** The {@code epoll4j} command: serve, limits, inspect. */
module io.epoll4j.cli {
    requires io.epoll4j.http;
    // sun.misc.Signal: SIGINT/SIGTERM start a graceful shutdown that exits 0.
    requires jdk.unsupported;
}
