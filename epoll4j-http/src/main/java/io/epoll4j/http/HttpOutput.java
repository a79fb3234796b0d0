package io.epoll4j.http;

import io.epoll4j.fd.OwnedFd;

import java.io.IOException;
import java.lang.foreign.MemorySegment;

/**
 * Where an {@link HttpSession} sends its bytes: implemented by the connection layer. Calls
 * come in wire order and each must be sent, or queued, before the next.
 *
 * {@snippet :
 * HttpOutput output = new HttpOutput() {
 *     public void write(MemorySegment bytes, long offset, long length) { connection.write(bytes, offset, length); }
 *     public void flush() { connection.flush(); }
 *     public void sendFile(OwnedFd file, long offset, long length) { connection.sendFile(file, offset, length, true); }
 *     public long pendingBytes() { return connection.pendingBytes(); }
 *     public void close(boolean linger) { connection.close(); }
 * };
 * }
 */
public interface HttpOutput {

    /**
     * Appends {@code bytes[offset, offset + length)} to the output, to be sent with everything
     * else appended when the connection flushes (at the latest when the read callback returns).
     * A native segment is borrowed until then, not copied; a heap segment is copied.
     */
    void write(MemorySegment bytes, long offset, long length) throws IOException;

    /**
     * Sends what was appended as far as the socket takes it and copies the rest: every segment
     * written so far may be reused when this returns.
     */
    void flush() throws IOException;

    /**
     * Sends {@code length} bytes of {@code file} from {@code offset} (sendfile), after everything
     * written before. The file is handed over: the output closes it once sent, or at once if
     * it cannot send it, whatever fails.
     */
    void sendFile(OwnedFd file, long offset, long length) throws IOException;

    /** Bytes written or queued and not yet taken by the peer; the session stops producing past a bound. */
    long pendingBytes();

    /**
     * The client's IP address (e.g. {@code 127.0.0.1} or {@code ::1}), or null when it is not
     * known: what {@link HttpRequest#remoteAddress()} answers. None by default; the server's
     * connections look it up on the first call (getpeername(2), once per connection).
     */
    default String remoteAddress() {
        return null;
    }

    /**
     * Closes the connection once everything before has been sent. With {@code linger} (after
     * an error, when the client may still be sending a request the server will not read) the
     * output is shut first and what arrives meanwhile is read and dropped for a while, so the
     * client sees the response instead of a reset.
     */
    void close(boolean linger) throws IOException;
}
