/**
 * The epoll4j core: all of Linux epoll(7), the file descriptors worth waiting on and the
 * sockets of socket(7) ({@code io.epoll4j.fd}), the poller ({@code io.epoll4j.poll}) and event
 * loops ({@code io.epoll4j.loop}), over {@code java.lang.foreign}.
 *
 * <p>Native access must be granted to this module only:
 * {@code --enable-native-access=io.epoll4j.core} (on the class path,
 * {@code --enable-native-access=ALL-UNNAMED}). Without it every call throws an
 * {@code IllegalCallerException} that names the flag.
 */
module io.epoll4j.core {
    // Flight Recorder events of the loop (io.epoll4j.*): free while no recording is on.
    requires jdk.jfr;
    exports io.epoll4j.fd;
    exports io.epoll4j.poll;
    exports io.epoll4j.loop;
    // io.epoll4j.sys (the linker, the handles, the struct layouts) is exported to no module.
}
