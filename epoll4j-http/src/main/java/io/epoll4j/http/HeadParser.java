package io.epoll4j.http;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

/**
 * Parses a request head (request line and header section, up to its empty line) into an
 * {@link HttpRequest} in one pass, applying RFC 9112's rules strictly, in place in the segment
 * that holds it. Returns the index just past the head, minus the status code of the rejection,
 * or {@link #INCOMPLETE} when the head goes on past the bound it was given.
 *
 * {@snippet :
 * int parseHead(HeadParser heads, MemorySegment seg, int start, int limit, HttpRequest request) {
 *     int end = heads.parse(seg, start, limit, request, ParserLimits.DEFAULT);
 *     if (end == HeadParser.INCOMPLETE) {
 *         return 0;    // wait for more bytes
 *     }
 *     return end;      // past the head (its body, if any, starts there), or minus 400, 413, 414, 431, 501 or 505
 * }
 * }
 *
 * <h2>Two ways to call it</h2>
 * {@link RequestParser} first calls it with the bound at the end of the bytes at hand, before
 * it knows whether the head is all there: that one pass is the whole parse of nearly every
 * request. Only when it does not accept the head does the request parser scan for the head's
 * end (skipping empty lines before it, and rejecting what can never become a head as soon as it
 * arrives) and call it again with the bound at that end, where its answer is final: a rejection
 * then has the status below, whatever it was the first time. Both passes run the same code,
 * so what is accepted, and how, does not depend on which one accepted it.
 *
 * <h2>Order of rejections</h2>
 * Malformed request line 400; then version 505; then unknown method 501; then field lines in
 * order (400, or 431 past the count limit); then the cross-field rules (Host, framing, 413).
 */
final class HeadParser {

    private static final byte[] CONTENT_LENGTH = Ascii.bytes("content-length");
    private static final byte[] TRANSFER_ENCODING = Ascii.bytes("transfer-encoding");
    private static final byte[] HOST = Ascii.bytes("host");
    private static final byte[] CONNECTION = Ascii.bytes("connection");
    private static final byte[] CHUNKED = Ascii.bytes("chunked");
    private static final byte[] CLOSE = Ascii.bytes("close");
    private static final byte[] KEEP_ALIVE = Ascii.bytes("keep-alive");
    private static final byte[] EXPECT = Ascii.bytes("expect");
    private static final byte[] CONTINUE = Ascii.bytes("100-continue");
    /** CR LF as the little-endian two-byte word that ends a field line. */
    private static final ValueLayout.OfShort CRLF_WORD =
            ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final short CRLF = (short) (Ascii.CR | Ascii.LF << 8);
    /** What {@link #parse} returns when the head goes on past its bound. */
    static final int INCOMPLETE = -1;

    /** Framing found in the header section, read by {@link RequestParser} after a successful parse. */
    long contentLength;
    boolean hasContentLength;
    boolean hasTransferEncoding;
    /**
     * The first Expect field says 100-continue. Values are already trimmed of OWS and hold no
     * other whitespace a String strip could remove, and no Latin-1 letter outside ASCII folds
     * onto one of "continue", so the byte compare decides as {@code strip().equalsIgnoreCase} would.
     */
    boolean expectsContinue;

    private boolean expectSeen;
    /** The first Host field's value, noted as it passes so it is not looked up again. */
    private int hostValueStart;
    private int hostValueEnd;
    /** Where the last field line parsed by {@link #parseHeadField} ended (just past its LF). */
    private int next;

    private int hostCount;
    private int teCodings;
    private int teChunked;
    private boolean teLastChunked;
    private boolean connectionClose;
    private boolean connectionKeepAlive;
    /**
     * The last Host value of 8 to 16 bytes this parser found valid, as the two words that
     * cover it (its first eight bytes and its last eight) and its length, 0 while there is
     * none. A server's requests carry the same Host over and over, and two word compares cost a
     * fraction of validating the authority again.
     */
    private int validHostLength;
    private long validHostHead;
    private long validHostTail;

