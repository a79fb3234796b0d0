package io.epoll4j.http;

import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

/**
 * The request line of RFC 9112 §3: {@code method SP request-target SP HTTP-version}, with
 * exactly one space between the parts, and the four target forms of §3.2.
 *
 * {@snippet :
 * int parseLine(MemorySegment seg, int lineStart, int lineEndBeforeCrlf, HttpRequest request) {
 *     return RequestLine.parse(seg, lineStart, lineEndBeforeCrlf, request); // 0 = ok
 * }
 * }
 *
 * <h2>Target forms</h2>
 * origin-form for every method; absolute-form ({@code http://} or {@code https://} only, no
 * userinfo) for every method, its authority replacing Host as §3.2.2 requires of an origin
 * server; asterisk-form for OPTIONS only. CONNECT, the one method of authority-form, is 501
 * (see {@link Method}).
 *
 * <h2>Bytes of the target</h2>
 * Path and query take what real browsers send raw, which is what the URL standard leaves
 * unencoded: beyond RFC 3986's sets, {@code [ ] | ^} in a path, {@code { } [ ] | ^ ` '} in a
 * query, and in a query a '%' that begins no escape ({@code ?a=100%}: the application decides
 * what it means). Still 400: a broken escape in the path (it is decoded to name a resource),
 * control bytes (CTLs, NUL, DEL), space, non-ASCII, '#', and {@code " < >} (which browsers
 * always encode). None of the accepted
 * bytes can end the line or the target, so none changes how a request is framed.
 */
final class RequestLine {

    private static final byte[] HTTP = Ascii.bytes("http://");
    private static final byte[] HTTPS = Ascii.bytes("https://");
    private static final byte[] HTTP_SLASH = Ascii.bytes("HTTP/");
    private static final long HTTP_1_1 = word("HTTP/1.1");
    private static final long HTTP_1_0 = word("HTTP/1.0");
    private static final int GET_SP = (int) word("GET     ");

    private RequestLine() {
    }

    static int parse(MemorySegment seg, int from, int to, HttpRequest req) {
        int methodEnd;
        Method known = null;
        if (to - from > 4 && seg.get(Swar.INT, from) == GET_SP) {
            methodEnd = from + 3;   // the method of nearly every request: one word compare
            known = Method.GET;
        } else {
            methodEnd = Ascii.skipTchars(seg, from, to);
            if (methodEnd == from || methodEnd == to || seg.get(JAVA_BYTE, methodEnd) != Ascii.SP) {
                return 400;
            }
        }
        int targetStart = methodEnd + 1;
        int v = to - 8;
        int targetEnd = v - 1;
        // The common target, a path of plain bytes (no query, no escape, so no space either)
        // ending just before the version: one pass finds its end and validates it.
        boolean plainPath = targetEnd > targetStart && seg.get(JAVA_BYTE, targetEnd) == Ascii.SP
                && seg.get(JAVA_BYTE, targetStart) == '/'
                && Ascii.skipPlainPathBytes(seg, targetStart, targetEnd) == targetEnd;
        if (!plainPath) {
            targetEnd = Swar.indexOf(seg, targetStart, to, Ascii.SP);
            if (targetEnd == targetStart || targetEnd == to || to - (targetEnd + 1) != 8) {
                return 400;
            }
        }
        // The version is eight bytes: one word compare in the common cases.
        long version = seg.get(Swar.LONG, v);
        if (version == HTTP_1_1) {
            req.version = HttpVersion.HTTP_1_1;
        } else if (version == HTTP_1_0) {
            req.version = HttpVersion.HTTP_1_0;
        } else {
            return versionLike(seg, v) ? 505 : 400;
        }
        req.method = known != null ? known : Method.lookup(seg, from, methodEnd);
        if (req.method == null) {
            return 501;
        }
        req.targetStart = targetStart;
        req.targetEnd = targetEnd;
        if (plainPath) {
            req.pathStart = targetStart;
            req.pathEnd = targetEnd;
            return 0;
        }
        return target(seg, targetStart, targetEnd, req) ? 0 : 400;
    }

