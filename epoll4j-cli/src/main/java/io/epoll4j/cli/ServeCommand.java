package io.epoll4j.cli;

import io.epoll4j.http.CannedResponse;
import io.epoll4j.http.HttpServer;
import io.epoll4j.http.HttpServerOptions;
import io.epoll4j.http.ParserLimits;
import io.epoll4j.http.Router;
import io.epoll4j.http.StaticFiles;
import io.epoll4j.net.AcceptMode;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code epoll4j serve}: the HTTP/1.1 server. {@code /plaintext} and {@code /json} answer the
 * TechEmpower way; every other path is a file (or a directory listing) under the root.
 *
 * {@snippet lang=sh :
 * ./epoll4j serve                                  # http://127.0.0.1:8080/, one loop per core, serves .
 * ./epoll4j serve --port 9000 --threads 1 --root /srv/www --access-log
 * }
 *
 * <p>SIGINT or SIGTERM stops accepting, lets the responses in flight finish, and exits 0.
 */
final class ServeCommand implements Main.Command {
    private static final Duration DRAIN = Duration.ofSeconds(10);

    @Override
    public String summary() {
        return "serve HTTP/1.1: /plaintext, /json and the files under --root (default .)";
    }

    @Override
    public int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        HttpServerOptions options = HttpServerOptions.DEFAULTS;
        Path root = Path.of(".");
        StaticFiles.DotFiles dotFiles = StaticFiles.DotFiles.DENY;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--help", "-h" -> {
                    help(out);
                    return Main.OK;
                }
                case "--host" -> options = options.withHost(value(args, ++i, arg));
                case "--port" -> options = options.withPort(number(args, ++i, arg, 0, 65535));
                case "--threads" -> options = options.withThreads(number(args, ++i, arg, 1, 1024));
                case "--root" -> root = Path.of(value(args, ++i, arg));
                case "--accept" -> options = options.withAcceptMode(switch (value(args, ++i, arg)) {
                    case "reuseport" -> AcceptMode.REUSEPORT;
                    case "exclusive" -> AcceptMode.EXCLUSIVE;
                    default -> throw new Main.UsageException("--accept takes reuseport or exclusive");
                });
                case "--max-body" -> options = options.withLimits(
                        ParserLimits.DEFAULT.withMaxBody(number(args, ++i, arg, 0, Integer.MAX_VALUE)));
                case "--header-timeout" -> options = options.withHeaderTimeout(
                        Duration.ofSeconds(number(args, ++i, arg, 1, 3600)));
                case "--idle-timeout" -> options = options.withIdleTimeout(
                        Duration.ofSeconds(number(args, ++i, arg, 1, 86400)));
                case "--access-log" -> options = options.withAccessLog(out);
                case "--dotfiles" -> dotFiles = switch (value(args, ++i, arg)) {
                    case "allow" -> StaticFiles.DotFiles.ALLOW;
                    case "deny" -> StaticFiles.DotFiles.DENY;
                    default -> throw new Main.UsageException("--dotfiles takes allow or deny");
                };
                default -> throw new Main.UsageException("unknown option " + arg + " (try --help)");
            }
        }
        if (!Files.isDirectory(root)) {
            err.println("epoll4j serve: --root " + root + " is not a directory");
            return Main.FAILED;
        }
        Router router = new Router()
                .route("/plaintext", CannedResponse.PLAINTEXT)
                .route("/json", CannedResponse.JSON)
                .fallback(new StaticFiles(root, dotFiles));
        HttpServer server = HttpServer.start(options, router);
        installSignalHandlers(server, err);
        out.println("epoll4j serve: http://" + hostForUrl(options.host()) + ":" + server.localAddress().getPort()
                + "/ (" + options.threads() + (options.threads() == 1 ? " loop" : " loops") + ", root "
                + root.toAbsolutePath().normalize() + ")");
        out.flush();
        server.awaitShutdown();
        return Main.OK;
    }

    private static void installSignalHandlers(HttpServer server, PrintStream err) {
        AtomicBoolean stopping = new AtomicBoolean();
        sun.misc.SignalHandler handler = signal -> {
            if (!stopping.compareAndSet(false, true)) {
                return;
            }
            // The signal thread must return promptly; drain on a thread of our own.
            Thread.ofPlatform().name("epoll4j-shutdown").start(() -> {
                err.println("epoll4j serve: SIG" + signal.getName() + ", finishing responses in flight");
                boolean drained = server.shutdownGracefully(DRAIN);
                if (!drained) {
                    err.println("epoll4j serve: connections still open after " + DRAIN.toSeconds() + " s were closed");
                }
            });
        };
        sun.misc.Signal.handle(new sun.misc.Signal("INT"), handler);
        sun.misc.Signal.handle(new sun.misc.Signal("TERM"), handler);
    }

    private static String hostForUrl(String host) {
        return host.contains(":") ? "[" + host + "]" : host;
    }

    private static String value(String[] args, int i, String option) throws Main.UsageException {
        if (i >= args.length) {
            throw new Main.UsageException(option + " needs a value");
        }
        return args[i];
    }

    private static int number(String[] args, int i, String option, int min, int max) throws Main.UsageException {
        String v = value(args, i, option);
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                throw new Main.UsageException(option + " must be between " + min + " and " + max + ": " + v);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new Main.UsageException(option + " takes a number: " + v);
        }
    }

    private static void help(PrintStream out) {
        out.println("""
                usage: epoll4j serve [options]
                Serves HTTP/1.1: /plaintext and /json, and the files under the root.

                  --host ADDR          address to listen on (default 127.0.0.1)
                  --port N             port (default 8080; 0 picks a free one)
                  --threads N          event loops (default: one per core)
                  --root DIR           directory to serve (default .)
                  --accept MODE        reuseport (a listener per loop, default) or exclusive (EPOLLEXCLUSIVE)
                  --max-body BYTES     largest request body (default 1 MiB; larger: 413)
                  --header-timeout S   a request must arrive within S seconds once begun (default 10)
                  --idle-timeout S     close keep-alive connections idle for S seconds (default 120)
                  --access-log         log each request to standard output
                  --dotfiles MODE      deny (default: names starting with "." are 404 and not listed) or allow

                SIGINT or SIGTERM: stop accepting, finish responses in flight, exit 0.""");
    }
}
