package io.epoll4j.bench.server;

/**
 * Command line of every Java peer: {@code --host H --port P --threads N [--transport T]},
 * the same contract as {@code ./epoll4j serve}.
 *
 * @param host      loopback address to bind
 * @param port      TCP port
 * @param threads   event loops, one per core the server was given
 * @param transport peer-specific variant (Netty: {@code epoll} or {@code nio})
 */
public record ServerArgs(String host, int port, int threads, String transport) {

    /** Parses the arguments; unknown options are an error, so a typo cannot go unnoticed. */
    public static ServerArgs parse(String[] args) {
        String host = "127.0.0.1";
        int port = 8080;
        int threads = 1;
        String transport = "epoll";
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--host" -> host = value;
                case "--port" -> port = Integer.parseInt(value);
                case "--threads" -> threads = Integer.parseInt(value);
                case "--transport" -> transport = value;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
            i++;
        }
        return new ServerArgs(host, port, threads, transport);
    }
}
