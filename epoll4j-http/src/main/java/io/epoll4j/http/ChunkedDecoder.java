package io.epoll4j.http;

import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

/**
 * Decodes a chunked body (RFC 9112 §7.1) in place, in the segment the request lies in (the
 * fed segment or the parser's own buffer): chunk data is moved down over the chunk framing,
 * so the decoded body ends up contiguous right after the head. Resumable at any byte
 * boundary, and across a move of the undecoded bytes ({@link #shift}).
 *
 * {@snippet :
 * int decodeBody(ChunkedDecoder decoder, MemorySegment seg, int bodyStart, int limit,
 *                HttpRequest request) {
 *     decoder.start(bodyStart, limits);
 *     return decoder.decode(seg, limit, request); // NEED_MORE, DONE, or a status code
 * }
 * }
 *
 * <h2>Strictness</h2>
 * Every line ends in CRLF (a bare LF is 400, as everywhere in this parser); chunk-size is
 * 1 to 16 hex digits; whitespace is allowed only before a ';' extension; extensions must be
 * {@code token [= token / quoted-string]} and a size line longer than
 * {@link ParserLimits#maxChunkLine()} is 400. Trailer lines follow the header field rules.
 */
final class ChunkedDecoder {

    static final int NEED_MORE = -1;
    static final int DONE = 0;

    private static final int SIZE = 0;
    private static final int DATA = 1;
    private static final int DATA_END = 2;
    private static final int TRAILER = 3;

    private int state;
    /** Next undecoded byte. */
    private int read;
    /** Where the next decoded byte goes. */
    private int write;
    private long remaining;
    private long total;
    private int trailerBytes;
    private int bodyStart;
    private ParserLimits limits;

    void start(int bodyStart, ParserLimits limits) {
        this.state = SIZE;
        this.read = bodyStart;
        this.write = bodyStart;
        this.bodyStart = bodyStart;
        this.remaining = 0;
        this.total = 0;
        this.trailerBytes = 0;
        this.limits = limits;
    }

    void shift(int delta) {
        read += delta;
        write += delta;
        bodyStart += delta;
    }

    /** Offset just past the last chunked byte consumed; the request's end once DONE. */
    int end() {
        return read;
    }

    int decodedLength() {
        return write - bodyStart;
    }

    int decode(MemorySegment seg, int limit, HttpRequest req) {
        while (true) {
            switch (state) {
                case SIZE -> {
                    int lf = lineEnd(seg, read, limit);
                    if (lf == NEED_MORE) {
                        return limit - read > limits.maxChunkLine() ? 400 : NEED_MORE;
                    }
                    if (lf < 0) {
                        return -lf;
                    }
                    if (lf - 1 - read > limits.maxChunkLine()) {
                        return 400;
                    }
                    long size = sizeLine(seg, read, lf - 1);
                    if (size < 0) {
                        return 400;
                    }
                    if (size > limits.maxBody() - total) {
                        return 413;
                    }
                    total += size;
                    remaining = size;
                    read = lf + 1;
                    state = size == 0 ? TRAILER : DATA;
                }
                case DATA -> {
                    int n = (int) Math.min(remaining, limit - read);
                    if (write != read) {
                        MemorySegment.copy(seg, read, seg, write, n);   // overlapping: as if through a temporary
                    }
                    read += n;
                    write += n;
                    remaining -= n;
                    if (remaining > 0) {
                        return NEED_MORE;
                    }
                    state = DATA_END;
                }
                case DATA_END -> {
                    if (limit - read < 2) {
                        return limit > read && seg.get(JAVA_BYTE, read) != Ascii.CR ? 400 : NEED_MORE;
                    }
                    if (seg.get(JAVA_BYTE, read) != Ascii.CR
                            || seg.get(JAVA_BYTE, read + 1) != Ascii.LF) {
                        return 400;
                    }
                    read += 2;
                    state = SIZE;
                }
                case TRAILER -> {
                    int lf = lineEnd(seg, read, limit);
                    if (lf == NEED_MORE) {
                        return trailerBytes + limit - read > limits.maxHeaderBytes() ? 431 : NEED_MORE;
                    }
                    if (lf < 0) {
                        return -lf;
                    }
                    trailerBytes += lf + 1 - read;
                    if (trailerBytes > limits.maxHeaderBytes()) {
                        return 431;
                    }
                    if (lf - 1 == read) {
                        read = lf + 1;
                        return DONE;
                    }
                    if (req.fieldCount - req.headerCount == limits.maxHeaderCount()) {
                        return 431;
                    }
                    int field = HeadParser.parseFieldLine(seg, read, lf - 1, req);
                    if (field < 0) {
                        return -field;
                    }
                    read = lf + 1;
                }
                default -> throw new IllegalStateException("chunked state " + state);
            }
        }
    }

