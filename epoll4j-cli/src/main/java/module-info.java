/** The {@code epoll4j} command: serve, limits, inspect, bench, completion. */
module io.epoll4j.cli {
    requires io.epoll4j.http;
    requires info.picocli;
    // sun.misc.Signal: SIGINT/SIGTERM/SIGHUP start a graceful shutdown that exits 0.
    requires jdk.unsupported;
    // picocli sets the annotated option fields reflectively.
    opens io.epoll4j.cli to info.picocli;
}
