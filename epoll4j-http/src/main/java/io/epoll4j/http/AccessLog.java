package io.epoll4j.http;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * A handler that logs one line per request after another handler answered it, in the Common
 * Log Format that log analysers (GoAccess, AWStats, {@code awk}) read:
 * {@code host ident authuser [time] "request line" status bytes}.
 *
 * {@snippet :
 * AccessLogWriter writer = AccessLogWriter.start(System.out, AccessLogWriter.DEFAULT_CAPACITY);
 * HttpHandler logged = new AccessLog(new Router(), writer);
 * // 127.0.0.1 - - [01/Dec/2026:20:07:14 +0000] "GET /index.html HTTP/1.1" 200 5120
 * }
 *
 * <p>Lines go through an {@link AccessLogWriter}: the loop formats the line and offers it to a
 * bounded queue, a writer thread writes it; a full queue drops the line and counts it, so a
 * slow log reader never stops the server. Times are UTC; {@code bytes} is the body sent
 * ({@code -} for none, as for HEAD, 304 and 204).
 */
public final class AccessLog implements HttpHandler {
    private static final DateTimeFormatter CLF_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);

    /** The formatted second, published as one immutable pair. */
    private record Stamp(long second, String text) {}

    private final HttpHandler delegate;
    private final AccessLogWriter writer;
    private volatile Stamp stamp = new Stamp(Long.MIN_VALUE, "");

    /**
     * Logs each request {@code delegate} answers.
     *
     * @param delegate the handler that answers
     * @param writer   where the lines go
     */
    public AccessLog(HttpHandler delegate, AccessLogWriter writer) {
        this.delegate = delegate;
        this.writer = writer;
    }

    /**
     * Logs through a writer thread of its own to {@code out}, with the default queue capacity.
     *
     * @param delegate the handler that answers
     * @param out      where the lines go
     */
    public AccessLog(HttpHandler delegate, PrintStream out) {
        this(delegate, AccessLogWriter.start(out, AccessLogWriter.DEFAULT_CAPACITY));
    }

    /** {@return the writer the lines go through} */
    public AccessLogWriter writer() {
        return writer;
    }

    @Override
    public void handle(HttpRequest request, HttpResponse response) throws IOException {
        try {
            delegate.handle(request, response);
        } finally {
            writer.offer(line(request, response));
        }
    }

    String line(HttpRequest request, HttpResponse response) {
        int status = response.canned != null ? response.canned.status : response.status();
        long bytes = request.method() == Method.HEAD ? 0
                : response.canned != null ? response.canned.body.length : response.contentLength();
        StringBuilder line = new StringBuilder(96);
        String remote = request.remoteAddress();
        line.append(remote == null ? "-" : remote).append(" - - [").append(time()).append("] \"")
                .append(request.method()).append(' ');
        escape(request.target(), line);
        line.append(request.version() == HttpVersion.HTTP_1_0 ? " HTTP/1.0\" " : " HTTP/1.1\" ")
                .append(status).append(' ');
        if (bytes == 0) {
            line.append('-');
        } else {
            line.append(bytes);
        }
        return line.toString();
    }

    private String time() {
        long second = System.currentTimeMillis() / 1000;
        Stamp s = stamp;
        if (s.second() != second) {
            s = new Stamp(second, CLF_TIME.format(Instant.ofEpochSecond(second)));
            stamp = s;
        }
        return s.text();
    }

    /** The target inside quotes: {@code "} and {@code \} escaped as Apache does, so a line always parses. */
    private static void escape(String target, StringBuilder line) {
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c == '"' || c == '\\') {
                line.append('\\');
            }
            line.append(c);
        }
    }
}
