package io.epoll4j.http;

import io.epoll4j.net.AcceptMode;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Objects;

/**
 * How an {@link HttpServer} listens and guards itself.
 *
 * {@snippet :
 * HttpServerOptions options = HttpServerOptions.DEFAULTS
 *         .withHost("127.0.0.1").withPort(8080)
 *         .withThreads(Runtime.getRuntime().availableProcessors())
 *         .withHeaderTimeout(Duration.ofSeconds(10));   // slowloris: a request head must arrive within 10 s
 * }
 *
 * @param host          the address to bind (a name or a literal; v4 or v6)
 * @param port          the port; 0 lets the kernel choose
 * @param threads       event loops, one thread each
 * @param acceptMode    how the loops share the listening port
 * @param limits        request line, header and body limits (414, 431, 413)
 * @param headerTimeout a request begun must be complete within this, or the connection closes
 * @param idleTimeout   a keep-alive connection with nothing to do closes after this
 * @param accessLog     where to log one line per request, or null for no log
 * @param memoryBudget  bytes that all connections together may buffer, request bodies and
 *                      output the clients have not read; a request past it gets 503, a
 *                      connection whose output passes it is closed (default: half the heap)
 */
public record HttpServerOptions(String host, int port, int threads, AcceptMode acceptMode, ParserLimits limits,
                                Duration headerTimeout, Duration idleTimeout, PrintStream accessLog,
                                long memoryBudget) {
    /** 127.0.0.1:8080, one loop per core, SO_REUSEPORT, default limits, 10 s head, 120 s idle, no log, half the heap. */
    public static final HttpServerOptions DEFAULTS = new HttpServerOptions("127.0.0.1", 8080,
            Runtime.getRuntime().availableProcessors(), AcceptMode.REUSEPORT, ParserLimits.DEFAULT,
            Duration.ofSeconds(10), Duration.ofSeconds(120), null, Runtime.getRuntime().maxMemory() / 2);

    /** Checks the values: a port in range, at least one thread, positive timeouts. */
    public HttpServerOptions {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(acceptMode, "acceptMode");
        Objects.requireNonNull(limits, "limits");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1: " + threads);
        }
        if (memoryBudget < 0) {
            throw new IllegalArgumentException("negative memory budget: " + memoryBudget);
        }
        if (headerTimeout.isNegative() || headerTimeout.isZero() || idleTimeout.isNegative()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
    }

    /** These options with the address to bind. */
    public HttpServerOptions withHost(String value) {
        return new HttpServerOptions(value, port, threads, acceptMode, limits, headerTimeout, idleTimeout, accessLog, memoryBudget);
    }

    /** These options with the port (0: the kernel picks one). */
    public HttpServerOptions withPort(int value) {
        return new HttpServerOptions(host, value, threads, acceptMode, limits, headerTimeout, idleTimeout, accessLog, memoryBudget);
    }

    /** These options with the number of event loops. */
    public HttpServerOptions withThreads(int value) {
        return new HttpServerOptions(host, port, value, acceptMode, limits, headerTimeout, idleTimeout, accessLog, memoryBudget);
    }

    /** These options with how the loops share the listening port. */
    public HttpServerOptions withAcceptMode(AcceptMode value) {
        return new HttpServerOptions(host, port, threads, value, limits, headerTimeout, idleTimeout, accessLog, memoryBudget);
    }

    /** These options with the request limits. */
    public HttpServerOptions withLimits(ParserLimits value) {
        return new HttpServerOptions(host, port, threads, acceptMode, value, headerTimeout, idleTimeout, accessLog, memoryBudget);
    }

    /** These options with the time a begun request has to arrive whole. */
    public HttpServerOptions withHeaderTimeout(Duration value) {
        return new HttpServerOptions(host, port, threads, acceptMode, limits, value, idleTimeout, accessLog, memoryBudget);
    }

    /** These options with the time an idle keep-alive connection stays open. */
    public HttpServerOptions withIdleTimeout(Duration value) {
        return new HttpServerOptions(host, port, threads, acceptMode, limits, headerTimeout, value, accessLog, memoryBudget);
    }

    /** These options with an access log (Common Log Format) to {@code value}, or none for null. */
    public HttpServerOptions withAccessLog(PrintStream value) {
        return new HttpServerOptions(host, port, threads, acceptMode, limits, headerTimeout, idleTimeout, value, memoryBudget);
    }

    /** These options with at most {@code bytes} buffered for split requests and output across all connections. */
    public HttpServerOptions withMemoryBudget(long bytes) {
        return new HttpServerOptions(host, port, threads, acceptMode, limits, headerTimeout, idleTimeout, accessLog, bytes);
    }
}
