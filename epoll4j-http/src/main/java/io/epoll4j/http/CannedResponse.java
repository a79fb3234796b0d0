package io.epoll4j.http;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A fixed response pre-encoded once, so answering it copies bytes and allocates nothing: the
 * status line and headers up to {@code Date: }, the cached date, the line ends, the body.
 *
 * {@snippet :
 * Router router = new Router()
 *         .route("/plaintext", CannedResponse.PLAINTEXT)
 *         .route("/json", CannedResponse.JSON)
 *         .route("/health", new CannedResponse(200, "text/plain", "ok".getBytes(StandardCharsets.US_ASCII)));
 * }
 *
 * {@link #PLAINTEXT} and {@link #JSON} follow the TechEmpower rules for their tests: Server,
 * Date, Content-Type and Content-Length headers, exact bodies.
 */
public final class CannedResponse implements HttpHandler {

    /** TechEmpower plaintext: {@code Hello, World!} as text/plain. */
    public static final CannedResponse PLAINTEXT =
            new CannedResponse(200, "text/plain", "Hello, World!".getBytes(StandardCharsets.US_ASCII));

    /** TechEmpower JSON: {@code {"message":"Hello, World!"}} as application/json. */
    public static final CannedResponse JSON = new CannedResponse(200, "application/json",
            "{\"message\":\"Hello, World!\"}".getBytes(StandardCharsets.US_ASCII));

    static final byte[] KEEP_ALIVE_END = Ascii.bytes("\r\n\r\n");
    static final byte[] HTTP10_KEEP_ALIVE_END = Ascii.bytes("\r\nConnection: keep-alive\r\n\r\n");
    static final byte[] CLOSE_END = Ascii.bytes("\r\nConnection: close\r\n\r\n");

    final int status;
    /** Everything before the date: status line, Server, Content-Type, Content-Length, "Date: ". */
    final byte[] prefix;
    final byte[] body;

    /** The whole keep-alive response for one date; immutable once published. */
    private record Encoded(byte[] date, byte[] bytes) {
    }

    /**
     * The usual answer, built once per second so a response is one copy rather than four.
     * Shared by the loop threads: a thread that finds another date builds and publishes its own
     * (at a second boundary two may, harmlessly).
     */
    private volatile Encoded keepAlive = new Encoded(new byte[0], new byte[0]);

    /** A response encoded once: {@code status}, {@code contentType} and {@code body} (copied). */
    public CannedResponse(int status, String contentType, byte[] body) {
        if (HttpStatus.forbidsContent(status) && body.length > 0) {
            throw new IllegalArgumentException("status " + status + " has no content");
        }
        HttpResponse.checkFieldValue(contentType);
        this.status = status;
        this.body = body.clone();
        String head = "Server: " + ResponseWriter.SERVER + "\r\n"
                + "Content-Type: " + contentType + "\r\n"
                + "Content-Length: " + body.length + "\r\n"
                + "Date: ";
        byte[] line = HttpStatus.statusLine(status);
        byte[] rest = Ascii.bytes(head);
        this.prefix = new byte[line.length + rest.length];
        System.arraycopy(line, 0, prefix, 0, line.length);
        System.arraycopy(rest, 0, prefix, line.length, rest.length);
    }

    /**
     * The complete keep-alive response (prefix, {@code date}, line ends, body) for a request
     * that is neither HEAD nor HTTP/1.0; the array is shared: never modify it.
     */
    byte[] keepAliveBytes(byte[] date) {
        Encoded e = keepAlive;
        // DateCache hands out one array per second: identity almost always decides.
        if (e.date != date && !Arrays.equals(e.date, date)) {
            byte[] bytes = new byte[prefix.length + date.length + KEEP_ALIVE_END.length + body.length];
            System.arraycopy(prefix, 0, bytes, 0, prefix.length);
            System.arraycopy(date, 0, bytes, prefix.length, date.length);
            System.arraycopy(KEEP_ALIVE_END, 0, bytes, prefix.length + date.length, KEEP_ALIVE_END.length);
            System.arraycopy(body, 0, bytes, bytes.length - body.length, body.length);
            e = new Encoded(date, bytes);
            keepAlive = e;
        }
        return e.bytes;
    }

    /** Encoded length of this response with keep-alive, body included. */
    public int encodedLength() {
        return prefix.length + HttpDates.LENGTH + KEEP_ALIVE_END.length + body.length;
    }

    @Override
    public void handle(HttpRequest request, HttpResponse response) {
        response.send(this);
    }
}
