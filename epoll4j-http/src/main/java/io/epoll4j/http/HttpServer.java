package io.epoll4j.http;

import io.epoll4j.fd.ErrnoException;
import io.epoll4j.loop.EventLoopGroup;
import io.epoll4j.loop.EventLoop;
import io.epoll4j.loop.LoopExceptionHandler;
import io.epoll4j.net.ConnectionOptions;
import io.epoll4j.net.MemoryBudget;
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
 *
 * <h2>Memory and fatal errors</h2>
 * Request bodies and output the clients have not read are charged to one
 * {@link HttpServerOptions#memoryBudget()} for the whole server: past it a request gets 503 and
 * a connection whose output would pass it is closed. If a loop nevertheless fails with a
 * {@link VirtualMachineError} ({@link OutOfMemoryError}, say) or its thread ends on its own,
 * the process prints why and exits with status {@value #FATAL_EXIT_STATUS}: a server whose
 * loops are dead but whose port is still open would accept connections and serve none.
 */
public final class HttpServer implements AutoCloseable {
    private final HttpServerOptions options;
    private final EventLoopGroup group;
    private final TcpServer tcp;
    private final CountDownLatch stopped = new CountDownLatch(1);
    final LongAdder headerTimeouts = new LongAdder();
    /** Null without an access log. */
    private final AccessLog accessLog;
    private final MemoryBudget budget;

    /** The exit status after a fatal error on a loop (EX_SOFTWARE of sysexits.h). */
    public static final int FATAL_EXIT_STATUS = 70;

    private static final LoopExceptionHandler FATAL = (loop, source, error) -> {
        if (error instanceof VirtualMachineError || source == loop) {
            // The heap may be exhausted: halt, since exit would run shutdown hooks that need it.
            System.err.println("epoll4j: event loop '" + loop.name() + "' failed with " + error
                    + "; the server cannot go on, exiting with status " + FATAL_EXIT_STATUS);
            Runtime.getRuntime().halt(FATAL_EXIT_STATUS);
        }
        LoopExceptionHandler.PRINT.exceptionCaught(loop, source, error);
    };

    private HttpServer(HttpServerOptions options, EventLoopGroup group, HttpHandler handler) throws IOException {
        this.options = options;
        this.group = group;
        DateCache dates = new DateCache();
        this.accessLog = options.accessLog() == null ? null : new AccessLog(handler, options.accessLog());
        HttpHandler served = accessLog == null ? handler : accessLog;
        this.budget = MemoryBudget.of(options.memoryBudget());
        ConnectionOptions connection = ConnectionOptions.DEFAULTS.withIdleTimeout(options.idleTimeout())
                .withMemoryBudget(budget);
        ServerOptions server = ServerOptions.DEFAULTS.withAcceptMode(options.acceptMode()).withConnection(connection);
        InetSocketAddress address = new InetSocketAddress(InetAddress.getByName(options.host()), options.port());
        try {
            this.tcp = TcpServer.start(group, address, server,
                    () -> new HttpConnection(this, new HttpSession(served, dates, options.limits(), budget)));
        } catch (IOException | RuntimeException e) {
            closeAccessLog();   // its writer thread must not outlive a server that never started
            throw e;
        }
    }

    /**
     * Binds and starts serving {@code handler}.
     *
     * @throws ErrnoException EADDRINUSE and the like; nothing stays open then
     */
    public static HttpServer start(HttpServerOptions options, HttpHandler handler) throws IOException {
        EventLoopGroup group = EventLoop.builder().name("http").exceptionHandler(FATAL).startGroup(options.threads());
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

    /** The options the server was started with. */
    public HttpServerOptions options() {
        return options;
    }

    /** Connections open now. */
    public int openConnections() {
        return tcp.openConnections();
    }

    /** Bytes of split requests and unsent output buffered now, charged to the memory budget. */
    public long bufferedBytes() {
        return budget.used();
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
