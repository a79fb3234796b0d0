package io.epoll4j.http;

import io.epoll4j.fd.ErrnoException;
import io.epoll4j.fd.OwnedFd;
import io.epoll4j.net.MemoryBudget;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * The HTTP side of one connection: bytes in, parsed, routed, encoded, bytes and file regions
 * out. The connection layer calls {@link #onRead} with what it read and gives it an output
 * segment to encode into and an {@link HttpOutput} to send through.
 *
 * {@snippet :
 * // on readable, after read(2) put n bytes into the loop's read segment:
 * void onReadable(HttpSession session, MemorySegment readSegment, long n, MemorySegment loopOutSegment,
 *                 HttpOutput output) throws IOException {
 *     boolean open = session.onRead(readSegment, 0, n, loopOutSegment, output);
 *     // open == false: output.close() has been called; stop reading this connection
 *     if (open && session.paused()) {
 *         // too much output waits: stop reading; once it has drained, session.resume(out, output)
 *     }
 * }
 * }
 *
 * <h2>Batching</h2>
 * All responses to the requests one read completed are encoded back to back into the output
 * segment and handed over with one {@link HttpOutput#write} at the end, which the connection
 * sends with one write(2) when the read callback returns; the segment is not reused until
 * {@link HttpOutput#flush()} has sent or copied what it holds. A file or a body too large for
 * the segment goes in between. A parse error is answered with its status and
 * {@code Connection: close}, and the connection is closed lingering; so is a handler's
 * exception (with 500).
 *
 * <h2>Memory</h2>
 * Requests are parsed in place in {@code in}, the loop's read segment: a request that arrived
 * whole is never copied, and is valid during its handler's call only. Bytes are copied into
 * the session's own buffer in two cases only: the start of a request that {@code in} ends in
 * the middle of (completed from the next reads, copied only as far as that request reaches),
 * and the requests a pause leaves unanswered (all of {@code in} not yet parsed). The parser
 * with that buffer and its field table, the response writer and the response are an exchange
 * borrowed from the loop's pool for each read, kept as long as a request is in progress (split
 * across reads, or waiting behind a pause) and given back after: an idle keep-alive session
 * holds none of them. The own buffer's growth is charged to the {@link MemoryBudget} (503
 * when it refuses) and bounded by the {@link ParserLimits}; see {@link RequestParser}.
 *
 * <h2>Bounds</h2>
 * Pipelined requests are answered only while less than {@value #MAX_PENDING_BYTES} bytes of
 * output wait for the peer, and fewer than {@value #MAX_PENDING_RESPONSES} responses have been
 * produced since the output last drained; past either bound the session flushes, and if
 * output still waits it stops ({@link #paused()}) with the rest of the requests still
 * buffered. A client that sends and never reads therefore holds at most that much memory and,
 * since a file is opened only when its response is produced, that many open files.
 *
 * <h2>Files</h2>
 * A file body is opened ({@link FileRegion#open()}) before its head is encoded: if the open
 * fails the response becomes a 503 (out of descriptors or memory) or a 500, never a 200 head
 * followed by a close.
 *
 * <h2>Expect: 100-continue</h2>
 * When a head asking for it is complete and its body has not arrived, the session sends
 * {@code HTTP/1.1 100 Continue} at once, after any responses before it.
 */
public final class HttpSession {
    /** Output waiting for the peer past which no more requests are answered until it drains. */
    public static final long MAX_PENDING_BYTES = 256 * 1024;
    /** Responses produced while output waits past which the session flushes, then pauses if it must. */
    public static final int MAX_PENDING_RESPONSES = 64;

    /** The interim response to {@code Expect: 100-continue}. */
    private static final MemorySegment CONTINUE = MemorySegment.ofArray(Ascii.bytes("HTTP/1.1 100 Continue\r\n\r\n"));

    private final HttpHandler handler;
    final ParserLimits limits;
    final MemoryBudget budget;
    final DateCache dates;
    private HttpLoop loop;
    /** Borrowed from the loop while a request is in progress; null when idle. */
    private Exchange exchange;
    private MemorySegment out;
    /** Where the bytes encoded but not yet handed to the output begin. */
    private long staged;
    private boolean closed;
    private boolean paused;
    /** Responses produced since the output was last seen drained. */
    private int sinceDrained;
    /** The file of the response being encoded, opened and not yet handed to the output. */
    private OwnedFd file;

    /** A session answering with {@code handler}, with no memory budget. */
    public HttpSession(HttpHandler handler, DateCache dates, ParserLimits limits) {
        this(handler, dates, limits, MemoryBudget.UNLIMITED);
    }

    /** A session whose request buffering is charged to {@code budget} (503 when it refuses). */
    public HttpSession(HttpHandler handler, DateCache dates, ParserLimits limits, MemoryBudget budget) {
        this.handler = Objects.requireNonNull(handler, "handler");
        this.dates = Objects.requireNonNull(dates, "dates");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.budget = Objects.requireNonNull(budget, "budget");
    }

    /** Shares the pool of {@code loop} (the connection's event loop) instead of one of its own. */
    void bind(HttpLoop shared) {
        this.loop = shared;
    }

    /**
     * Handles {@code in[offset, offset + length)}; returns false once the connection is to be
     * closed (then {@link HttpOutput#close} has been called). {@code out} must hold the
     * largest response head, 8 KiB is plenty, and is not reused before the next
     * {@link HttpOutput#flush()}.
     */
    public boolean onRead(MemorySegment in, long offset, long length, MemorySegment out,
                          HttpOutput output) throws IOException {
        if (closed) {
            return false;
        }
        borrow().parser.feed(in, offset, length);
        return answer(out, output);
    }

    /** Answers the requests still buffered after a pause; as {@link #onRead}. */
    public boolean resume(MemorySegment out, HttpOutput output) throws IOException {
        return !closed && exchange != null && answer(out, output);
    }

    private Exchange borrow() {
        if (exchange == null) {
            if (loop == null) {
                loop = new HttpLoop();   // a session used on its own, as in tests
            }
            exchange = loop.take(this);
        }
        return exchange;
    }

    private boolean answer(MemorySegment out, HttpOutput output) throws IOException {
        Exchange x = exchange;
        RequestParser parser = x.parser;
        this.out = out;
        x.writer.reset(out, loop.date(dates));
        staged = 0;
        paused = false;
        boolean linger;
        try {
            linger = serve(x, output);
        } finally {
            // What was not parsed yet (after a pause, or a throw) is kept: the read segment is
            // reused once this returns. A no-op after a NEED_MORE, which kept what it needs.
            parser.retain();
            this.out = null;
        }
        if (closed) {
            release();
            output.close(linger);
        } else if (parser.buffered() == 0 && !paused) {
            parser.trim();
            exchange = null;
            loop.give(x);   // idle again: the connection holds no parsing state
        }
        return !closed;
    }

    /** Answers requests until more bytes are needed, a pause, or the end; true to close lingering. */
    private boolean serve(Exchange x, HttpOutput output) throws IOException {
        RequestParser parser = x.parser;
        ResponseWriter writer = x.writer;
        boolean linger = false;
        while (!closed) {
            if (output.pendingBytes() + writer.position() - staged == 0) {
                sinceDrained = 0;
            } else if (sinceDrained >= MAX_PENDING_RESPONSES
                    || output.pendingBytes() + writer.position() - staged > MAX_PENDING_BYTES) {
                drain(writer, output);
                if (output.pendingBytes() > 0) {
                    paused = true;   // resumed once the connection has written it all
                    break;
                }
                sinceDrained = 0;
            }
            RequestParser.Status status = parser.next();
            if (status == RequestParser.Status.NEED_MORE) {
                if (parser.expectsContinue()) {
                    // The client holds its body back until told to send it (or until it tires
                    // of waiting: curl's default is a second; the header timeout may be sooner).
                    stage(writer, output);
                    output.write(CONTINUE, 0, CONTINUE.byteSize());
                }
                break;
            }
            sinceDrained++;
            if (status == RequestParser.Status.ERROR) {
                emit(x, null, parser.errorStatus(), output);
                closed = true;
                linger = true;   // the rest of the request may still be on its way
                break;
            }
            HttpRequest request = parser.request();
            request.output = output;   // which knows the client's address
            HttpResponse response = x.response;
            response.reset();
            try {
                handler.handle(request, response);
            } catch (IOException | RuntimeException e) {
                response.reset();
                internalError(response, 500);
            }
            emit(x, request, 0, output);
            // The output may have failed and closed the connection meanwhile (its onClosed
            // released this session): that end stands, whatever this response said.
            closed |= writer.closing();
        }
        stage(writer, output);
        return linger;
    }

    /** Whether the last call stopped with requests buffered because too much output waits. */
    public boolean paused() {
        return paused;
    }

    /** Whether part of a request has arrived and the rest is awaited. */
    public boolean midRequest() {
        return exchange != null && exchange.parser.buffered() > 0 && !paused;
    }

    /** Whether the session has ended (after an error or a closing response). */
    public boolean closed() {
        return closed;
    }

    /** Whether the session holds parsing state now (a request is in progress); false when idle. */
    boolean holdsExchange() {
        return exchange != null;
    }

    /** The connection is gone: gives the buffered memory back. */
    public void release() {
        closed = true;
        if (exchange != null) {
            exchange.parser.release();   // its budget back; the exchange is not pooled again
            exchange = null;
        }
    }

    /** Encodes the response to {@code request}, or the error {@code errorStatus} when it is null. */
    private void emit(Exchange x, HttpRequest request, int errorStatus, HttpOutput output) throws IOException {
        ResponseWriter writer = x.writer;
        HttpResponse response = x.response;
        if (request != null && response.file != null && response.canned == null && sendsBody(request, response)) {
            try {
                file = response.file.open();
            } catch (IOException e) {
                response.reset();
                internalError(response, e instanceof ErrnoException x2 && outOfResources(x2.errno()) ? 503 : 500);
            }
        }
        try {
            if (!encode(x, request, errorStatus)) {
                drain(writer, output);
                if (!encode(x, request, errorStatus)) {
                    throw new IllegalStateException("response head larger than the output segment of "
                            + out.byteSize() + " bytes");
                }
            }
            if (writer.hasPending()) {
                stage(writer, output);
                if (writer.pendingBody() != null) {
                    MemorySegment body = writer.pendingBody();
                    output.write(body, 0, body.byteSize());
                    if (x.parser.holdsBytesOf(body)) {
                        // Borrowed until a flush, but the parser reuses its own buffer for the
                        // next request split or kept before this callback ends: send it now.
                        output.flush();
                    }
                } else {
                    FileRegion region = writer.pendingFile();
                    OwnedFd f = file;
                    file = null;   // handed over: the output owns it from here, whatever happens
                    output.sendFile(f, region.offset(), region.length());
                }
                writer.clearPending();
            }
        } finally {
            if (file != null) {
                file.close();   // opened, but no body went out (a HEAD, a 304): nobody else owns it
                file = null;
            }
        }
    }

    private static boolean sendsBody(HttpRequest request, HttpResponse response) {
        return request.method() != Method.HEAD && !HttpStatus.forbidsContent(response.status)
                && response.file.length() > 0;
    }

    private static boolean outOfResources(int errno) {
        return errno == ErrnoException.EMFILE || errno == ErrnoException.ENFILE || errno == ErrnoException.ENOMEM;
    }

    private static void internalError(HttpResponse response, int status) {
        response.status(status).contentType("text/plain; charset=utf-8")
                .body(status + " " + HttpStatus.reason(status) + "\n").close();
    }

    private static boolean encode(Exchange x, HttpRequest request, int errorStatus) {
        return request == null ? x.writer.writeError(errorStatus) : x.writer.write(request, x.response);
    }

    /** Hands the bytes encoded since the last call to the output, which sends them later. */
    private void stage(ResponseWriter writer, HttpOutput output) throws IOException {
        long end = writer.position();
        if (end > staged) {
            output.write(out, staged, end - staged);
            staged = end;
        }
    }

    /** Sends (or has copied) everything so far, so the output segment can be reused from its start. */
    private void drain(ResponseWriter writer, HttpOutput output) throws IOException {
        stage(writer, output);
        output.flush();
        writer.reset(out, loop.date(dates));
        staged = 0;
    }
}
