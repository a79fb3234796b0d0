package io.epoll4j.bench.server;

/**
 * Counts complete HTTP request heads in a byte stream by their terminating CRLF CRLF, as the
 * C floor does. One instance per connection: a terminator split across two reads is carried
 * over in {@link #match}. GET requests have no body, so one terminator is one request.
 */
public final class RequestHeadCounter {

    private int match;

    /** Feeds one byte; returns true when it completed a request head. */
    public boolean accept(byte b) {
        int m = match;
        if (b == (m == 0 || m == 2 ? '\r' : '\n')) {
            if (++m == 4) {
                match = 0;
                return true;
            }
        } else {
            m = b == '\r' ? 1 : 0;
        }
        match = m;
        return false;
    }
}
