package io.epoll4j.http;

import java.io.IOException;
import java.lang.foreign.MemorySegment;

/**
 * Where an {@link HttpSession} sends its bytes: implemented by the connection layer. Calls
 * come in wire order and each must be sent, or queued, before the next.
 *
 * {@snippet :
 * HttpOutput output = new HttpOutput() {
 *     public void write(MemorySegment bytes, long offset, long length) { connection.write(bytes, offset, length); }
 *     public void sendFile(FileRegion file) { connection.sendFile(file.path(), file.offset(), file.length()); }
 *     public void close() { connection.closeAfterFlush(); }
 * };
 * }
 */
public interface HttpOutput {

    /**
     * Sends {@code bytes[offset, offset + length)}. The segment is reused as soon as this
     * returns: bytes the socket did not take must be copied.
     */
    void write(MemorySegment bytes, long offset, long length) throws IOException;

    /** Sends a file region (sendfile), after everything written before. */
    void sendFile(FileRegion file) throws IOException;

    /** Closes the connection once everything before has been sent. */
    void close() throws IOException;
}
