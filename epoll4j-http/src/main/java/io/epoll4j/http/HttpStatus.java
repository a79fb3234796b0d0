package io.epoll4j.http;

/**
 * Reason phrases (RFC 9110 §15) and pre-encoded status lines, so writing a status line is
 * one copy.
 *
 * {@snippet :
 * String reason = HttpStatus.reason(404); // "Not Found"
 * }
 */
public final class HttpStatus {

    private static final String[] REASONS = new String[600];
    private static final byte[][] LINES = new byte[600][];

    static {
        reason(100, "Continue");
        reason(101, "Switching Protocols");
        reason(200, "OK");
        reason(201, "Created");
        reason(202, "Accepted");
        reason(204, "No Content");
        reason(206, "Partial Content");
        reason(301, "Moved Permanently");
        reason(302, "Found");
        reason(303, "See Other");
        reason(304, "Not Modified");
        reason(307, "Temporary Redirect");
        reason(308, "Permanent Redirect");
        reason(400, "Bad Request");
        reason(401, "Unauthorized");
        reason(403, "Forbidden");
        reason(404, "Not Found");
        reason(405, "Method Not Allowed");
        reason(408, "Request Timeout");
        reason(409, "Conflict");
        reason(410, "Gone");
        reason(411, "Length Required");
        reason(412, "Precondition Failed");
        reason(413, "Content Too Large");
        reason(414, "URI Too Long");
        reason(415, "Unsupported Media Type");
        reason(416, "Range Not Satisfiable");
        reason(417, "Expectation Failed");
        reason(429, "Too Many Requests");
        reason(431, "Request Header Fields Too Large");
        reason(500, "Internal Server Error");
        reason(501, "Not Implemented");
        reason(502, "Bad Gateway");
        reason(503, "Service Unavailable");
        reason(505, "HTTP Version Not Supported");
        for (int code = 100; code < 600; code++) {
            String text = "HTTP/1.1 " + code + " " + (REASONS[code] == null ? "" : REASONS[code]) + "\r\n";
            LINES[code] = Ascii.bytes(text);
        }
    }

    private HttpStatus() {
    }

    private static void reason(int code, String text) {
        REASONS[code] = text;
    }

    /** The reason phrase of {@code code}, or "" for codes without a registered one. */
    public static String reason(int code) {
        check(code);
        return REASONS[code] == null ? "" : REASONS[code];
    }

    /** Whether a response with this status never has content (RFC 9110 §6.4.1). */
    public static boolean forbidsContent(int code) {
        return code < 200 || code == 204 || code == 304;
    }

    /** "HTTP/1.1 code reason\r\n"; the returned array is shared and must not be changed. */
    static byte[] statusLine(int code) {
        check(code);
        return LINES[code];
    }

    private static void check(int code) {
        if (code < 100 || code > 599) {
            throw new IllegalArgumentException("status code out of range: " + code);
        }
    }
}
