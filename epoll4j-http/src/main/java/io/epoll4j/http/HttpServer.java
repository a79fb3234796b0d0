package io.epoll4j.http;

import io.epoll4j.fd.ErrnoException;
import io.epoll4j.loop.EventLoopGroup;
import io.epoll4j.net.ConnectionOptions;
import io.epoll4j.net.ServerOptions;
import io.epoll4j.net.TcpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.LongAdder;

/**
 * An HTTP/1.1 server on epoll4j event loops: keep-alive, pipelining with responses batched into
 * as few writes as the batch allows, files through sendfile(2), and guards against slow or
 * hostile clients. Written only against epoll4j's public API.
 *
 * {@snippet :
 * HttpHandler hello = (request, response) -> response.contentType("text/plain").body("hello\n");
 * try (HttpServer server = HttpServer.start(HttpServerOptions.DEFAULTS.withPort(0), hello)) {
 *     System.out.println("listening on " + server.localAddress());
 *     server.awaitShutdown();   // until another thread calls shutdownGracefully() or close()
 * }
 * }
 *
 * <p>Each connection is served by the loop that accepted it. A handler runs on that loop's
 * thread: it must not block, and may keep no per-request state beyond the call.
 */
public final class HttpServer implements AutoCloseable {
    private final HttpServerOptions options;
    private final EventLoopGroup group;
    private final TcpServer tcp;
    private final CountDownLatch stopped = new CountDownLatch(1);
    final LongAdder headerTimeouts = new LongAdder();
    /** Null without an access log. */
    private final AccessLog accessLog;

    private HttpServer(HttpServerOptions options, EventLoopGroup group, HttpHandler handler) throws IOException {
        this.options = options;
        this.group = group;
        DateCache dates = new DateCache();
        this.accessLog = options.accessLog() == null ? null : new AccessLog(handler, options.accessLog());
        HttpHandler served = accessLog == null ? handler : accessLog;
        ConnectionOptions connection = ConnectionOptions.DEFAULTS.withIdleTimeout(options.idleTimeout());
        ServerOptions server = ServerOptions.DEFAULTS.withAcceptMode(options.acceptMode()).withConnection(connection);
        InetSocketAddress address = new InetSocketAddress(InetAddress.getByName(options.host()), options.port());
        this.tcp = TcpServer.start(group, address, server,
                () -> new HttpConnection(this, new HttpSession(served, dates, options.limits())));
    }

    /**
     * Binds and starts serving {@code handler}.
     *
     * @throws ErrnoException EADDRINUSE and the like; nothing stays open then
     */
    public static HttpServer start(HttpServerOptions options, HttpHandler handler) throws IOException {
        EventLoopGroup group = EventLoopGroup.start(options.threads(), "http");
        try {
            return new HttpServer(options, group, handler);
        } catch (IOException | RuntimeException e) {
            group.close();
            throw e;
        }
    }

    /** The address the server listens on (with the chosen port when 0 was asked for). */
    public InetSocketAddress localAddress() {
        return tcp.localAddress();
    }

    public HttpServerOptions options() {
        return options;
    }

    /** Connections open now. */
    public int openConnections() {
        return tcp.openConnections();
    }

    /** Connections closed because a request head did not arrive within the header timeout. */
    public long headerTimeouts() {
        return headerTimeouts.sum();
    }

    /**
     * Stops accepting, lets the responses in flight be written (up to {@code timeout}), then
     * stops the loops. Returns true if every connection ended within the timeout.
     */
    public boolean shutdownGracefully(Duration timeout) {
        try {
            return tcp.shutdownGracefully(timeout);
        } finally {
            group.close();
            closeAccessLog();
            stopped.countDown();
        }
    }

    /** Whether requests are logged: then each connection's client address is looked up. */
    boolean logsAccess() {
        return accessLog != null;
    }

    /**
     * {@return access log lines dropped because the log's reader fell behind (its queue was
     * full); 0 without an access log}
     */
    public long accessLogDropped() {
        return accessLog == null ? 0 : accessLog.writer().dropped();
    }

    /** The loops have stopped: write what the log still queues, a second at most for a slow reader. */
    private void closeAccessLog() {
        if (accessLog != null) {
            accessLog.writer().close(Duration.ofSeconds(1));
        }
    }

    /** Blocks until the server has been shut down. */
    public void awaitShutdown() throws InterruptedException {
        stopped.await();
    }

    /** Stops at once: connections are aborted, the loops end. */
    @Override
    public void close() {
        try {
            tcp.close();
        } finally {
            group.close();
            closeAccessLog();
            stopped.countDown();
        }
    }

    @Override
    public String toString() {
        return "HttpServer[http://" + options.host() + ":" + localAddress().getPort() + "/, "
                + options.threads() + " loops]";
    }
}
