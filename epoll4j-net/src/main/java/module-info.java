/**
 * Sockets over epoll4j: TCP (IPv4 and IPv6), UDP and Unix domain sockets, non-blocking and
 * close-on-exec, with typed options; each is an {@link io.epoll4j.fd.OwnedFd} that a
 * {@link io.epoll4j.poll.Poller} can watch.
 */
module io.epoll4j.net {
    requires transitive io.epoll4j.core;
    // Flight Recorder events of connections (io.epoll4j.*): free while no recording is on.
    requires jdk.jfr;
    exports io.epoll4j.net;
}
