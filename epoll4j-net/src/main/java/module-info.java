/**
 * Servers, clients and connections on epoll4j's event loops: accept spreading, batched writes,
 * back-pressure, idle timeouts. The sockets they use are in the core's {@code io.epoll4j.fd}.
 */
module io.epoll4j.net {
    requires transitive io.epoll4j.core;
    // Flight Recorder events of connections (io.epoll4j.*): free while no recording is on.
    requires jdk.jfr;
    exports io.epoll4j.net;
}
