package io.epoll4j.cli;

import io.epoll4j.http.CannedResponse;
import io.epoll4j.http.HttpServer;
import io.epoll4j.http.HttpServerOptions;
import io.epoll4j.http.ParserLimits;
import io.epoll4j.http.Router;
import io.epoll4j.http.StaticFiles;
import io.epoll4j.net.AcceptMode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code epoll4j serve}: the HTTP/1.1 server. {@code /plaintext} and {@code /json} answer the
 * TechEmpower way; every other path is a file (or a directory listing) under the root.
 *
 * {@snippet lang=sh :
 * ./epoll4j serve                                  # http://127.0.0.1:8080/, one loop per core, serves .
 * ./epoll4j serve --port 9000 --threads 1 --root /srv/www --access-log
 * ./epoll4j serve --access-log=/var/log/epoll4j/access.log
 * }
 *
 * <p>SIGINT, SIGTERM or SIGHUP stops accepting, lets the responses in flight finish (a download
 * included, for up to the drain time), and exits 0.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        synopsisHeading = "usage: ", sortOptions = false,
        description = {"serve HTTP/1.1: /plaintext, /json and the files under --root (default .)",
                "Keep-alive and pipelining; files through sendfile(2) with ETag/304, Range/206/416, HEAD and "
                        + "directory listings."},
        footer = {"", "SIGINT, SIGTERM or SIGHUP: stop accepting, finish responses in flight, exit 0."})
final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--host", paramLabel = "ADDR", description = "address to listen on (default 127.0.0.1)")
    String host = HttpServerOptions.DEFAULTS.host();

    @Option(names = "--port", paramLabel = "N", description = "port (default 8080; 0 picks a free one)")
    String port = "8080";

    @Option(names = "--threads", paramLabel = "N", description = "event loops (default: one per core)")
    String threads;

    @Option(names = "--root", paramLabel = "DIR", description = "directory to serve (default .)")
    Path root = Path.of(".");

    @Option(names = "--accept", paramLabel = "MODE",
            description = "reuseport (a listener per loop, default) or exclusive (EPOLLEXCLUSIVE)")
    String accept = "reuseport";

    @Option(names = "--max-body", paramLabel = "BYTES", description = "largest request body (default 1 MiB; larger: 413)")
    String maxBody;

    @Option(names = "--header-timeout", paramLabel = "S",
            description = "a request must arrive within S seconds once begun (default 10)")
    String headerTimeout;

    @Option(names = "--idle-timeout", paramLabel = "S",
            description = "close keep-alive connections idle for S seconds (default 120)")
    String idleTimeout;

    @Option(names = "--dotfiles", paramLabel = "MODE",
            description = "deny (default: names starting with \".\" are 404 and not listed) or allow")
    String dotfiles = "deny";

    @Option(names = "--drain-timeout", paramLabel = "S",
            description = "on SIGINT/SIGTERM/SIGHUP, how long responses in flight may take to finish (default 60)")
    String drainTimeout = "60";

    @Option(names = "--access-log", paramLabel = "FILE", arity = "0..1", fallbackValue = "-",
            description = "log each request in the Common Log Format, to FILE (appended) or, without one, "
                    + "to standard output")
    String accessLog;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        HttpServerOptions options = HttpServerOptions.DEFAULTS
                .withHost(host)
                .withPort(number("--port", port, 0, 65535));
        if (threads != null) {
            options = options.withThreads(number("--threads", threads, 1, 1024));
        }
        options = options.withAcceptMode(switch (accept) {
            case "reuseport" -> AcceptMode.REUSEPORT;
            case "exclusive" -> AcceptMode.EXCLUSIVE;
            default -> throw new ParameterException(spec.commandLine(), "--accept takes reuseport or exclusive: " + accept);
        });
        if (maxBody != null) {
            options = options.withLimits(ParserLimits.DEFAULT.withMaxBody(
                    number("--max-body", maxBody, 0, (int) ParserLimits.DEFAULT.largestMaxBody())));
        }
        if (headerTimeout != null) {
            options = options.withHeaderTimeout(Duration.ofSeconds(number("--header-timeout", headerTimeout, 1, 3600)));
        }
        if (idleTimeout != null) {
            options = options.withIdleTimeout(Duration.ofSeconds(number("--idle-timeout", idleTimeout, 1, 86400)));
        }
        Duration drain = Duration.ofSeconds(number("--drain-timeout", drainTimeout, 0, 86400));
        StaticFiles.DotFiles dotFiles = switch (dotfiles) {
            case "allow" -> StaticFiles.DotFiles.ALLOW;
            case "deny" -> StaticFiles.DotFiles.DENY;
            default -> throw new ParameterException(spec.commandLine(), "--dotfiles takes allow or deny: " + dotfiles);
        };
        if (!Files.isDirectory(root)) {
            err.println("epoll4j serve: --root " + root + " is not a directory");
            return Main.FAILED;
        }
        AccessLogTarget log = accessLog == null ? null : AccessLogTarget.open(accessLog, System.out);
        if (log != null) {
            options = options.withAccessLog(log.sink());
        }
        Router router = new Router()
                .route("/plaintext", CannedResponse.PLAINTEXT)
                .route("/json", CannedResponse.JSON)
                .fallback(new StaticFiles(root, dotFiles));
        HttpServer server;
        try {
            server = HttpServer.start(options, router);
        } catch (Exception e) {
            if (log != null) {
                log.close();
            }
            throw e;
        }
        installSignalHandlers(server, drain, err);
        out.println("epoll4j serve: http://" + hostForUrl(options.host()) + ":" + server.localAddress().getPort()
                + "/ (" + options.threads() + (options.threads() == 1 ? " loop" : " loops") + ", root "
                + root.toAbsolutePath().normalize() + ")");
        out.flush();
        server.awaitShutdown();   // the server wrote what its log still queued
        if (log != null) {
            if (server.accessLogDropped() > 0) {
                err.println("epoll4j serve: " + server.accessLogDropped()
                        + " access log lines were dropped: the log's reader fell behind");
            }
            log.close();
        }
        return Main.OK;
    }

    private static void installSignalHandlers(HttpServer server, Duration drain, PrintWriter err) {
        AtomicBoolean stopping = new AtomicBoolean();
        sun.misc.SignalHandler handler = signal -> {
            if (!stopping.compareAndSet(false, true)) {
                return;
            }
            // The signal thread must return promptly; drain on a thread of our own.
            Thread.ofPlatform().name("epoll4j-shutdown").start(() -> {
                err.println("epoll4j serve: SIG" + signal.getName() + ", finishing responses in flight");
                err.flush();
                boolean drained = server.shutdownGracefully(drain);
                if (!drained) {
                    err.println("epoll4j serve: connections still open after " + drain.toSeconds() + " s were closed");
                    err.flush();
                }
            });
        };
        // SIGHUP too: a closed terminal or a service manager's reload must not cut downloads,
        // which the JVM's default action (exit at once) would.
        for (String name : new String[] {"INT", "TERM", "HUP"}) {
            sun.misc.Signal.handle(new sun.misc.Signal(name), handler);
        }
    }

    private static String hostForUrl(String host) {
        return host.contains(":") ? "[" + host + "]" : host;
    }

    private int number(String option, String value, int min, int max) {
        try {
            int n = Integer.parseInt(value);
            if (n < min || n > max) {
                throw new ParameterException(spec.commandLine(), option + " must be between " + min + " and " + max + ": " + value);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new ParameterException(spec.commandLine(), option + " takes a number: " + value);
        }
    }
}