    /**
     * Parses the head that starts at {@code start} and ends at its first empty line, looking
     * no further than {@code bound}; returns the index just past that empty line, or minus the
     * status code of the rejection, or {@link #INCOMPLETE} when the head does not end before
     * {@code bound}. Each byte is looked at once.
     */
    int parse(MemorySegment seg, int start, int bound, HttpRequest req, ParserLimits limits) {
        contentLength = 0;
        hasContentLength = false;
        hasTransferEncoding = false;
        hostCount = 0;
        teCodings = 0;
        teChunked = 0;
        teLastChunked = false;
        connectionClose = false;
        connectionKeepAlive = false;
        expectsContinue = false;
        expectSeen = false;
        req.clear();
        req.seg = seg;

        int lf = Swar.indexOf(seg, start, bound, Ascii.LF);
        if (lf == bound) {
            return INCOMPLETE;
        }
        if (lf - 1 <= start || seg.get(JAVA_BYTE, lf - 1) != Ascii.CR) {
            return -400;   // an empty line or a bare LF: HeadScan, which sees every line, decides
        }
        if (lf - 1 - start > limits.maxRequestLine()) {
            return -414;
        }
        int status = RequestLine.parse(seg, start, lf - 1, req);
        if (status != 0) {
            return -status;
        }
        int fieldsStart = lf + 1;
        int line = fieldsStart;
        while (true) {
            if (line + 2 > bound) {
                return INCOMPLETE;
            }
            if (seg.get(CRLF_WORD, line) == CRLF) {
                break;
            }
            if (req.fieldCount == limits.maxHeaderCount()) {
                return -431;
            }
            int field = parseHeadField(seg, line, bound, req);
            if (field < 0) {
                return field;
            }
            status = interpret(seg, req, field);
            if (status != 0) {
                return -status;
            }
            line = next;
        }
        int headEnd = line + 2;
        if (headEnd - fieldsStart > limits.maxHeaderBytes()) {
            return -431;
        }
        req.headerCount = req.fieldCount;
        status = finish(req, limits);
        return status != 0 ? -status : headEnd;
    }

    /**
     * Parses the field line starting at {@code from} as {@link #parseFieldLine} does, finding
     * its end on the way: each byte is looked at once, none at or past {@code bound}. CR is
     * neither a tchar nor a field byte, so every scan stops at the CRLF that ends the line; a
     * line whose value stops at anything but CRLF holds a byte {@link #parseFieldLine} rejects
     * too. {@link #INCOMPLETE} when the line reaches {@code bound}.
     */
    private int parseHeadField(MemorySegment seg, int from, int bound, HttpRequest req) {
        // A line starting with OWS (obs-fold) has no tchar before it: no name, 400.
        int colon = Ascii.skipTchars(seg, from, bound);
        if (colon == bound) {
            return INCOMPLETE;
        }
        if (colon == from || seg.get(JAVA_BYTE, colon) != ':') {
            return -400;
        }
        int valueStart = colon + 1;
        while (valueStart < bound && Ascii.isOws(seg.get(JAVA_BYTE, valueStart))) {
            valueStart++;
        }
        int end = Swar.skipPlainFieldBytes(seg, valueStart, bound);
        while (end < bound && Ascii.isFieldByte(seg.get(JAVA_BYTE, end))) {
            end++;
        }
        if (end + 2 > bound) {
            return INCOMPLETE;
        }
        if (seg.get(CRLF_WORD, end) != CRLF) {
            return -400;
        }
        next = end + 2;
        int valueEnd = end;
        while (valueEnd > valueStart && Ascii.isOws(seg.get(JAVA_BYTE, valueEnd - 1))) {
            valueEnd--;
        }
        return req.addField(from, colon, valueStart, valueEnd);
    }

