package io.epoll4j.http;

import io.epoll4j.net.MemoryBudget;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * Incremental HTTP/1.1 request parser (RFC 9112) for one connection. Feed it whatever bytes
 * arrived, split anywhere; take out complete requests one at a time. Requests are parsed in
 * place, in the segment fed.
 *
 * {@snippet :
 * RequestParser parser = new RequestParser(ParserLimits.DEFAULT);   // one per connection
 *
 * // on each read:
 * void onRead(MemorySegment readBuffer, long bytesRead) {
 *     parser.feed(readBuffer, 0, bytesRead);      // lent, not copied
 *     RequestParser.Status status;
 *     while ((status = parser.next()) == RequestParser.Status.REQUEST) {
 *         HttpRequest request = parser.request(); // valid until the next feed() or next()
 *         // respond ...
 *     }
 *     if (status == RequestParser.Status.ERROR) {
 *         int code = parser.errorStatus();        // 400, 413, 414, 431, 501, 503 or 505
 *         // send the error with Connection: close, then close
 *     }
 *     // NEED_MORE: the parser kept what it still needs; the read buffer may be reused
 * }
 * }
 *
 * <h2>Buffering</h2>
 * {@link #feed} lends the parser a segment: the requests in it are parsed where they lie and
 * their fields are offsets into it, so a request that arrived whole costs no copy and no
 * allocation. The segment must stay unchanged until {@link #next()} returns
 * {@link Status#NEED_MORE} (or {@link Status#ERROR}), until the next {@code feed}, or until
 * {@link #retain()}. Only then, and only if some bytes are still needed, does the parser copy
 * into a buffer of its own:
 * <ul>
 * <li>the start of a request that the segment ends in the middle of. The next segments fed
 *     are copied into that buffer only as far as that request reaches (exactly its body, for
 *     a Content-Length); the requests after it are parsed in place again;</li>
 * <li>on {@link #retain()}, and on a {@code feed} that finds the previous segment not parsed
 *     to its end, everything not yet parsed (a caller that stops taking requests while some
 *     are still in its read buffer).</li>
 * </ul>
 * That buffer is native memory, so the same code parses it and a loop's read buffer. It is
 * allocated at the first split ({@value #INITIAL_CAPACITY} bytes), grows to exactly the head
 * and body of a request with a Content-Length (rounded up to {@value #GROWTH} bytes), and by
 * half its size where the length is not known (a head, a chunked body), and is freed by
 * {@link #trim()} once idle if it grew past {@value #IDLE_CAPACITY}. Memory it grew out of is
 * freed at once, not left to the garbage collector. Every byte past the first
 * {@value #INITIAL_CAPACITY} is charged to a {@link MemoryBudget} shared with the other
 * connections: a request the budget refuses is answered 503. Several pipelined requests in one feed come out one by one;
 * {@link HttpRequest#wireLength()} tells how many bytes each took.
 *
 * <p>A chunked body is decoded in place: its data is moved down over the chunk framing, in the
 * segment fed or in the parser's buffer, wherever the request lies. A read-only segment is
 * therefore copied, as if {@link #retain()} were called at once.
 *
 * <h2>Strictness</h2>
 * Every line must end in CRLF: a bare LF (which RFC 9112 §2.2 lets a recipient accept) is
 * rejected with 400 everywhere, request line, fields, chunk lines and trailers alike, because
 * disagreement about line ends between a proxy and this server is a request-smuggling vector.
 * A bare CR is 400 (§2.2). Empty lines before the request line are skipped (§2.2 SHOULD).
 * After an error the parser stays failed: the connection must be closed. How the bytes were
 * split across feeds never changes what they parse to (the memory budget aside: a split
 * request needs memory of its own, a whole one does not).
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

    /** Size of the own buffer's first allocation, never charged to the budget. */
    static final int INITIAL_CAPACITY = 2048;
    /** An idle own buffer bigger than this (a full 64 KiB read and a partial request) is dropped. */
    static final int IDLE_CAPACITY = 80 * 1024;
    /** The least growth of the own buffer, and the unit its sizes are rounded up to. */
    static final int GROWTH = 16 * 1024;

    private static final int HEAD = 0;
    private static final int BODY_FIXED = 1;
    private static final int BODY_CHUNKED = 2;
    private static final int FAILED = 3;

    private final ParserLimits limits;
    private final HttpRequest request = new HttpRequest();
    private final HeadParser head = new HeadParser();
    private final ChunkedDecoder chunks = new ChunkedDecoder();
    private final HeadScan scan = new HeadScan();
    private final RequestBuffer own;

    /**
     * The bytes parsed now: the segment fed (in place) or {@link #own}'s memory. Every offset
     * below is an index into it.
     */
    private MemorySegment seg = MemorySegment.NULL;
    /** Start of the current (unfinished) request: everything before it is consumed. */
    private int start;
    /** End of the bytes available in {@link #seg}. */
    private int limit;
    private int phase = HEAD;
    private int error;

    private long bodyRemaining;
    /** A head asked for 100-continue and its body is awaited; see {@link #expectsContinue()}. */
    private boolean continueDue;

    /**
     * While the own buffer is parsed: the segment fed last, whose bytes from {@link #pending}
     * to {@link #pendingEnd} have not been copied yet; {@link MemorySegment#NULL} when none.
     */
    private MemorySegment input = MemorySegment.NULL;
    private int pending;
    private int pendingEnd;
    /** Bytes at the end of the own buffer copied from {@link #input}, still there to parse in place. */
    private int copied;

    /** A parser enforcing {@code limits}, with no memory budget. */
    public RequestParser(ParserLimits limits) {
        this(limits, MemoryBudget.UNLIMITED);
    }

    /** A parser whose own buffer's growth is charged to {@code budget}. */
    public RequestParser(ParserLimits limits, MemoryBudget budget) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.own = new RequestBuffer(budget);
    }

    /**
     * Lends the parser {@code src[offset, offset + length)}: requests are parsed from it in
     * place, so it must stay unchanged until {@link #next()} has returned
     * {@link Status#NEED_MORE} or {@link Status#ERROR}, until the next {@code feed}, or until
     * {@link #retain()}. Unparsed bytes of the previous segment are copied first.
     */
    public void feed(MemorySegment src, long offset, long length) {
        Objects.checkFromIndexSize(offset, length, src.byteSize());
        retain();
        if (phase == FAILED) {
            return;
        }
        if (offset + length > Integer.MAX_VALUE) {
            src = src.asSlice(offset, length);   // offsets are ints: index a view of just these bytes
            offset = 0;
        }
        int from = (int) offset;
        int to = (int) (offset + length);
        if (limit == start) {
            seg = src;   // nothing held: parse in place
            start = from;
            scan.reset(from);
            limit = to;
        } else {
            input = src;   // completes what is held: copied as far as the request needs
            pending = from;
            pendingEnd = to;
        }
        if (src.isReadOnly()) {
            retain();   // a chunked body would be decoded in place: work on a copy
        }
    }

    /** As {@link #feed(MemorySegment, long, long)}, over {@code src[offset, offset + length)}. */
    public void feed(byte[] src, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, src.length);
        feed(MemorySegment.ofArray(src), offset, length);
    }

    /**
     * Copies what the parser has not parsed yet of the segment fed last into its own buffer,
     * so the caller may reuse that segment at once: for a connection that stops asking for
     * requests (too much output waits) with more of them in the read buffer. The requests
     * returned so far are no longer valid. A copy the budget refuses fails the parser with 503.
     */
    public void retain() {
        if (phase == FAILED) {
            return;
        }
        if (seg != own.memory()) {
            hold();
        } else if (pending < pendingEnd) {
            append(pendingEnd - pending);
        }
        input = MemorySegment.NULL;
        pending = pendingEnd = copied = 0;
    }

    /** Parses on; see {@link Status}. */
    public Status next() {
        while (true) {
            Status status = parse();
            if (status == Status.REQUEST) {
                resumeInPlace();
                return status;
            }
            if (status == Status.ERROR) {
                return status;
            }
            if (seg != own.memory()) {
                hold();   // the fed segment ends in the middle of a request: keep its start
                return phase == FAILED ? Status.ERROR : Status.NEED_MORE;
            }
            if (pending == pendingEnd) {
                return Status.NEED_MORE;
            }
            if (!append(wanted())) {
                return Status.ERROR;
            }
        }
    }

    private Status parse() {
        if (phase == HEAD && !head()) {
            return phase == FAILED ? Status.ERROR : Status.NEED_MORE;
        }
        if (phase == BODY_FIXED) {
            if (limit - request.bodyStart < bodyRemaining) {
                return Status.NEED_MORE;
            }
            request.bodyLength = (int) bodyRemaining;
            return complete(request.bodyStart + request.bodyLength);
        }
        if (phase == BODY_CHUNKED) {
            int r = chunks.decode(seg, limit, request);
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
     * Parses the head of the next request once it is all there; false while it is not, or
     * when it is rejected (the parser has then failed). A method of its own, so that
     * {@link #parse()} stays small enough for C2 to inline into {@link #next()}.
     */
    private boolean head() {
        if (start == limit) {
            // Nothing of a next request yet: the question every read asks after its last
            // request, answered without resetting the head parser or scanning nothing.
            return false;
        }
        int headEnd = HeadParser.INCOMPLETE;
        if (scan.untouched()) {
            // The first look at this request: if its head is all here and valid, one pass
            // over it parses it. Anything else is left to the scan below, which decides.
            headEnd = head.parse(seg, start, limit, request, limits);
        }
        if (headEnd < 0) {
            headEnd = scan.find(seg, limit, limits);
            start = scan.requestStart();
            if (headEnd < 0) {
                if (headEnd != HeadScan.NEED_MORE) {
                    fail(-headEnd);
                }
                return false;
            }
            int status = head.parse(seg, start, headEnd, request, limits);
            assert status != HeadParser.INCOMPLETE : "a scanned head ends by its bound";
            if (status < 0) {
                fail(-status);
                return false;
            }
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
            // Room for exactly this request, reserved now if it is not all here: refused, it
            // is 503 before its body comes.
            if (limit - headEnd < bodyRemaining && !reserve(headEnd - start + bodyRemaining)) {
                fail(503);
                return false;
            }
        }
        return true;
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

    /** Bytes fed and not yet returned as part of a request: held in the own buffer, or still lent. */
    public int buffered() {
        return limit - start + pendingEnd - pending;
    }

    /**
     * Whether {@code bytes} lie in the parser's own buffer (a request that was split, or kept),
     * which it writes over as it parses on: such bytes must be sent or copied before.
     */
    boolean holdsBytesOf(MemorySegment bytes) {
        MemorySegment memory = own.memory();
        long at = bytes.address() - memory.address();
        return bytes.isNative() && at >= 0 && at < memory.byteSize();
    }

    /** The own buffer's size now, for tests of its growth. */
    int capacity() {
        return (int) own.memory().byteSize();
    }

    /**
     * Gives a large own buffer back once nothing is buffered (call it after the requests
     * returned so far are answered: their fields may point into the buffer).
     */
    public void trim() {
        if (buffered() == 0 && phase == HEAD) {
            seg = request.seg = MemorySegment.NULL;   // no longer pins the segment fed last
            start = limit = 0;
            scan.reset(0);
            own.trim();
        }
    }

    /**
     * Frees the own buffer now and gives its budget back: the connection is gone. The parser
     * must not be used again. A parser dropped without it has its buffer freed by the
     * garbage collector, and its charge never given back.
     */
    public void release() {
        own.release();
        seg = input = request.seg = MemorySegment.NULL;
        start = limit = pending = pendingEnd = copied = 0;
        scan.reset(0);
        phase = FAILED;
    }

    private Status complete(int end) {
        request.wireLength = end - start;
        start = end;
        scan.reset(end);
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
     * After a request completed in the own buffer: the bytes held past it were copied from the
     * segment fed last (the request had not arrived before it), which still holds them, so the
     * parser goes back to parsing that segment in place. Bytes held past it that came from
     * earlier (kept by {@link #retain()}) are parsed where they are.
     */
    private void resumeInPlace() {
        int after = limit - start;
        if (seg != own.memory() || after > copied) {
            return;
        }
        if (input == MemorySegment.NULL) {
            start = limit = 0;   // nothing after it: the own buffer is empty again
            scan.reset(0);
            return;
        }
        seg = input;
        start = pending - after;
        scan.reset(start);
        limit = pendingEnd;
        input = MemorySegment.NULL;
        pending = pendingEnd = copied = 0;
    }

    /** Moves the unparsed bytes of the fed segment to the start of the own buffer, and parses there. */
    private void hold() {
        int n = limit - start;
        if (n == 0) {
            seg = own.memory();   // the whole segment was parsed: nothing to keep (the common case)
            start = limit = 0;
            scan.reset(0);
            return;
        }
        if (!own.ensure(n, 0)) {
            fail(503);
            return;
        }
        MemorySegment memory = own.memory();
        MemorySegment.copy(seg, start, memory, 0, n);
        if (request.seg == seg && phase != HEAD) {
            request.seg = memory;   // a head parsed, its body awaited: it lies in the own buffer now
        }
        seg = memory;
        shift(-start);
    }

    /** How many bytes of the pending segment to copy next: what the request needs, if known, else a growth step's worth. */
    private int wanted() {
        long room;
        if (phase == BODY_FIXED) {
            room = request.bodyStart + bodyRemaining - limit;
        } else {
            int held = limit - start;
            long capacity = own.memory().byteSize();
            room = (held < capacity ? capacity : own.nextCapacity()) - held;
        }
        return (int) Math.min(room, pendingEnd - pending);
    }

    /** Copies the next {@code n} pending bytes to the end of the own buffer; false when the budget refuses. */
    private boolean append(int n) {
        if (!reserve(limit - start + n)) {
            fail(503);
            return false;
        }
        MemorySegment.copy(input, pending, seg, limit, n);
        limit += n;
        pending += n;
        copied += n;
        return true;
    }

    /**
     * Makes the own buffer hold {@code bytes} from the current request's start; false if the
     * budget refuses. Parsing in place, the buffer is empty: this only reserves.
     */
    private boolean reserve(long bytes) {
        MemorySegment before = own.memory();
        if (seg != before) {
            return own.ensure(bytes, 0);
        }
        if (before.byteSize() - start >= bytes) {
            return true;
        }
        compact();
        // Where the request's length is not known (a head, a chunked body), grow by half the
        // size: in fixed steps, a body of n bytes would be copied n / GROWTH times over.
        long size = phase == BODY_FIXED ? bytes : Math.max(bytes, own.nextCapacity());
        if (!own.ensure(size, limit)) {
            return false;
        }
        MemorySegment after = own.memory();
        if (request.seg == before) {
            request.seg = after;
        }
        seg = after;
        return true;
    }

    /** Moves the held bytes down to the start of the own buffer. */
    private void compact() {
        if (start > 0) {
            MemorySegment.copy(seg, start, seg, 0, limit - start);
            shift(-start);
        }
    }

    /** Moves every offset of the request in progress by {@code delta}: its bytes moved. */
    private void shift(int delta) {
        start += delta;
        limit += delta;
        scan.shift(delta);
        if (phase != HEAD) {
            request.shift(delta);
            chunks.shift(delta);
        }
    }
}
