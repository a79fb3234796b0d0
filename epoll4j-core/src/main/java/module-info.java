/**
 * The epoll4j core: all of Linux epoll(7) and the file descriptors worth waiting on, over
 * {@code java.lang.foreign}.
 *
 * <p>Native access must be granted to this module only:
 * {@code --enable-native-access=io.epoll4j.core}.
 */
module io.epoll4j.core {
    // Flight Recorder events of the loop (io.epoll4j.*): free while no recording is on.
    requires jdk.jfr;
    exports io.epoll4j.fd;
    exports io.epoll4j.poll;
    exports io.epoll4j.loop;
    // The syscall layer is shared with the socket module only; it is not API.
    exports io.epoll4j.sys to io.epoll4j.net, io.epoll4j.cli;
}