    /**
     * Parses one field line {@code seg[from, to)} (CRLF excluded) into a new field of
     * {@code req}; returns its index, or minus the status code of the rejection.
     */
    static int parseFieldLine(MemorySegment seg, int from, int to, HttpRequest req) {
        if (Ascii.isOws(seg.get(JAVA_BYTE, from))) {
            // obs-fold, or whitespace between the start line and the first field (RFC 9112 §5.2, §2.2).
            return -400;
        }
        int colon = from;
        while (colon < to && Ascii.isTchar(seg.get(JAVA_BYTE, colon))) {
            colon++;
        }
        // Covers: no colon, empty name, whitespace before the colon (RFC 9112 §5.1), CTLs in the name.
        if (colon == to || colon == from || seg.get(JAVA_BYTE, colon) != ':') {
            return -400;
        }
        int valueStart = colon + 1;
        while (valueStart < to && Ascii.isOws(seg.get(JAVA_BYTE, valueStart))) {
            valueStart++;
        }
        int valueEnd = to;
        while (valueEnd > valueStart && Ascii.isOws(seg.get(JAVA_BYTE, valueEnd - 1))) {
            valueEnd--;
        }
        for (int i = valueStart; i < valueEnd; i++) {
            // Rejects NUL, bare CR, other CTLs and DEL (RFC 9110 §5.5).
            if (!Ascii.isFieldByte(seg.get(JAVA_BYTE, i))) {
                return -400;
            }
        }
        return req.addField(from, colon, valueStart, valueEnd);
    }

    private int interpret(MemorySegment seg, HttpRequest req, int field) {
        int[] f = req.fields;
        int ns = f[field * 4];
        int ne = f[field * 4 + 1];
        int vs = f[field * 4 + 2];
        int ve = f[field * 4 + 3];
        switch (ne - ns) {
            case 4 -> {
                if (Swar.equalsIgnoreCase(seg, ns, ne, HOST)) {
                    if (hostCount++ == 0) {
                        hostValueStart = vs;
                        hostValueEnd = ve;
                    }
                    if (req.hostEnd < 0) {
                        req.hostStart = vs;
                        req.hostEnd = ve;
                    }
                }
            }
            case 6 -> {
                if (!expectSeen && Swar.equalsIgnoreCase(seg, ns, ne, EXPECT)) {
                    expectSeen = true;
                    expectsContinue = Swar.equalsIgnoreCase(seg, vs, ve, CONTINUE);
                }
            }
            case 10 -> {
                if (Swar.equalsIgnoreCase(seg, ns, ne, CONNECTION)) {
                    connectionOptions(seg, vs, ve);
                }
            }
            case 14 -> {
                if (Swar.equalsIgnoreCase(seg, ns, ne, CONTENT_LENGTH)) {
                    return contentLength(seg, vs, ve);
                }
            }
            case 17 -> {
                if (Swar.equalsIgnoreCase(seg, ns, ne, TRANSFER_ENCODING)) {
                    return transferCodings(seg, vs, ve);
                }
            }
            default -> {
            }
        }
        return 0;
    }

    /**
     * Content-Length = 1*DIGIT, once. RFC 9110 §8.6 lets a recipient either reject a list of
     * identical values (or the field repeated) or take it as one; both llhttp and nginx reject
     * it, so it is 400 here too: a server that frames what the others in front of it refuse is
     * what request smuggling needs (ParserDifferentialTest).
     */
    private int contentLength(MemorySegment seg, int from, int to) {
        if (hasContentLength) {
            return 400;
        }
        int i = from;
        while (i < to && Ascii.isOws(seg.get(JAVA_BYTE, i))) {
            i++;
        }
        int digits = i;
        long value = 0;
        for (byte b; i < to && (b = seg.get(JAVA_BYTE, i)) >= '0' && b <= '9'; i++) {
            if (value > (Long.MAX_VALUE - 9) / 10) {
                return 400;
            }
            value = value * 10 + (b - '0');
        }
        if (i == digits) {
            return 400;
        }
        while (i < to && Ascii.isOws(seg.get(JAVA_BYTE, i))) {
            i++;
        }
        if (i < to) {
            return 400;
        }
        hasContentLength = true;
        contentLength = value;
        return 0;
    }