    /** Index of the LF ending the line at {@code from}; NEED_MORE; or -400 for a bare LF. */
    private static int lineEnd(MemorySegment seg, int from, int limit) {
        for (int i = from; i < limit; i++) {
            if (seg.get(JAVA_BYTE, i) == Ascii.LF) {
                return i > from && seg.get(JAVA_BYTE, i - 1) == Ascii.CR ? i : -400;
            }
        }
        return NEED_MORE;
    }

    /** chunk-size [chunk-ext] of {@code seg[from, to)}; -1 when malformed or overflowing. */
    private static long sizeLine(MemorySegment seg, int from, int to) {
        int i = from;
        long size = 0;
        for (byte b; i < to && Ascii.isHex(b = seg.get(JAVA_BYTE, i)); i++) {
            if (i - from == 16 || size > (Long.MAX_VALUE >> 4)) {
                return -1;
            }
            size = (size << 4) | Ascii.hexValue(b);
        }
        if (i == from) {
            return -1;
        }
        while (i < to) {
            while (i < to && Ascii.isOws(seg.get(JAVA_BYTE, i))) {
                i++;
            }
            if (i == to || seg.get(JAVA_BYTE, i) != ';') {
                return -1;
            }
            i = extension(seg, i + 1, to);
            if (i < 0) {
                return -1;
            }
        }
        return size;
    }

    /** One {@code OWS ext-name [OWS "=" OWS ext-val] OWS} after a ';'; returns the index after it or -1. */
    private static int extension(MemorySegment seg, int i, int to) {
        while (i < to && Ascii.isOws(seg.get(JAVA_BYTE, i))) {
            i++;
        }
        int name = i;
        while (i < to && Ascii.isTchar(seg.get(JAVA_BYTE, i))) {
            i++;
        }
        if (i == name) {
            return -1;
        }
        while (i < to && Ascii.isOws(seg.get(JAVA_BYTE, i))) {
            i++;
        }
        if (i < to && seg.get(JAVA_BYTE, i) == '=') {
            i++;
            while (i < to && Ascii.isOws(seg.get(JAVA_BYTE, i))) {
                i++;
            }
            if (i < to && seg.get(JAVA_BYTE, i) == '"') {
                i++;
                for (byte b; i < to && (b = seg.get(JAVA_BYTE, i)) != '"'; ) {
                    if (b == '\\') {
                        i++;
                    }
                    if (i >= to || !Ascii.isFieldByte(seg.get(JAVA_BYTE, i))) {
                        return -1;
                    }
                    i++;
                }
                if (i >= to) {
                    return -1;
                }
                i++;
            } else {
                int value = i;
                while (i < to && Ascii.isTchar(seg.get(JAVA_BYTE, i))) {
                    i++;
                }
                if (i == value) {
                    return -1;
                }
            }
            while (i < to && Ascii.isOws(seg.get(JAVA_BYTE, i))) {
                i++;
            }
        }
        return i;
    }
}
