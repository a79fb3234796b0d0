package io.epoll4j.http;

import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

/**
 * Finds where a request head ends, just past its empty line, in bytes that arrive in pieces:
 * each call resumes where the last one stopped, so a head fed a byte at a time is still looked
 * at once. It rejects what can never become a head as soon as it arrives (a bare LF, a request
 * line that is no method and a space, a line or a header section past its limit), so that a
 * client sending garbage is answered at once and the answer does not depend on how the bytes
 * were cut. Empty lines before the request line are skipped (RFC 9112 §2.2).
 *
 * {@snippet :
 * int headEnd(HeadScan scan, MemorySegment seg, int start, int limit) {
 *     scan.reset(start);                                       // a new request starts here
 *     int end = scan.find(seg, limit, ParserLimits.DEFAULT);  // as more bytes arrive: same scan, larger limit
 *     int requestStart = scan.requestStart();                 // past the empty lines before it
 *     return end;   // just past the head, HeadScan.NEED_MORE, or minus 400, 414 or 431
 * }
 * }
 *
 * <p>{@link RequestParser} needs it only when its one pass of {@link HeadParser} over the
 * bytes at hand did not accept a head; {@link HeadParser} then parses the head this found.
 */
final class HeadScan {

    /** What {@link #find} returns while the head has not ended. */
    static final int NEED_MORE = -1;

    /** Where the request starts: past the empty lines before its request line. */
    private int requestStart;
    /** Where to look for the next LF. */
    private int next;
    /** Where the current line starts. */
    private int lineStart;
    /** Just past the request line's LF; -1 while it has not ended. */
    private int requestLineEnd = -1;

    /** Starts over for a request that begins at {@code at}. */
    void reset(int at) {
        requestStart = next = lineStart = at;
        requestLineEnd = -1;
    }

    /** Where the request starts, once {@link #find} has skipped the empty lines before it. */
    int requestStart() {
        return requestStart;
    }

    /** Whether none of the request's bytes has been scanned yet. */
    boolean untouched() {
        return next == requestStart;
    }

    /** Moves every offset by {@code delta}: the bytes moved. */
    void shift(int delta) {
        requestStart += delta;
        next += delta;
        lineStart += delta;
        if (requestLineEnd >= 0) {
            requestLineEnd += delta;
        }
    }

    /**
     * Scans on up to {@code limit}: returns the index just past the head's empty line,
     * {@link #NEED_MORE}, or minus the status code of the rejection.
     */
    int find(MemorySegment b, int limit, ParserLimits limits) {
        for (int i = next; (i = Swar.indexOf(b, i, limit, Ascii.LF)) < limit; i++) {
            if (i == lineStart || b.get(JAVA_BYTE, i - 1) != Ascii.CR) {
                return -400;
            }
            int length = i - 1 - lineStart;
            if (requestLineEnd < 0) {
                if (length == 0) {
                    requestStart = i + 1;  // an empty line before the request line: skip it
                } else if (length > limits.maxRequestLine()) {
                    return -414;
                } else if (!RequestLine.plausibleStart(b, lineStart, i - 1)) {
                    return -400;   // as for an unfinished line, so the answer does not depend on read sizes
                } else {
                    requestLineEnd = i + 1;
                }
            } else {
                if (i + 1 - requestLineEnd > limits.maxHeaderBytes()) {
                    return -431;
                }
                if (length == 0) {
                    next = i + 1;
                    return i + 1;
                }
            }
            lineStart = i + 1;
        }
        next = limit;
        if (requestLineEnd < 0 && !RequestLine.plausibleStart(b, lineStart, limit)) {
            return -400;   // binary (a TLS ClientHello, say): answer now, not after the header timeout
        }
        if (requestLineEnd < 0 && limit - lineStart > limits.maxRequestLine() + 1) {
            return -414;
        }
        if (requestLineEnd >= 0 && limit - requestLineEnd > limits.maxHeaderBytes()) {
            return -431;
        }
        return NEED_MORE;
    }
}
