package io.epoll4j.bench.server;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The one response every Java peer sends for GET /plaintext, byte for byte the same as the C
 * floor's: {@code Server}, {@code Date}, {@code Content-Type} and {@code Content-Length},
 * then {@code Hello, World!}.
 *
 * <p>The bytes are rebuilt at most once per second, by whichever event-loop thread first
 * notices the second changed; readers take the current array through a volatile read, so the
 * hot path neither locks nor allocates.
 */
public final class PlaintextResponse {

    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT);
    private static final String BODY = "Hello, World!";

    private static volatile byte[] bytes = build(System.currentTimeMillis() / 1000);
    private static volatile long second = System.currentTimeMillis() / 1000;

    private PlaintextResponse() {}

    /** The response as of the given wall-clock time in milliseconds. */
    public static byte[] at(long nowMillis) {
        long s = nowMillis / 1000;
        if (s != second) {
            // Racing threads build the same bytes; the last write wins and is equally right.
            bytes = build(s);
            second = s;
        }
        return bytes;
    }

    /** The length every response has (the Date header has a fixed width). */
    public static int length() {
        return bytes.length;
    }

    private static byte[] build(long epochSecond) {
        String date = HTTP_DATE.format(ZonedDateTime.ofInstant(
                java.time.Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC));
        String head = "HTTP/1.1 200 OK\r\nServer: bench\r\nDate: " + date
                + "\r\nContent-Type: text/plain\r\nContent-Length: " + BODY.length() + "\r\n\r\n";
        return (head + BODY).getBytes(StandardCharsets.US_ASCII);
    }
}
