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
 */
public final class HttpSession {

    private final HttpHandler handler;
    private final RequestParser parser;
    private final ResponseWriter writer;
    private final HttpResponse response = new HttpResponse();
    private MemorySegment out;
    private boolean closed;

    public HttpSession(HttpHandler handler, DateCache dates, ParserLimits limits) {
        this.handler = java.util.Objects.requireNonNull(handler, "handler");
        this.parser = new RequestParser(limits);
        this.writer = new ResponseWriter(dates);
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
                break;
            }
            if (status == RequestParser.Status.ERROR) {
                emit(null, parser.errorStatus(), output);
                closed = true;
                break;
            }
            HttpRequest request = parser.request();
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
