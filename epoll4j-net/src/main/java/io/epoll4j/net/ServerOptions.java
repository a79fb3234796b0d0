package io.epoll4j.net;

/**
 * How a {@link TcpServer} listens and accepts, and the options of its connections.
 *
 * {@snippet :
 * ServerOptions options = ServerOptions.DEFAULTS
 *         .withAcceptMode(AcceptMode.REUSEPORT)
 *         .withBacklog(1024)
 *         .withConnection(ConnectionOptions.DEFAULTS.withReadBudget(64 * 1024));
 * }
 *
 * @param acceptMode  one listener per loop, or one shared exclusively
 * @param backlog     the listen(2) backlog (capped by net.core.somaxconn)
 * @param acceptBatch connections one loop accepts per turn at most, so accepting cannot starve
 *                    the connections it already serves
 * @param connection  the options of each accepted connection
 */
public record ServerOptions(AcceptMode acceptMode, int backlog, int acceptBatch, ConnectionOptions connection) {
    /** {@link AcceptMode#REUSEPORT}, backlog SOMAXCONN, 64 accepts per turn, default connections. */
    public static final ServerOptions DEFAULTS = new ServerOptions(AcceptMode.REUSEPORT, 4096, 64,
            ConnectionOptions.DEFAULTS);

    /** Checks the values: a positive backlog and accept batch. */
    public ServerOptions {
        if (backlog < 1 || acceptBatch < 1) {
            throw new IllegalArgumentException("backlog and accept batch must be positive");
        }
    }

    /** These options with how the loops share the listening port. */
    public ServerOptions withAcceptMode(AcceptMode mode) {
        return new ServerOptions(mode, backlog, acceptBatch, connection);
    }

    /** These options with the listen(2) backlog. */
    public ServerOptions withBacklog(int n) {
        return new ServerOptions(acceptMode, n, acceptBatch, connection);
    }

    /** These options with at most {@code n} connections accepted per wake-up. */
    public ServerOptions withAcceptBatch(int n) {
        return new ServerOptions(acceptMode, backlog, n, connection);
    }

    /** These options with {@code options} for each accepted connection. */
    public ServerOptions withConnection(ConnectionOptions options) {
        return new ServerOptions(acceptMode, backlog, acceptBatch, options);
    }
}
