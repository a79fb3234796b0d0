package io.epoll4j.http;

import io.epoll4j.net.MemoryBudget;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Incremental HTTP/1.1 request parser (RFC 9112) for one connection. Feed it whatever bytes
 * arrived, split anywhere; take out complete requests one at a time.
 *
 * {@snippet :
 * RequestParser parser = new RequestParser(ParserLimits.DEFAULT);   // one per connection
 *
 * // on each read:
 * void onRead(MemorySegment readBuffer, long bytesRead) {
 *     parser.feed(readBuffer, 0, bytesRead);      // copies; the read buffer may be reused at once
 *     RequestParser.Status status;
 *     while ((status = parser.next()) == RequestParser.Status.REQUEST) {
 *         HttpRequest request = parser.request(); // valid until the next feed() or next()
 *         // respond ...
 *     }
 *     if (status == RequestParser.Status.ERROR) {
 *         int code = parser.errorStatus();        // 400, 413, 414, 431, 501 or 505
 *         // send the error with Connection: close, then close
 *     }
 * }
 * }
 *
 * <h2>Buffering</h2>
 * The parser keeps partial state itself: {@link #feed} always takes every byte (copying it
 * into a per-connection heap buffer that grows as needed and shrinks back when idle), so the
 * caller keeps nothing between reads. The buffer grows in steps of {@value #GROWTH} bytes, not
 * by doubling, to exactly the head and body of a request with a Content-Length; every byte
 * past the first {@value #INITIAL_CAPACITY} is charged to a {@link MemoryBudget} shared with
 * the other connections, and a request the budget refuses is answered 503. Each request's fields are offsets into that buffer;
 * a complete GET allocates nothing. Several pipelined requests in one feed come out one by
 * one; {@link HttpRequest#wireLength()} tells how many bytes each took.
 *
 * <h2>Strictness</h2>
 * Every line must end in CRLF: a bare LF (which RFC 9112 §2.2 lets a recipient accept) is
 * rejected with 400 everywhere, request line, fields, chunk lines and trailers alike, because
 * disagreement about line ends between a proxy and this server is a request-smuggling vector.
 * A bare CR is 400 (§2.2). Empty lines before the request line are skipped (§2.2 SHOULD).
 * After an error the parser stays failed: the connection must be closed.
 *
 * <h2>Not thread-safe</h2>
 * One parser per connection, used by the connection's loop thread.
 */
public final class RequestParser {

    /**
     * What {@link #next()} found.
     *
     * {@snippet :
     * switch (parser.next()) {
     *     case REQUEST -> respond(parser.request());
     *     case NEED_MORE -> { } // wait for the next read
     *     case ERROR -> fail(parser.errorStatus());
     * }
     * }
     */
    public enum Status {
        /** A complete request is in {@link #request()}. */
        REQUEST,
        /** No complete request buffered; feed more bytes. */
        NEED_MORE,
        /** The input is invalid; see {@link #errorStatus()}. Terminal. */
        ERROR
    }

    private static final int INITIAL_CAPACITY = 2048;
    /** An idle buffer bigger than this (a full 64 KiB read and a partial request) is dropped back to the initial size. */
    private static final int IDLE_CAPACITY = 80 * 1024;
    /** Growth step of the buffer. */
    static final int GROWTH = 16 * 1024;

    private static final int HEAD = 0;
    private static final int BODY_FIXED = 1;
    private static final int BODY_CHUNKED = 2;
    private static final int FAILED = 3;

    private final ParserLimits limits;
    private final MemoryBudget budget;
    /** Bytes of the buffer charged to the budget: its size past {@link #INITIAL_CAPACITY}. */
    private long charged;
    private final HttpRequest request = new HttpRequest();
    private final HeadParser head = new HeadParser();
    private final ChunkedDecoder chunks = new ChunkedDecoder();

    private byte[] buf = new byte[INITIAL_CAPACITY];
    /** Start of the current (unfinished) request: everything before it is consumed. */
    private int start;
    /** End of the buffered bytes. */
    private int limit;
    private int phase = HEAD;
    private int error;

    // Head scanning, resumable: where to look next, where the current line starts, where the
    // request line ended (-1 while it has not).
    private int scan;
    private int lineStart;
    private int requestLineEnd = -1;

    private long bodyRemaining;
    /** A head asked for 100-continue and its body is awaited; see {@link #expectsContinue()}. */
    private boolean continueDue;

    /** A parser enforcing {@code limits}, with no memory budget. */
    public RequestParser(ParserLimits limits) {
        this(limits, MemoryBudget.UNLIMITED);
    }

    /** A parser whose buffer growth is charged to {@code budget}. */
    public RequestParser(ParserLimits limits, MemoryBudget budget) {
        this.limits = java.util.Objects.requireNonNull(limits, "limits");
        this.budget = java.util.Objects.requireNonNull(budget, "budget");
    }

    /** Appends {@code length} bytes of {@code src} from {@code offset}; all are taken. */
    public void feed(MemorySegment src, long offset, long length) {
        int n = Math.toIntExact(length);
        if (!prepare(n)) {
            return;
        }
        MemorySegment.copy(src, ValueLayout.JAVA_BYTE, offset, buf, limit, n);
        limit += n;
    }

    /** Appends {@code length} bytes of {@code src} from {@code offset}; all are taken. */
    public void feed(byte[] src, int offset, int length) {
        java.util.Objects.checkFromIndexSize(offset, length, src.length);
        if (!prepare(length)) {
            return;
        }
        System.arraycopy(src, offset, buf, limit, length);
        limit += length;
    }

    /** Parses on; see {@link Status}. */
    public Status next() {
        if (phase == HEAD) {
            int headEnd = scanHead();
            if (headEnd < 0) {
                return headEnd == -1 ? Status.NEED_MORE : fail(-headEnd);
            }
            int status = head.parse(buf, start, requestLineEnd, headEnd, request, limits);
            if (status != 0) {
                return fail(status);
            }
            request.bodyStart = headEnd;
            // RFC 9110 §10.1.1: an HTTP/1.0 client's 100-continue is ignored.
            continueDue = request.version() == HttpVersion.HTTP_1_1 && head.expectsContinue;
            if (request.chunked) {
                chunks.start(headEnd, limits);
                phase = BODY_CHUNKED;
            } else {
                bodyRemaining = head.contentLength;
                phase = BODY_FIXED;
                // Room for exactly this request, reserved now: refused, it is 503 before its body comes.
                if (!ensure(headEnd - start + bodyRemaining)) {
                    return fail(503);
                }
            }
        }
        if (phase == BODY_FIXED) {
            if (limit - request.bodyStart < bodyRemaining) {
                return Status.NEED_MORE;
            }
            request.bodyLength = (int) bodyRemaining;
            return complete(request.bodyStart + request.bodyLength);
        }
        if (phase == BODY_CHUNKED) {
            int r = chunks.decode(buf, limit, request);
            if (r == ChunkedDecoder.NEED_MORE) {
                return Status.NEED_MORE;
            }
            if (r != ChunkedDecoder.DONE) {
                return fail(r);
            }
            request.bodyLength = chunks.decodedLength();
            return complete(chunks.end());
        }
        return Status.ERROR;
    }

    /**
     * Whether the client of the request in progress waits for {@code 100 Continue} before it
     * sends the body: an HTTP/1.1 head with {@code Expect: 100-continue} whose body has not
     * all arrived (RFC 9110 §10.1.1). True at most once per request, after {@link #next()}
     * returned {@link Status#NEED_MORE}: the caller then sends the interim response.
     */
    public boolean expectsContinue() {
        if (continueDue && (phase == BODY_FIXED || phase == BODY_CHUNKED)) {
            continueDue = false;
            return true;
        }
        return false;
    }

    /** The request the last {@link Status#REQUEST} produced. */
    public HttpRequest request() {
        return request;
    }

    /** The status code for the response to a rejected request; 0 before any error. */
    public int errorStatus() {
        return error;
    }

    /** Bytes buffered and not yet returned as part of a request. */
    public int buffered() {
        return limit - start;
    }

    /** The buffer's size now, for tests of its growth. */
    int capacity() {
        return buf.length;
    }

    /**
     * Gives a large buffer back once nothing is buffered (call it after the requests returned
     * so far are answered: their fields point into the buffer).
     */
    public void trim() {
        if (limit == start && buf.length > IDLE_CAPACITY) {
            resize(INITIAL_CAPACITY);
            start = limit = scan = lineStart = 0;
            requestLineEnd = -1;
        }
    }

    /** Gives the buffer's budget back: the connection is gone. The parser must not be used again. */
    public void release() {
        budget.release(charged);
        charged = 0;
        buf = new byte[0];
        request.buf = buf;
        phase = FAILED;
    }

    private Status complete(int end) {
        request.wireLength = end - start;
        start = end;
        scan = end;
        lineStart = end;
        requestLineEnd = -1;
        phase = HEAD;
        continueDue = false;
        return Status.REQUEST;
    }

    private Status fail(int status) {
        phase = FAILED;
        continueDue = false;
        error = status;
        return Status.ERROR;
    }

    /**
     * Makes room for {@code n} more bytes, first dropping consumed ones; false after a failure
     * (input is then ignored).
     */
    private boolean prepare(int n) {
        if (phase == FAILED) {
            return false;
        }
        if (start > 0) {
            int kept = limit - start;
            System.arraycopy(buf, start, buf, 0, kept);
            int delta = -start;
            scan += delta;
            lineStart += delta;
            if (requestLineEnd >= 0) {
                requestLineEnd += delta;
            }
            if (phase != HEAD) {
                request.shift(delta);
                chunks.shift(delta);
            }
            start = 0;
            limit = kept;
        }
        if (limit == 0 && buf.length > IDLE_CAPACITY && n <= INITIAL_CAPACITY) {
            resize(INITIAL_CAPACITY);
        }
        if (buf.length - limit < n && !ensure((long) limit + n)) {
            fail(503);
            return false;
        }
        return true;
    }

    /** Makes the buffer hold at least {@code needed} bytes from {@link #start}; false if the budget refuses. */
    private boolean ensure(long needed) {
        long want = needed + (start > 0 ? start : 0);
        if (want <= buf.length) {
            return true;
        }
        long size = (want + GROWTH - 1) / GROWTH * GROWTH;
        if (size > Integer.MAX_VALUE - 8) {
            return false;
        }
        long more = size - Math.max(buf.length, INITIAL_CAPACITY);
        if (!budget.tryReserve(more)) {
            return false;
        }
        charged += more;
        resize((int) size);
        return true;
    }

    private void resize(int size) {
        long before = Math.max(buf.length - INITIAL_CAPACITY, 0);
        long after = Math.max(size - INITIAL_CAPACITY, 0);
        if (after < before) {
            budget.release(before - after);
            charged -= before - after;
        }
        buf = java.util.Arrays.copyOf(buf, size);
        request.buf = buf;
    }

    /**
     * Finds the end of the head (just past its empty line), resuming where the last call
     * stopped; -1 when more bytes are needed, or minus a status code.
     */
    private int scanHead() {
        byte[] b = buf;
        for (int i = scan; (i = Swar.indexOfLf(b, i, limit)) < limit; i++) {
            if (i == lineStart || b[i - 1] != Ascii.CR) {
                return -400;
            }
            int length = i - 1 - lineStart;
            if (requestLineEnd < 0) {
                if (length == 0) {
                    start = i + 1;  // an empty line before the request line: skip it
                } else if (length > limits.maxRequestLine()) {
                    return -414;
                } else if (!methodPlausible(b, lineStart, i - 1)) {
                    return -400;   // as for an unfinished line, so the answer does not depend on read sizes
                } else {
                    requestLineEnd = i + 1;
                }
            } else {
                if (i + 1 - requestLineEnd > limits.maxHeaderBytes()) {
                    return -431;
                }
                if (length == 0) {
                    scan = i + 1;
                    return i + 1;
                }
            }
            lineStart = i + 1;
        }
        scan = limit;
        if (requestLineEnd < 0 && !methodPlausible(b, lineStart, limit)) {
            return -400;   // binary (a TLS ClientHello, say): answer now, not after the header timeout
        }
        if (requestLineEnd < 0 && limit - lineStart > limits.maxRequestLine() + 1) {
            return -414;
        }
        if (requestLineEnd >= 0 && limit - requestLineEnd > limits.maxHeaderBytes()) {
            return -431;
        }
        return -1;
    }

    /**
     * Whether the start of an unfinished request line {@code b[from, to)} can still become one:
     * a method token (tchars) up to the first space. A lone CR may begin an empty line.
     */
    private static boolean methodPlausible(byte[] b, int from, int to) {
        if (from < to && b[from] == Ascii.CR) {
            return to - from == 1;
        }
        for (int i = from; i < to; i++) {
            if (b[i] == ' ') {
                return i > from;
            }
            if (!Ascii.isTchar(b[i])) {
                return false;
            }
        }
        return true;
    }
}
