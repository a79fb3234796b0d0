package io.epoll4j.net;

import io.epoll4j.fd.ErrnoException;
import io.epoll4j.fd.OwnedFd;
import io.epoll4j.fd.StreamSocket;
import io.epoll4j.loop.EventLoop;
import io.epoll4j.loop.LoopRegistration;
import io.epoll4j.poll.Interest;

import java.lang.foreign.MemorySegment;
import java.net.SocketAddress;
import java.util.Objects;

/**
 * A stream connection served by one {@link EventLoop}: reads arrive in the loop's buffer,
 * writes are batched, queued when the socket is full, and bounded by back-pressure.
 *
 * {@snippet :
 * // In ConnectionHandler.onRead, for two pipelined requests in the buffer:
 * void respond(Connection connection, MemorySegment headerA, MemorySegment bodyA, MemorySegment headerB,
 *              OwnedFd file, long fileLength) {
 *     connection.write(headerA);                        // staged, not copied
 *     connection.write(bodyA);
 *     connection.write(headerB);
 *     connection.sendFile(file, 0, fileLength, true);   // header B goes first, then the file
 * }
 * // onRead returns: one sendmsg(2) for the three slices, then sendfile(2).
 * }
 *
 * <h2>Writing</h2>
 * In the connection's own callbacks, {@link #write} stages a slice of the caller's native
 * memory without copying it, and when the callback returns everything staged goes out in one
 * send/sendmsg call ({@link #flush()} does it earlier). Only what the socket does not take is
 * copied, into pooled chunks of the loop, and written when the socket reports {@code EPOLLOUT},
 * which is asked for only while such output waits. Writes from anywhere else on the loop
 * thread (a task, a timer, another connection's callback, as a proxy does with the loop's
 * read buffer) are copied at once and flushed at the loop's next pass: nothing can change
 * under them.
 *
 * <h2>Back-pressure</h2>
 * Past {@link ConnectionOptions#highWaterMark()} bytes of pending output the handler hears
 * {@code onWritabilityChanged(false)} and the connection stops reading, so a peer that sends
 * but never reads cannot make the server buffer without bound; at the low water mark it hears
 * {@code true} and reading resumes.
 *
 * <h2>Structure</h2>
 * This class is the application's side. What drives it on the loop thread, the read loop, the
 * flush with its back-pressure and the interest set, is {@link ConnectionDriver}; timeouts are
 * {@link TimeoutList}s of the loop, which link the connection in through its own fields, and
 * output waiting for the socket is an {@link OutputQueue}. An idle connection therefore holds
 * no array, buffer or timer object of its own.
 *
 * <h2>Threads</h2>
 * All methods but {@link #close()}, {@link #abort()} and the accessors must be called on the
 * connection's loop thread ({@link #loop()}); from elsewhere, hop with {@code loop().execute(...)}.
 */
public final class Connection {
    static final int CONNECTING = 0;
    static final int OPEN = 1;
    static final int CLOSING = 2;
    static final int CLOSED = 3;

    final EventLoop loop;
    final LoopContext context;
    final StreamSocket socket;
    final ConnectionOptions options;
    /** Whether any timeout is set: only then does activity read the clock. */
    final boolean timed;
    final OutputQueue out;
    ConnectionHandler handler;
    LoopRegistration registration;
    final Acceptor owner;
    int ownerIndex = -1;
    int state;
    boolean inputClosed;
    boolean outputShut;
    boolean shutdownOutputPending;
    boolean readingPaused;
    boolean unwritable;
    boolean dirty;
    Interest interest;   // as last given to the kernel: only this thread changes it
    private volatile Object attachment;
    // Links of the loop's timeout lists (see TimeoutList): fields, so no timer object per connection.
    // since: the last activity (one store per read or write); pos: the list's order.
    Connection idlePrev;
    Connection idleNext;
    long idleSince;
    long idlePos;
    boolean idleLinked;
    Connection readPrev;
    Connection readNext;
    long readSince;
    long readPos;
    boolean readLinked;

    Connection(EventLoop loop, StreamSocket socket, ConnectionOptions options, ConnectionHandler handler,
               Acceptor owner) {
        this.loop = loop;
        this.context = LoopContext.of(loop);
        this.socket = socket;
        this.options = options;
        this.timed = !options.idleTimeout().isZero() || !options.readTimeout().isZero();
        this.handler = Objects.requireNonNull(handler, "handler");
        this.owner = owner;
        this.out = new OutputQueue(context, options.memoryBudget());
    }

    /** On the loop thread: registers the socket; see {@link ConnectionDriver#start}. */
    void start(boolean connecting) {
        ConnectionDriver.start(this, connecting);
    }

    /** A timeout list says this connection was silent for its timeout. */
    void timedOut(ConnectionHandler.Timeout timeout) {
        ConnectionDriver.timedOut(this, timeout);
    }

    // ---- the application's side ----

    /** Stages all of {@code data} for the next flush; see the class documentation. */
    public void write(MemorySegment data) {
        write(data, 0, data.byteSize());
    }

    /**
     * Appends {@code data[offset .. offset+length)} to the output. In this connection's own
     * callbacks it is staged without a copy (unless older output still waits) and flushed, with
     * everything else staged, when the callback returns. Anywhere else on the loop thread (a
     * task, a timer, another connection's callback) it is copied at once and flushed at the
     * loop's next pass, or by {@link #flush()}.
     *
     * @throws IllegalStateException off the loop thread, after close or shutdownOutput
     */
    public void write(MemorySegment data, long offset, long length) {
        checkWritable();
        Objects.checkFromIndexSize(offset, length, data.byteSize());
        OwnedFd.requireNative(data);
        if (context.active == this && state == OPEN) {
            out.write(data, offset, length);   // borrowed: flushed when the callback returns
        } else {
            // From elsewhere (a task, another connection's callback: a proxy writing the loop's
            // read buffer, which the next read overwrites) nothing flushes before the memory
            // may change: copy now, flush at the loop's next pass.
            out.addCopy(data, offset, length);
        }
        if (out.overBudget) {
            ConnectionDriver.fail(this, ConnectionDriver.overBudget(this));
            return;
        }
        markDirty();
    }

