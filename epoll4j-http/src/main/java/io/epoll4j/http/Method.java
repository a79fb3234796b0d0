package io.epoll4j.http;

import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

/**
 * The request methods this server recognises (RFC 9110 §9 and RFC 5789). Any other method
 * token is answered with 501 Not Implemented by {@link RequestParser}, CONNECT among them:
 * this server tunnels nothing, and a 2xx to CONNECT switches the client (and any proxy on
 * the way) to a tunnel while the server would go on reading HTTP from the same bytes.
 *
 * {@snippet :
 * if (request.method() == Method.HEAD) {
 *     // send headers only
 * }
 * }
 */
public enum Method {
    /** Transfer a current representation of the target (RFC 9110, 9.3.1). */
    GET,
    /** GET without the body: the head alone. */
    HEAD,
    /** Process the enclosed representation. */
    POST,
    /** Replace the target with the enclosed representation. */
    PUT,
    /** Remove the target. */
    DELETE,
    /** Describe the communication options for the target. */
    OPTIONS,
    /** A loop-back of the request message. */
    TRACE,
    /** Apply partial modifications (RFC 5789). */
    PATCH;

    private final byte[] token = Ascii.bytes(name());

    /**
     * Finds the method spelled by {@code seg[from, to)}, case-sensitively as RFC 9110 §9.1
     * requires, without allocating; {@code null} if it is none of ours.
     */
    static Method lookup(MemorySegment seg, int from, int to) {
        byte first = seg.get(JAVA_BYTE, from);
        Method candidate = switch (to - from) {
            case 3 -> first == 'G' ? GET : first == 'P' ? PUT : null;
            case 4 -> first == 'H' ? HEAD : first == 'P' ? POST : null;
            case 5 -> first == 'T' ? TRACE : first == 'P' ? PATCH : null;
            case 6 -> first == 'D' ? DELETE : null;
            case 7 -> first == 'O' ? OPTIONS : null;
            default -> null;
        };
        if (candidate == null) {
            return null;
        }
        // Length and first byte matched: a plain loop over the rest beats Arrays.equals' set-up.
        byte[] token = candidate.token;
        for (int i = 1; i < token.length; i++) {
            if (seg.get(JAVA_BYTE, from + i) != token[i]) {
                return null;
            }
        }
        return candidate;
    }
}