    /** Transfer-Encoding: a list of codings; all lines form one list (RFC 9110 §5.3). */
    private int transferCodings(MemorySegment seg, int from, int to) {
        hasTransferEncoding = true;
        int i = from;
        do {
            while (i < to && Ascii.isOws(seg.get(JAVA_BYTE, i))) {
                i++;
            }
            int start = i;
            while (i < to && seg.get(JAVA_BYTE, i) != ',') {
                i++;
            }
            int end = i;
            while (end > start && Ascii.isOws(seg.get(JAVA_BYTE, end - 1))) {
                end--;
            }
            if (end == start) {
                return 400;
            }
            boolean chunked = Swar.equalsIgnoreCase(seg, start, end, CHUNKED);
            if (!chunked) {
                for (int k = start; k < end; k++) {
                    // A coding is a token with optional parameters; anything else is garbage.
                    byte b = seg.get(JAVA_BYTE, k);
                    if (!Ascii.isTchar(b) && b != ';' && b != '=' && b != '"' && !Ascii.isOws(b)) {
                        return 400;
                    }
                }
            }
            teCodings++;
            teChunked += chunked ? 1 : 0;
            teLastChunked = chunked;
        } while (i++ < to);
        return 0;
    }

    private void connectionOptions(MemorySegment seg, int from, int to) {
        int i = from;
        while (i < to) {
            for (byte b; i < to && (Ascii.isOws(b = seg.get(JAVA_BYTE, i)) || b == ','); ) {
                i++;
            }
            int start = i;
            for (byte b; i < to && (b = seg.get(JAVA_BYTE, i)) != ',' && !Ascii.isOws(b); ) {
                i++;
            }
            connectionClose |= Swar.equalsIgnoreCase(seg, start, i, CLOSE);
            connectionKeepAlive |= Swar.equalsIgnoreCase(seg, start, i, KEEP_ALIVE);
        }
    }

    /**
     * Whether the Host value {@code seg[from, to)} is a valid authority: the same bytes as the
     * last one found valid, or valid by {@link RequestLine#validAuthority}. Same length and
     * same first and last eight bytes are the same bytes when the length is at most sixteen.
     */
    private boolean validHost(MemorySegment seg, int from, int to) {
        int length = to - from;
        if (length < Long.BYTES || length > 2 * Long.BYTES) {
            return RequestLine.validAuthority(seg, from, to, true);
        }
        long head = seg.get(Swar.LONG, from);
        long tail = seg.get(Swar.LONG, to - Long.BYTES);
        if (length == validHostLength && head == validHostHead && tail == validHostTail) {
            return true;
        }
        if (!RequestLine.validAuthority(seg, from, to, true)) {
            return false;
        }
        validHostLength = length;
        validHostHead = head;
        validHostTail = tail;
        return true;
    }

    private int finish(HttpRequest req, ParserLimits limits) {
        if (hostCount > 1) {
            return 400;
        }
        if (hostCount == 0 && req.version == HttpVersion.HTTP_1_1) {
            return 400;
        }
        if (hostCount == 1 && !validHost(req.seg, hostValueStart, hostValueEnd)) {
            return 400;
        }
        if (hasTransferEncoding) {
            // RFC 9112 §6.1: TE with CL, or in HTTP/1.0, is faulty framing; TE whose final coding
            // is not chunked leaves the length undeterminable: 400. chunked applied twice: 400.
            if (hasContentLength || req.version == HttpVersion.HTTP_1_0 || !teLastChunked
                    || teChunked > 1) {
                return 400;
            }
            if (teCodings > 1) {
                return 501;  // e.g. "gzip, chunked": a coding we do not implement (§6.1 SHOULD 501)
            }
            req.chunked = true;
        }
        if (hasContentLength && contentLength > limits.maxBody()) {
            return 413;
        }
        req.keepAlive = !connectionClose
                && (req.version == HttpVersion.HTTP_1_1 || connectionKeepAlive);
        return 0;
    }
}