    private static boolean target(MemorySegment seg, int from, int to, HttpRequest req) {
        Method method = req.method;
        if (seg.get(JAVA_BYTE, from) == '/') {
            return pathAndQuery(seg, from, to, req);
        }
        if (to - from == 1 && seg.get(JAVA_BYTE, from) == '*') {
            req.pathStart = from;
            req.pathEnd = to;
            return method == Method.OPTIONS;
        }
        int authority;
        if (Ascii.equalsIgnoreCase(seg, from, Math.min(to, from + HTTP.length), HTTP)) {
            authority = from + HTTP.length;
        } else if (Ascii.equalsIgnoreCase(seg, from, Math.min(to, from + HTTPS.length), HTTPS)) {
            authority = from + HTTPS.length;
        } else {
            return false;
        }
        int end = authority;
        for (byte b; end < to && (b = seg.get(JAVA_BYTE, end)) != '/' && b != '?'; ) {
            end++;
        }
        if (!validAuthority(seg, authority, end, false)) {
            return false;
        }
        req.hostStart = authority;
        req.hostEnd = end;
        if (end == to || seg.get(JAVA_BYTE, end) == '?') {
            req.pathStart = end;
            req.pathEnd = end;
            if (end < to) {
                req.queryStart = end + 1;
                return query(seg, end + 1, to);
            }
            return true;
        }
        return pathAndQuery(seg, end, to, req);
    }

    private static boolean pathAndQuery(MemorySegment seg, int from, int to, HttpRequest req) {
        req.pathStart = from;
        int i = from;
        while ((i = Ascii.skipPlainPathBytes(seg, i, to)) < to) {
            byte b = seg.get(JAVA_BYTE, i);
            if (b == '?') {
                break;
            }
            if (b != '%' || !escape(seg, i, to)) {
                return false;   // a path is decoded to name things: a broken escape names nothing
            }
            i += 3;
        }
        req.pathEnd = i;
        if (i < to) {
            req.queryStart = i + 1;
            return query(seg, i + 1, to);
        }
        return true;
    }

    private static boolean query(MemorySegment seg, int from, int to) {
        return Ascii.skipQueryBytes(seg, from, to) == to;
    }

    /**
     * uri-host [":" port] per RFC 3986 §3.2.2: a bracketed IP literal, or reg-name / IPv4
     * bytes with percent-escapes; no userinfo, no whitespace.
     */
    static boolean validAuthority(MemorySegment seg, int from, int to, boolean allowEmpty) {
        if (from == to) {
            return allowEmpty;
        }
        int i = from;
        if (seg.get(JAVA_BYTE, i) == '[') {
            i++;
            for (byte b; i < to && (Ascii.isHex(b = seg.get(JAVA_BYTE, i)) || b == ':' || b == '.'); ) {
                i++;
            }
            if (i == to || seg.get(JAVA_BYTE, i) != ']' || i == from + 1) {
                return false;
            }
            i++;
        } else {
            while ((i = Ascii.skipHostBytes(seg, i, to)) < to) {
                byte b = seg.get(JAVA_BYTE, i);
                if (b == ':') {
                    break;
                }
                if (b != '%' || !escape(seg, i, to)) {
                    return false;
                }
                i += 3;
            }
            if (i == from) {
                return false;
            }
        }
        if (i == to) {
            return true;
        }
        if (seg.get(JAVA_BYTE, i) != ':' || to - i - 1 > 5) {
            return false;
        }
        for (int p = i + 1; p < to; p++) {
            if (!isDigit(seg.get(JAVA_BYTE, p))) {
                return false;
            }
        }
        return true;
    }

    /** Whether the eight bytes at {@code v} are {@code HTTP/DIGIT.DIGIT}: a version, if not one of ours. */
    private static boolean versionLike(MemorySegment seg, int v) {
        for (int k = 0; k < HTTP_SLASH.length; k++) {
            if (seg.get(JAVA_BYTE, v + k) != HTTP_SLASH[k]) {
                return false;
            }
        }
        return isDigit(seg.get(JAVA_BYTE, v + 5)) && seg.get(JAVA_BYTE, v + 6) == '.'
                && isDigit(seg.get(JAVA_BYTE, v + 7));
    }

    /** Eight ASCII bytes as the little-endian word {@link Swar#LONG} reads. */
    private static long word(String eight) {
        return MemorySegment.ofArray(Ascii.bytes(eight)).get(Swar.LONG, 0);
    }

    private static boolean escape(MemorySegment seg, int at, int to) {
        return at + 2 < to && Ascii.isHex(seg.get(JAVA_BYTE, at + 1))
                && Ascii.isHex(seg.get(JAVA_BYTE, at + 2));
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    /**
     * Whether the start of an unfinished request line {@code b[from, to)} can still become one:
     * a method token (tchars) up to the first space. A lone CR may begin an empty line.
     */
    static boolean plausibleStart(MemorySegment b, int from, int to) {
        if (from < to && b.get(JAVA_BYTE, from) == Ascii.CR) {
            return to - from == 1;
        }
        int i = Ascii.skipTchars(b, from, to);
        return i == to || (i > from && b.get(JAVA_BYTE, i) == Ascii.SP);
    }
}
