package io.epoll4j.http;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Encodes responses back to back into an output segment, so the responses to a pipelined
 * batch leave in one write.
 *
 * {@snippet :
 * void respond(ResponseWriter writer, MemorySegment out, HttpOutput output) throws IOException {
 *     writer.reset(out);                              // a native segment owned by the loop
 *     if (!writer.write(request, response)) {         // no room left: flush, then retry
 *         output.write(out, 0, writer.position());
 *         writer.reset(out);
 *         writer.write(request, response);
 *     }
 *     if (writer.pendingFile() != null || writer.pendingBody() != null) {
 *         // flush out[0, position()), then send the pending body, then writer.clearPending()
 *     }
 * }
 * }
 *
 * <h2>Contract</h2>
 * {@link #write} appends the whole head, and the body when it fits; it writes nothing and
 * returns false when the head (or a canned response) does not fit in the space left. A body
 * that does not fit, and every file body, is left pending: the caller sends the bytes written
 * so far, then the pending body, before anything else. Server and Date are always written;
 * Content-Length always except for 1xx, 204 and 304; {@code Connection: close} when the
 * connection is to close, {@code Connection: keep-alive} to a persistent HTTP/1.0 client.
 * The status line always says HTTP/1.1 (RFC 9110 §6.2).
 */
public final class ResponseWriter {

    /** Value of the Server header. */
    public static final String SERVER = "epoll4j";

    private static final byte[] SERVER_AND_DATE = Ascii.bytes("Server: " + SERVER + "\r\nDate: ");
    private static final byte[] CRLF = Ascii.bytes("\r\n");
    private static final byte[] CONTENT_TYPE = Ascii.bytes("Content-Type: ");
    private static final byte[] CONTENT_LENGTH = Ascii.bytes("Content-Length: ");
    private static final byte[] COLON = Ascii.bytes(": ");
    private static final byte[] CLOSE_END = Ascii.bytes("Connection: close\r\n\r\n");
    private static final byte[] HTTP10_KEEP_ALIVE_END = Ascii.bytes("Connection: keep-alive\r\n\r\n");

    private final DateCache dates;
    private MemorySegment out = MemorySegment.NULL;
    /** The Date of this batch, given to {@link #reset} or read once after it (the clock is not free), or null. */
    private byte[] date;
    private long position;
    private boolean overflow;
    private boolean closing;
    private MemorySegment pendingBody;
    private FileRegion pendingFile;

    /** A writer taking the Date header from {@code dates}. */
    public ResponseWriter(DateCache dates) {
        this.dates = java.util.Objects.requireNonNull(dates, "dates");
    }

    /** Starts a new batch at the beginning of {@code out}. */
    public void reset(MemorySegment out) {
        reset(out, null);
    }

    /** Starts a new batch whose responses carry {@code date} (null: read from the cache when first needed). */
    void reset(MemorySegment out, byte[] date) {
        this.out = out;
        this.position = 0;
        this.date = date;
    }

    /** Bytes written into the output segment since {@link #reset}. */
    public long position() {
        return position;
    }

    /** Whether the last response written announced {@code Connection: close}. */
    public boolean closing() {
        return closing;
    }

    /** A body to send right after the bytes written so far, or {@code null}. */
    public MemorySegment pendingBody() {
        return pendingBody;
    }

    /** A file region to send right after the bytes written so far, or {@code null}. */
    public FileRegion pendingFile() {
        return pendingFile;
    }

    /**
     * Whether a body or a file waits to be sent after the bytes written so far. The session asks
     * this once per response: a call typed {@link FileRegion} would not be inlined while that
     * class is unloaded (a server that has sent no file yet), costing a call per request.
     */
    boolean hasPending() {
        return pendingBody != null || pendingFile != null;
    }

    /** Forgets the pending body or file once the caller has sent it. */
    public void clearPending() {
        pendingBody = null;
        pendingFile = null;
    }

    /**
     * Appends the response to {@code request} ({@code null} when none could be parsed: then the
     * connection closes); false, with nothing written, when it does not fit.
     */
    public boolean write(HttpRequest request, HttpResponse response) {
        boolean close = response.close || request == null || !request.keepAlive();
        boolean http10 = request != null && request.version() == HttpVersion.HTTP_1_0;
        boolean head = request != null && request.method() == Method.HEAD;
        long start = position;
        overflow = false;
        CannedResponse canned = response.canned;
        if (canned != null) {
            if (!close && !http10 && !head) {
                put(canned.keepAliveBytes(date()));
                return finish(start, false);
            }
            put(canned.prefix);
            put(date());
            put(close ? CannedResponse.CLOSE_END
                    : http10 ? CannedResponse.HTTP10_KEEP_ALIVE_END : CannedResponse.KEEP_ALIVE_END);
            if (!head) {
                put(canned.body);
            }
            return finish(start, close);
        }
        int status = response.status;
        put(HttpStatus.statusLine(status));
        put(SERVER_AND_DATE);
        put(date());
        put(CRLF);
        if (response.contentType != null) {
            put(CONTENT_TYPE);
            putLatin1(response.contentType);
            put(CRLF);
        }
        for (int i = 0; i < response.headerCount; i++) {
            putLatin1(response.names[i]);
            put(COLON);
            putLatin1(response.values[i]);
            put(CRLF);
        }
        long length = response.contentLength();
        if (!HttpStatus.forbidsContent(status)) {
            put(CONTENT_LENGTH);
            putDecimal(length);
            put(CRLF);
        }
        put(close ? CLOSE_END : http10 ? HTTP10_KEEP_ALIVE_END : CRLF);
        if (!finish(start, close)) {
            return false;
        }
        if (head || length == 0) {
            return true;
        }
        if (response.file != null) {
            pendingFile = response.file;
        } else if (length <= out.byteSize() - position) {
            MemorySegment.copy(response.body, 0, out, position, length);
            position += length;
        } else {
            pendingBody = response.body;
        }
        return true;
    }

    /**
     * Appends a plain-text error response with {@code Connection: close}; false when it does
     * not fit.
     */
    public boolean writeError(int status) {
        HttpResponse response = new HttpResponse();
        response.status(status).contentType("text/plain; charset=utf-8")
                .body(status + " " + HttpStatus.reason(status) + "\n").close();
        return write(null, response);
    }

    private byte[] date() {
        byte[] d = date;
        if (d == null) {
            d = dates.bytes();
            date = d;
        }
        return d;
    }

    private boolean finish(long start, boolean close) {
        if (overflow) {
            position = start;
            return false;
        }
        closing = close;
        return true;
    }

    private void put(byte[] bytes) {
        if (overflow || out.byteSize() - position < bytes.length) {
            overflow = true;
            return;
        }
        MemorySegment.copy(bytes, 0, out, ValueLayout.JAVA_BYTE, position, bytes.length);
        position += bytes.length;
    }

    private void putLatin1(String text) {
        if (overflow || out.byteSize() - position < text.length()) {
            overflow = true;
            return;
        }
        for (int i = 0; i < text.length(); i++) {
            out.set(ValueLayout.JAVA_BYTE, position++, (byte) text.charAt(i));
        }
    }

    private void putDecimal(long value) {
        int digits = 1;
        for (long v = value; v >= 10; v /= 10) {
            digits++;
        }
        if (overflow || out.byteSize() - position < digits) {
            overflow = true;
            return;
        }
        for (int k = digits - 1; k >= 0; k--) {
            out.set(ValueLayout.JAVA_BYTE, position + k, (byte) ('0' + value % 10));
            value /= 10;
        }
        position += digits;
    }
}

