package io.epoll4j.http;

import java.io.IOException;
import java.lang.foreign.MemorySegment;

/**
 * The HTTP side of one connection: bytes in, parsed, routed, encoded, bytes and file regions
 * out. The connection layer calls {@link #onRead} with what it read and gives it an output
 * segment to encode into and an {@link HttpOutput} to send through.
 *
 * {@snippet :
 * HttpSession session = new HttpSession(router, dates, ParserLimits.DEFAULT);
 * // on readable, after read(2) put n bytes into the loop's read segment:
 * boolean open = session.onRead(readSegment, 0, n, loopOutSegment, output);
 * // open == false: output.close() has been called; stop reading this connection
 * }
 *
 * <h2>Batching</h2>
 * All responses to the requests one read completed are encoded back to back and written with
 * one {@link HttpOutput#write} call, unless the output segment fills up or a file or large
 * body must go in between. A parse error is answered with its status and
 * {@code Connection: close}; so is a handler's exception (with 500).
 *
 * <h2>Expect: 100-continue</h2>
 * When a head asking for it is complete and its body has not arrived, the session sends
 * {@code HTTP/1.1 100 Continue} at once, after any responses before it.
 */
public final class HttpSession {
    /** The interim response to {@code Expect: 100-continue}. */
    private static final MemorySegment CONTINUE = MemorySegment.ofArray(Ascii.bytes("HTTP/1.1 100 Continue\r\n\r\n"));

    private final HttpHandler handler;
    private final RequestParser parser;
    private final ResponseWriter writer;
    private final HttpResponse response = new HttpResponse();
    private MemorySegment out;
    private boolean closed;
    private String remoteAddress;

    public HttpSession(HttpHandler handler, DateCache dates, ParserLimits limits) {
        this.handler = java.util.Objects.requireNonNull(handler, "handler");
        this.parser = new RequestParser(limits);
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
        this.out = out;
        writer.reset(out);
        while (!closed) {
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
            if (status == RequestParser.Status.ERROR) {
                emit(null, parser.errorStatus(), output);
                closed = true;
                break;
            }
            HttpRequest request = parser.request();
            request.remoteAddress = remoteAddress;
            response.reset();
            try {
                handler.handle(request, response);
            } catch (IOException | RuntimeException e) {
                response.reset();
                response.status(500).contentType("text/plain; charset=utf-8")
                        .body("500 Internal Server Error\n").close();
            }
            emit(request, 0, output);
            closed = writer.closing();
        }
        flush(output);
        if (closed) {
            output.close();
        }
        return !closed;
    }

    /** Whether part of a request has arrived and the rest is awaited. */
    public boolean midRequest() {
        return parser.buffered() > 0;
    }

    /** Whether the session has ended (after an error or a closing response). */
    public boolean closed() {
        return closed;
    }

    /** Encodes the response to {@code request}, or the error {@code errorStatus} when it is null. */
    private void emit(HttpRequest request, int errorStatus, HttpOutput output) throws IOException {
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
                output.sendFile(writer.pendingFile());
            }
            writer.clearPending();
        }
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
