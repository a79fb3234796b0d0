package io.epoll4j.net;

/**
 * How a {@link TcpServer} spreads incoming connections over the loops of its group.
 *
 * {@snippet :
 * ServerOptions options = ServerOptions.DEFAULTS.withAcceptMode(AcceptMode.EXCLUSIVE);
 * }
 */
public enum AcceptMode {
    /**
     * One listening socket per loop, all bound to the same port with {@code SO_REUSEPORT}
     * (Linux 3.9): the kernel hashes each connection to one listener's queue. No loop is woken
     * for another's connection; a busy loop's queue waits for it, though.
     */
    REUSEPORT,
    /**
     * One listening socket registered in every loop with {@code EPOLLEXCLUSIVE} (Linux 4.5):
     * each connection wakes one (or a few) of the loops waiting, and whichever is free takes it.
     */
    EXCLUSIVE
}
