package io.epoll4j.http;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One parsed request, as a view over the bytes it arrived in: offsets, not Strings. Those
 * bytes are the segment the parser was fed (on a server, the loop's read buffer) or, for a
 * request that was split across reads, the parser's own buffer. The parser owns and reuses
 * this object; everything read from it is valid until the next call to
 * {@link RequestParser#feed} or {@link RequestParser#next} (on a server: during the
 * handler's call).
 *
 * {@snippet :
 * byte[] plaintext = "/plaintext".getBytes(StandardCharsets.US_ASCII);   // once, as a constant
 * HttpRequest request = parser.request();
 * if (request.pathEquals(plaintext)) {          // no String made
 *     // ...
 * }
 * String agent = request.header("User-Agent");  // allocates; fine off the hot path
 * }
 *
 * <h2>Implementation notes</h2>
 * Field values are decoded as ISO-8859-1 so obs-text bytes survive unchanged. Trailer fields
 * of a chunked body are kept apart from the header fields and never change framing.
 */
public final class HttpRequest {

    private static final byte[] SLASH = {'/'};

    /** The bytes every offset below points into: the fed segment, or the parser's own buffer. */
    MemorySegment seg = MemorySegment.NULL;
    Method method;
    HttpVersion version;
    int targetStart;
    int targetEnd;
    int pathStart;
    int pathEnd;
    /** Start of the query after '?', or -1 when there is none. */
    int queryStart;
    int hostStart;
    /** End of the host, or -1 when the request named none. */
    int hostEnd;
    /** Four ints per field: name start, name end, value start, value end. */
    int[] fields = new int[4 * 16];
    int headerCount;
    int fieldCount;
    int bodyStart;
    int bodyLength;
    boolean chunked;
    boolean keepAlive;
    int wireLength;

    HttpRequest() {
    }

    void clear() {
        method = null;
        version = null;
        queryStart = -1;
        hostEnd = -1;
        headerCount = 0;
        fieldCount = 0;
        bodyStart = 0;
        bodyLength = 0;
        chunked = false;
        keepAlive = false;
        wireLength = 0;
    }

    /** Moves every offset by {@code delta} after the parser compacted its buffer. */
    void shift(int delta) {
        targetStart += delta;
        targetEnd += delta;
        pathStart += delta;
        pathEnd += delta;
        if (queryStart >= 0) {
            queryStart += delta;
        }
        if (hostEnd >= 0) {
            hostStart += delta;
            hostEnd += delta;
        }
        for (int i = 0; i < fieldCount * 4; i++) {
            fields[i] += delta;
        }
        bodyStart += delta;
    }

    int addField(int nameStart, int nameEnd, int valueStart, int valueEnd) {
        if (fieldCount * 4 == fields.length) {
            fields = Arrays.copyOf(fields, fields.length * 2);
        }
        int f = fieldCount * 4;
        fields[f] = nameStart;
        fields[f + 1] = nameEnd;
        fields[f + 2] = valueStart;
        fields[f + 3] = valueEnd;
        return fieldCount++;
    }

    /** Where the response goes, which knows the client's address; set for each request by the session. */
    HttpOutput output;

    /** The request method. */
    public Method method() {
        return method;
    }

    /**
     * {@return the client's IP address (e.g. {@code 127.0.0.1} or {@code ::1}), or null when
     * it is not known (the peer already gone, a session not on a socket)} Looked up on the
     * first call of a connection (getpeername(2)), and at its start when the server keeps an
     * access log: a server that never asks pays nothing.
     */
    public String remoteAddress() {
        HttpOutput o = output;
        return o == null ? null : o.remoteAddress();
    }

    /** The protocol version of the request line. */
    public HttpVersion version() {
        return version;
    }

    /** The request-target exactly as sent (origin, absolute, authority or asterisk form). */
    public String target() {
        return ascii(targetStart, targetEnd);
    }

    /** The path, still percent-encoded; "/" for an absolute-form target without one. */
    public String path() {
        return pathStart == pathEnd ? "/" : ascii(pathStart, pathEnd);
    }

    /** The query after '?', still percent-encoded, or {@code null}. */
    public String query() {
        return queryStart < 0 ? null : ascii(queryStart, targetEnd);
    }

    /** Whether the path (percent-encoded form, query excluded) equals these ASCII bytes; allocation-free. */
    public boolean pathEquals(byte[] path) {
        if (pathStart == pathEnd) {
            return Arrays.equals(path, SLASH);
        }
        if (pathEnd - pathStart != path.length) {
            return false;
        }
        return Swar.equals(seg, pathStart, path);
    }

    /** The authority the request names: the Host field, or the absolute-form target's; {@code null} if none. */
    public String host() {
        return hostEnd < 0 ? null : latin1(hostStart, hostEnd);
    }

    /** Whether the connection may carry another request after this one's response. */
    public boolean keepAlive() {
        return keepAlive;
    }

    /** Whether the body arrived with chunked transfer coding (it is decoded here). */
    public boolean chunked() {
        return chunked;
    }

    /** How many header fields the request has. */
    public int headerCount() {
        return headerCount;
    }

    /** The name of header field {@code index}, as sent. */
    public String headerName(int index) {
        return fieldPart(checkHeader(index), 0);
    }

    /** The value of header field {@code index}, without surrounding whitespace. */
    public String headerValue(int index) {
        return fieldPart(checkHeader(index), 2);
    }

    /** The first header field of that name (ASCII case-insensitive) or {@code null}. */
    public String header(String name) {
        int i = find(name, 0, headerCount);
        return i < 0 ? null : fieldPart(i, 2);
    }

    /** How many trailer fields a chunked body ended with. */
    public int trailerCount() {
        return fieldCount - headerCount;
    }

    /** The name of trailer field {@code index}, as sent. */
    public String trailerName(int index) {
        return fieldPart(checkTrailer(index), 0);
    }

    /** The value of trailer field {@code index}. */
    public String trailerValue(int index) {
        return fieldPart(checkTrailer(index), 2);
    }

    /** The first trailer field of that name (ASCII case-insensitive) or {@code null}. */
    public String trailer(String name) {
        int i = find(name, headerCount, fieldCount);
        return i < 0 ? null : fieldPart(i, 2);
    }

    /** Decoded body length in bytes. */
    public int bodyLength() {
        return bodyLength;
    }

    /**
     * The decoded body as a view (no copy) of the bytes it arrived in, read-only: on a server the
     * loop's read buffer, or the connection's own buffer for a body split across reads. Valid
     * only while this request is, i.e. during the handler's call; it may be given to
     * {@link HttpResponse#body(MemorySegment)} of this request's response (the server sends it,
     * or copies what the socket does not take, before the memory is reused). Keep the bytes
     * beyond the handler's return with {@link #bodyBytes()}.
     */
    public MemorySegment body() {
        return seg.asSlice(bodyStart, bodyLength).asReadOnly();
    }

    /** A copy of the decoded body, on the heap: it stays valid after the request. */
    public byte[] bodyBytes() {
        return bytes(bodyStart, bodyStart + bodyLength);
    }

    /** Bytes this request occupied on the wire, from its request line to its last body byte. */
    public int wireLength() {
        return wireLength;
    }

    private int find(String name, int from, int to) {
        byte[] lower = Ascii.bytes(name.toLowerCase(java.util.Locale.ROOT));
        for (int i = from; i < to; i++) {
            if (Ascii.equalsIgnoreCase(seg, fields[i * 4], fields[i * 4 + 1], lower)) {
                return i;
            }
        }
        return -1;
    }

    private int checkHeader(int index) {
        return java.util.Objects.checkIndex(index, headerCount);
    }

    private int checkTrailer(int index) {
        return headerCount + java.util.Objects.checkIndex(index, fieldCount - headerCount);
    }

    String fieldPart(int field, int part) {
        return latin1(fields[field * 4 + part], fields[field * 4 + part + 1]);
    }

    private String ascii(int from, int to) {
        return new String(bytes(from, to), StandardCharsets.US_ASCII);
    }

    private String latin1(int from, int to) {
        return new String(bytes(from, to), StandardCharsets.ISO_8859_1);
    }

    private byte[] bytes(int from, int to) {
        return seg.asSlice(from, to - from).toArray(ValueLayout.JAVA_BYTE);
    }

    @Override
    public String toString() {
        return method + " " + target() + " " + version + " (" + headerCount + " headers, "
                + bodyLength + " body bytes)";
    }
}