    /**
     * Queues {@code count} bytes of {@code file} from {@code offset}, sent with sendfile(2) after
     * everything written before; {@code closeWhenDone} hands the file to the connection, which
     * closes it once sent or when the connection ends, and also when this call fails for any
     * reason (closed, shut down, a flush that fails): a file handed over always has one owner.
     */
    public void sendFile(OwnedFd file, long offset, long count, boolean closeWhenDone) {
        boolean queued = false;
        try {
            checkWritable();
            if (offset < 0 || count < 0) {
                throw new IllegalArgumentException("negative offset or count: " + offset + ", " + count);
            }
            if (count == 0) {
                return;   // sendfile(2) of 0 bytes returns 0, which reads as "would block": never queue it
            }
            if (out.hasStaged() && !ConnectionDriver.flushStaged(this)) {
                return;   // the flush failed: onError and onClosed have told the application
            }
            out.addFile(file, offset, count, closeWhenDone);
            queued = true;
            markDirty();
        } finally {
            if (!queued && closeWhenDone) {
                file.close();
            }
        }
    }

    /** Outside this connection's callbacks nothing flushes on return: the loop's next pass does. */
    private void markDirty() {
        if (!dirty && context.active != this && state == OPEN) {
            context.flushSoon(loop, this);
        }
        dirty = true;
    }

    /** Writes what is staged and queued as far as the socket takes it; failures go to onError. */
    public void flush() {
        checkLoop();
        ConnectionDriver.flush(this);
    }

    /** The loop's end-of-pass flush of writes made outside this connection's callbacks. */
    void flushIfDirty() {
        if (dirty && state != CLOSED && state != CONNECTING) {
            ConnectionDriver.flush(this);
        }
    }

    /** Bytes written but not yet taken by the socket. */
    public long pendingBytes() {
        return out.pendingBytes();
    }

    /** False between passing the high water mark and draining to the low one. */
    public boolean isWritable() {
        return !unwritable;
    }

    /** Stops reading (no more onRead) until {@link #resumeReading()}; the kernel buffers, then TCP pushes back. */
    public void pauseReading() {
        checkLoop();
        if (!readingPaused) {
            readingPaused = true;
            ConnectionDriver.interestChanged(this);
        }
    }

    /** Reads again after {@link #pauseReading()}; on the loop thread. */
    public void resumeReading() {
        checkLoop();
        if (readingPaused) {
            readingPaused = false;
            ConnectionDriver.interestChanged(this);
        }
    }

    /** Half-closes: once pending output is written, the peer reads end of stream. Reading goes on. */
    public void shutdownOutput() {
        checkWritable();
        outputShut = true;
        shutdownOutputPending = true;
        ConnectionDriver.flush(this);
    }

    /**
     * Closes gracefully: reading stops now, pending output is written, then the fd is closed
     * and {@link ConnectionHandler#onClosed} runs. From any thread. Closing again does nothing.
     */
    public void close() {
        if (!loop.inEventLoop()) {
            loop.execute(this::close);
            return;
        }
        ConnectionDriver.close(this);
    }

    /** Closes now, dropping pending output. From any thread. */
    public void abort() {
        if (!loop.inEventLoop()) {
            loop.execute(this::abort);
            return;
        }
        ConnectionDriver.closeNow(this);
    }

    private void checkLoop() {
        if (!loop.inEventLoop()) {
            throw new IllegalStateException("call " + this + " on its loop thread (" + loop.name()
                    + "), e.g. through connection.loop().execute(...)");
        }
    }

    private void checkWritable() {
        checkLoop();
        if (state >= CLOSING || outputShut) {
            throw new IllegalStateException(this + " is " + (outputShut ? "shut down for output" : "closed"));
        }
    }

    // ---- accessors ----

    /** The loop this connection lives on: its callbacks run there. */
    public EventLoop loop() {
        return loop;
    }

    /** The socket, for options and addresses; reading and writing it directly bypasses the queue. */
    public StreamSocket socket() {
        return socket;
    }

    /** The handler its events go to. */
    public ConnectionHandler handler() {
        return handler;
    }

    /** Replaces the handler (a protocol upgrade, say); on the loop thread. */
    public void handler(ConnectionHandler newHandler) {
        checkLoop();
        this.handler = Objects.requireNonNull(newHandler, "handler");
    }

    /** The peer's address (getpeername(2)). */
    public SocketAddress peerAddress() throws ErrnoException {
        return socket.peerAddress();
    }

    /** This end's address (getsockname(2)). */
    public SocketAddress localAddress() throws ErrnoException {
        return socket.localAddress();
    }

    /** Whether neither closed nor closing. */
    public boolean isOpen() {
        return state == OPEN || state == CONNECTING;
    }

    /** The object attached with {@link #attach}, or null. */
    public Object attachment() {
        return attachment;
    }

    /** Attaches {@code value} to this connection (the application's per-connection state); returns the previous one. */
    public Object attach(Object value) {
        Object old = attachment;
        attachment = value;
        return old;
    }

    /** send(2)/sendmsg(2) calls so far, for tests that pin batching. */
    long writeCalls() {
        return out.writeCalls;
    }

    @Override
    public String toString() {
        return "Connection[" + socket + " on " + loop.name() + "]";
    }
}
