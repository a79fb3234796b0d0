package io.epoll4j.http;

import io.epoll4j.fd.ErrnoException;
import io.epoll4j.fd.OwnedFd;
import io.epoll4j.net.MemoryBudget;

import java.io.IOException;
import java.lang.foreign.MemorySegment;

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
 * All responses to the requests one read completed are encoded back to back and written with
 * one {@link HttpOutput#write} call, unless the output segment fills up or a file or large
 * body must go in between. A parse error is answered with its status and
 * {@code Connection: close}, and the connection is closed lingering; so is a handler's
 * exception (with 500).
 *
 * <h2>Bounds</h2>
 * Pipelined requests are answered only while less than {@value #MAX_PENDING_BYTES} bytes of
 * output wait for the peer, and fewer than {@value #MAX_PENDING_RESPONSES} responses have been
 * produced since the output last drained; past either bound the session stops
 * ({@link #paused()}) with the rest of the requests still buffered, so a client that sends and
 * never reads holds at most that much memory and, since a file is opened only when its response
 * is produced, that many open files.
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
    /** Responses produced while output waits past which the session pauses. */
    public static final int MAX_PENDING_RESPONSES = 64;

    /** The interim response to {@code Expect: 100-continue}. */
    private static final MemorySegment CONTINUE = MemorySegment.ofArray(Ascii.bytes("HTTP/1.1 100 Continue\r\n\r\n"));

    private final HttpHandler handler;
    private final RequestParser parser;
    private final ResponseWriter writer;
    private final HttpResponse response = new HttpResponse();
    private MemorySegment out;
    private boolean closed;
    private String remoteAddress;
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
        this.handler = java.util.Objects.requireNonNull(handler, "handler");
        this.parser = new RequestParser(limits, budget);
        this.writer = new ResponseWriter(dates);
    }

    /** The client's address, handed to every request of this session ({@link HttpRequest#remoteAddress()}). */
    void remoteAddress(String address) {
        this.remoteAddress = address;
    }

    /**
     * Handles {@code in[offset, offset + length)}; returns false once the connection is to be
     * closed (then {@link HttpOutput#close} has been called). {@code out} must hold the
     * largest response head, 8 KiB is plenty.
     */
    public boolean onRead(MemorySegment in, long offset, long length, MemorySegment out,
                          HttpOutput output) throws IOException {
        if (closed) {
            return false;
        }
        parser.feed(in, offset, length);
        return answer(out, output);
    }

    /** Answers the requests still buffered after a pause; as {@link #onRead}. */
    public boolean resume(MemorySegment out, HttpOutput output) throws IOException {
        return !closed && answer(out, output);
    }

    private boolean answer(MemorySegment out, HttpOutput output) throws IOException {
        this.out = out;
        writer.reset(out);
        paused = false;
        boolean linger = false;
        while (!closed) {
            if (output.pendingBytes() == 0) {
                sinceDrained = 0;
            } else if (output.pendingBytes() + writer.position() > MAX_PENDING_BYTES
                    || sinceDrained >= MAX_PENDING_RESPONSES) {
                paused = true;
                break;
            }
            RequestParser.Status status = parser.next();
            if (status == RequestParser.Status.NEED_MORE) {
                if (parser.expectsContinue()) {
                    // The client holds its body back until told to send it (or until it tires
                    // of waiting: curl's default is a second; the header timeout may be sooner).
                    flush(output);
                    output.write(CONTINUE, 0, CONTINUE.byteSize());
                }
                break;
            }
            sinceDrained++;
            if (status == RequestParser.Status.ERROR) {
                emit(null, parser.errorStatus(), output);
                closed = true;
                linger = true;   // the rest of the request may still be on its way
                break;
            }
            HttpRequest request = parser.request();
            request.remoteAddress = remoteAddress;
            response.reset();
            try {
                handler.handle(request, response);
            } catch (IOException | RuntimeException e) {
                response.reset();
                internalError(response, 500);
            }
            emit(request, 0, output);
            closed = writer.closing();
        }
        flush(output);
        parser.trim();
        if (closed) {
            parser.release();
            output.close(linger);
        }
        return !closed;
    }

    /** Whether the last call stopped with requests buffered because too much output waits. */
    public boolean paused() {
        return paused;
    }

    /** Whether part of a request has arrived and the rest is awaited. */
    public boolean midRequest() {
        return parser.buffered() > 0 && !paused;
    }

    /** Whether the session has ended (after an error or a closing response). */
    public boolean closed() {
        return closed;
    }

    /** The connection is gone: gives the buffered memory back. */
    public void release() {
        closed = true;
        parser.release();
    }

    /** Encodes the response to {@code request}, or the error {@code errorStatus} when it is null. */
    private void emit(HttpRequest request, int errorStatus, HttpOutput output) throws IOException {
        if (request != null && response.file != null && response.canned == null && sendsBody(request)) {
            try {
                file = response.file.open();
            } catch (IOException e) {
                response.reset();
                internalError(response, e instanceof ErrnoException x && outOfResources(x.errno()) ? 503 : 500);
            }
        }
        try {
            if (!encode(request, errorStatus)) {
                flush(output);
                if (!encode(request, errorStatus)) {
                    throw new IllegalStateException("response head larger than the output segment of "
                            + out.byteSize() + " bytes");
                }
            }
            if (writer.pendingBody() != null || writer.pendingFile() != null) {
                flush(output);
                if (writer.pendingBody() != null) {
                    MemorySegment body = writer.pendingBody();
                    output.write(body, 0, body.byteSize());
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

    private boolean sendsBody(HttpRequest request) {
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

    private boolean encode(HttpRequest request, int errorStatus) {
        return request == null ? writer.writeError(errorStatus) : writer.write(request, response);
    }

    private void flush(HttpOutput output) throws IOException {
        if (writer.position() > 0) {
            output.write(out, 0, writer.position());
            writer.reset(out);
        }
    }
}
