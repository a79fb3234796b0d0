package io.epoll4j.net;

import io.epoll4j.fd.EpollFlags;
import io.epoll4j.fd.ErrnoException;
import io.epoll4j.fd.OwnedFd;
import io.epoll4j.loop.EventLoop;
import io.epoll4j.loop.LoopRegistration;
import io.epoll4j.loop.Readiness;
import io.epoll4j.poll.Interest;
import io.epoll4j.poll.Trigger;

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
 * write/sendmsg call ({@link #flush()} does it earlier). Only what the socket does not take is
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
 * <h2>Threads</h2>
 * All methods but {@link #close()}, {@link #abort()} and the accessors must be called on the
 * connection's loop thread ({@link #loop()}); from elsewhere, hop with {@code loop().execute(...)}.
 */
public final class Connection {
    private static final int CONNECTING = 0;
    private static final int OPEN = 1;
    private static final int CLOSING = 2;
    private static final int CLOSED = 3;
    private static final Interest READ = Interest.READABLE.add(Interest.READ_CLOSED);
    private static final Interest READ_WRITE = READ.add(Interest.WRITABLE);

    private final EventLoop loop;
    private final LoopContext context;
    private final StreamSocket socket;
    private final ConnectionOptions options;
    private final OutputQueue out;
    private final ActivityTimer timer;   // null without timeouts
    private ConnectionHandler handler;
    private LoopRegistration registration;
    final Acceptor owner;
    int ownerIndex = -1;
    private int state;
    private boolean inputClosed;
    private boolean outputShut;
    private boolean shutdownOutputPending;
    private boolean readingPaused;
    private boolean unwritable;
    private boolean dirty;
    private Interest interest;   // as last given to the kernel: only this thread changes it
    private volatile Object attachment;

    Connection(EventLoop loop, StreamSocket socket, ConnectionOptions options, ConnectionHandler handler,
               Acceptor owner) {
        this.loop = loop;
        this.context = LoopContext.of(loop);
        this.socket = socket;
        this.options = options;
        this.handler = Objects.requireNonNull(handler, "handler");
        this.owner = owner;
        this.out = new OutputQueue(context, options.memoryBudget());
        this.timer = ActivityTimer.wanted(options) ? new ActivityTimer(loop, options, new ActivityTimer.Expiry() {
            @Override
            public boolean expired(ConnectionHandler.Timeout timeout) {
                return timedOut(timeout);
            }

            @Override
            public boolean alive() {
                return state != CLOSED;
            }
        }) : null;
    }

    /**
     * On the loop thread: registers the socket; an accepted connection opens at once. A failure
     * (the registration refused, onOpen throwing) goes to onError, then onClosed.
     */
    void start(boolean connecting) {
        state = connecting ? CONNECTING : OPEN;
        Connection outer = context.active;
        context.active = this;
        try {
            interest = connecting ? Interest.WRITABLE : READ;
            registration = loop.register(socket, interest, Trigger.LEVEL, context.io);
            registration.attach(this);
            // The loop's shutdown closes the fd itself: hear of it, so onClosed still comes.
            socket.addCloseListener(fd -> closedUnderneath());
            if (!connecting) {
                opened();
            }
        } catch (Throwable e) {
            fail(e);
        } finally {
            context.active = outer;
        }
    }

    /** The loop's one handler calls this with the kernel's ready mask. */
    void ready(int mask) {
        if (state == CLOSED) {
            return;
        }
        Connection outer = context.active;
        context.active = this;
        try {
            if (state == CONNECTING) {
                if (socket.finishConnect()) {
                    opened();
                }
                return;
            }
            if (Readiness.isWritable(mask) && out.hasQueued()) {
                flushNow();
            }
            boolean hangUp = (mask & EpollFlags.EPOLLHUP) != 0;
            if (state == OPEN && !inputClosed && (readingActive() || hangUp)) {
                readNow();
            } else if (Readiness.isError(mask) && state != CLOSED) {
                int errno = socket.pendingError();
                if (errno != 0) {
                    throw new ErrnoException("connection " + socket, errno);
                }
            }
            if (hangUp && inputClosed && !out.hasQueued() && state != CLOSED) {
                closeNow();   // both directions are over and nothing waits: nothing more can happen
            }
            afterCallback();
        } catch (Throwable e) {
            fail(e);
        } finally {
            context.active = outer;
        }
    }

    private void opened() throws Exception {
        state = OPEN;
        if (options.tcpNoDelay() && socket instanceof TcpStream) {
            socket.setOption(SockOpt.TCP_NODELAY, true);
        }
        if (timer != null) {
            timer.start();
        }
        handler.onOpen(this);
        afterCallback();
    }

    private void readNow() throws Exception {
        MemorySegment buffer = context.readBuffer;
        long budget = options.readBudget();
        while (budget > 0) {
            long want = Math.min(buffer.byteSize(), budget);
            long n = socket.read(buffer, want);
            if (n == 0) {
                return;
            }
            if (n < 0) {
                inputClosed = true;
                handler.onInputClosed(this);
                return;
            }
            budget -= n;
            if (timer != null) {
                timer.read();
            }
            handler.onRead(this, buffer, n);
            if (dirty && state != CLOSED) {
                flushNow();   // before the loop's buffer is read into again
            }
            // A short read means the socket is drained; level-triggered epoll says if more comes.
            if (n < want || !readingActive()) {
                return;
            }
        }
    }

    private void afterCallback() throws Exception {
        while (dirty && state != CLOSED) {
            flushNow();
        }
        if (state != CLOSED) {
            updateInterest();
        }
    }

    private void flushNow() throws Exception {
        dirty = false;
        if (state == CONNECTING) {
            return;
        }
        boolean waited = out.hasQueued();
        long before = out.pendingBytes();
        boolean done = out.flush(socket);
        if (out.overBudget) {
            throw overBudget();
        }
        if (timer != null && out.pendingBytes() != before) {
            timer.wrote();
        }
        long pending = out.pendingBytes();
        if (!unwritable && pending > options.highWaterMark()) {
            unwritable = true;
            handler.onWritabilityChanged(this, false);
        } else if (unwritable && pending <= options.lowWaterMark()) {
            unwritable = false;
            handler.onWritabilityChanged(this, true);
        }
        if (done && state != CLOSED) {
            if (state == CLOSING) {
                closeNow();
                return;
            }
            if (shutdownOutputPending) {
                shutdownOutputPending = false;
                socket.shutdownOutput();
            }
            if (waited) {
                handler.onWritable(this);
            }
        }
    }

    private boolean readingActive() {
        return state == OPEN && !inputClosed && !readingPaused
                && !(unwritable && options.pauseReadingWhenUnwritable());
    }

    private void updateInterest() throws ErrnoException {
        boolean write = out.hasQueued();
        Interest want = readingActive() ? (write ? READ_WRITE : READ) : (write ? Interest.WRITABLE : Interest.NONE);
        if (want != interest) {   // Interest instances are shared, so identity is equality
            registration.interest(want);
            interest = want;
        }
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
        SocketFd.requireNative(data);
        if (context.active == this && state == OPEN) {
            out.write(data, offset, length);   // borrowed: flushed when the callback returns
        } else {
            // From elsewhere (a task, another connection's callback: a proxy writing the loop's
            // read buffer, which the next read overwrites) nothing flushes before the memory
            // may change: copy now, flush at the loop's next pass.
            out.addCopy(data, offset, length);
        }
        if (out.overBudget) {
            fail(overBudget());
            return;
        }
        markDirty();
    }

    private java.io.IOException overBudget() {
        return new java.io.IOException(this + " shed: its pending output passed the memory budget ("
                + options.memoryBudget() + ")");
    }

    /**
     * Queues {@code count} bytes of {@code file} from {@code offset}, sent with sendfile(2) after
     * everything written before; {@code closeWhenDone} hands the file to the connection, which
     * closes it once sent or when the connection ends.
     */
    public void sendFile(OwnedFd file, long offset, long count, boolean closeWhenDone) {
        // Whatever fails here, a file handed over is closed: it has exactly one owner at every
        // moment, the caller until this call, then the connection (or nobody, closed).
        boolean queued = false;
        try {
            checkWritable();
            if (offset < 0 || count < 0) {
                throw new IllegalArgumentException("negative offset or count: " + offset + ", " + count);
            }
            if (count == 0) {
                return;   // sendfile(2) of 0 bytes returns 0, which reads as "would block": never queue it
            }
            if (out.hasStaged()) {
                try {
                    flushNow();   // the staged slices go first; whatever the socket refuses is copied
                } catch (Throwable e) {
                    fail(e);
                }
                if (state != OPEN) {
                    return;       // onError and onClosed have told the application
                }
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
        if (state == CLOSED) {
            return;
        }
        Connection outer = context.active;
        context.active = this;
        try {
            dirty = true;
            afterCallback();
        } catch (Throwable e) {
            fail(e);
        } finally {
            context.active = outer;
        }
    }

    /** The loop's end-of-pass flush of writes made outside this connection's callbacks. */
    void flushIfDirty() {
        if (dirty && state != CLOSED && state != CONNECTING) {
            flush();
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
        readingPaused = true;
        interestChanged();
    }

    /** Reads again after {@link #pauseReading()}; on the loop thread. */
    public void resumeReading() {
        checkLoop();
        readingPaused = false;
        interestChanged();
    }

    /** Half-closes: once pending output is written, the peer reads end of stream. Reading goes on. */
    public void shutdownOutput() {
        checkWritable();
        outputShut = true;
        shutdownOutputPending = true;
        flush();
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
        if (state == CLOSED || state == CLOSING) {
            return;
        }
        if (state == CONNECTING) {
            closeNow();
            return;
        }
        try {
            while (dirty && state == OPEN) {
                flushNow();
            }
            if (state == CLOSED) {
                return;
            }
            if (out.isEmpty()) {
                closeNow();
            } else {
                state = CLOSING;
                updateInterest();
            }
        } catch (Throwable e) {
            fail(e);
        }
    }

    /** Closes now, dropping pending output. From any thread. */
    public void abort() {
        if (!loop.inEventLoop()) {
            loop.execute(this::abort);
            return;
        }
        closeNow();
    }

    private void closeNow() {
        if (state == CLOSED) {
            return;
        }
        state = CLOSED;
        release();
        if (registration != null) {
            registration.close();   // deregister, then close(2)
        } else {
            socket.close();
        }
        callOnClosed();
    }

    private void closedUnderneath() {
        if (state != CLOSED) {
            state = CLOSED;
            release();
            callOnClosed();
        }
    }

    private void release() {
        out.clear();
        if (timer != null) {
            timer.cancel();
        }
        if (owner != null) {
            owner.forget(this);
        }
    }

    private void callOnClosed() {
        try {
            handler.onClosed(this);
        } catch (Exception e) {
            throw new IllegalStateException("onClosed of " + this + " failed", e);
        }
    }

    private void fail(Throwable error) {
        if (state == CLOSED) {
            return;
        }
        try {
            handler.onError(this, error);
        } catch (Throwable e) {
            error.addSuppressed(e);
        } finally {
            closeNow();
        }
        if (error instanceof VirtualMachineError fatal) {
            throw fatal;   // not this connection's failure but the JVM's: the loop's handler decides
        }
    }

    private void interestChanged() {
        if (state == OPEN) {
            try {
                updateInterest();
            } catch (ErrnoException e) {
                fail(e);
            }
        }
    }

    /** The activity timer says a timeout passed; returns whether to keep timing. */
    private boolean timedOut(ConnectionHandler.Timeout timeout) {
        Connection outer = context.active;
        context.active = this;
        try {
            if (state == CLOSING) {
                closeNow();   // a graceful close that timed out: the peer is not reading
            } else if (state == OPEN) {
                handler.onTimeout(this, timeout);
                afterCallback();
            }
        } catch (Throwable e) {
            fail(e);
        } finally {
            context.active = outer;
        }
        return state != CLOSED;
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

    /** write(2)/sendmsg(2) calls so far, for tests that pin batching. */
    long writeCalls() {
        return out.writeCalls;
    }

    @Override
    public String toString() {
        return "Connection[" + socket + " on " + loop.name() + "]";
    }
}
