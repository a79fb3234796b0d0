package io.epoll4j.http;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * The response a handler fills in; {@link ResponseWriter} encodes it. One per connection,
 * reset before each request. Server, Date, Content-Length and Connection are written by the
 * encoder and must not be set here.
 *
 * {@snippet :
 * response.status(201)
 *         .contentType("application/json")
 *         .header("Location", "/items/42")
 *         .body("{\"id\":42}");
 * }
 *
 * A body is one of: bytes ({@link #body(byte[])}, {@link #body(String)},
 * {@link #body(MemorySegment)}), a file region sent with sendfile ({@link #file}), or a
 * pre-encoded {@link CannedResponse} that replaces everything else.
 */
public final class HttpResponse {

    int status = 200;
    String contentType;
    String[] names = new String[8];
    String[] values = new String[8];
    int headerCount;
    MemorySegment body;
    FileRegion file;
    CannedResponse canned;
    boolean close;

    /** An empty 200 response; the server reuses one per connection. */
    public HttpResponse() {
    }

    /** Back to an empty 200 with no headers and no body. */
    public void reset() {
        status = 200;
        contentType = null;
        Arrays.fill(names, 0, headerCount, null);
        Arrays.fill(values, 0, headerCount, null);
        headerCount = 0;
        body = null;
        file = null;
        canned = null;
        close = false;
    }

    /** The status code; one the server knows a reason phrase for. */
    public HttpResponse status(int code) {
        HttpStatus.reason(code);
        this.status = code;
        return this;
    }

    /** The status code set so far (200 by default). */
    public int status() {
        return status;
    }

    /** The Content-Type; checked so that no CR, LF or NUL can split the head. */
    public HttpResponse contentType(String type) {
        this.contentType = checkFieldValue(type);
        return this;
    }

    /** Adds a header field; names and values are checked so no CR, LF or NUL can split the head. */
    public HttpResponse header(String name, String value) {
        if (name.isEmpty() || !name.chars().allMatch(Ascii::isTchar)) {
            throw new IllegalArgumentException("invalid header name: " + name);
        }
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        if (lower.equals("content-length") || lower.equals("connection") || lower.equals("date")
                || lower.equals("server") || lower.equals("transfer-encoding")) {
            throw new IllegalArgumentException(name + " is written by the encoder");
        }
        checkFieldValue(value);
        if (headerCount == names.length) {
            names = Arrays.copyOf(names, headerCount * 2);
            values = Arrays.copyOf(values, headerCount * 2);
        }
        names[headerCount] = name;
        values[headerCount] = value;
        headerCount++;
        return this;
    }

    /** The first header of that name set by the handler, or {@code null}. */
    public String header(String name) {
        for (int i = 0; i < headerCount; i++) {
            if (names[i].equalsIgnoreCase(name)) {
                return values[i];
            }
        }
        return null;
    }

    /** The body: {@code bytes}, which must not change until the response is written. */
    public HttpResponse body(byte[] bytes) {
        return body(MemorySegment.ofArray(bytes));
    }

    /** The body as UTF-8. */
    public HttpResponse body(String text) {
        return body(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The body; the segment must stay valid until the response is written. */
    public HttpResponse body(MemorySegment bytes) {
        this.body = Objects.requireNonNull(bytes, "bytes");
        this.file = null;
        return this;
    }

    /** A body sent from a file region (with sendfile on the wire). */
    public HttpResponse file(FileRegion region) {
        this.file = Objects.requireNonNull(region, "region");
        this.body = null;
        return this;
    }

    /** Answers with a pre-encoded response; status, headers and body set here are ignored. */
    public HttpResponse send(CannedResponse response) {
        this.canned = Objects.requireNonNull(response, "response");
        return this;
    }

    /** Closes the connection after this response. */
    public HttpResponse close() {
        this.close = true;
        return this;
    }

    /** Content length the encoder will announce. */
    long contentLength() {
        if (HttpStatus.forbidsContent(status)) {
            return 0;
        }
        return file != null ? file.length() : body != null ? body.byteSize() : 0;
    }

    static String checkFieldValue(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c > 0xFF || !Ascii.isFieldByte(c)) {
                throw new IllegalArgumentException("invalid character in header value: " + value);
            }
        }
        return value;
    }
}
