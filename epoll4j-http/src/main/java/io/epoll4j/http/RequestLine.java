package io.epoll4j.http;

/**
 * The request line of RFC 9112 §3: {@code method SP request-target SP HTTP-version}, with
 * exactly one space between the parts, and the four target forms of §3.2.
 *
 * {@snippet :
 * int parseLine(byte[] buf, int lineStart, int lineEndBeforeCrlf, HttpRequest request) {
 *     return RequestLine.parse(buf, lineStart, lineEndBeforeCrlf, request); // 0 = ok
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

    private RequestLine() {
    }

    static int parse(byte[] buf, int from, int to, HttpRequest req) {
        int i = from;
        while (i < to && Ascii.isTchar(buf[i])) {
            i++;
        }
        if (i == from || i == to || buf[i] != Ascii.SP) {
            return 400;
        }
        int methodEnd = i;
        int targetStart = ++i;
        while (i < to && buf[i] != Ascii.SP) {
            i++;
        }
        if (i == targetStart || i == to) {
            return 400;
        }
        int targetEnd = i;
        int v = i + 1;
        if (to - v != 8 || buf[v] != 'H' || buf[v + 1] != 'T' || buf[v + 2] != 'T'
                || buf[v + 3] != 'P' || buf[v + 4] != '/' || !isDigit(buf[v + 5])
                || buf[v + 6] != '.' || !isDigit(buf[v + 7])) {
            return 400;
        }
        if (buf[v + 5] != '1' || (buf[v + 7] != '0' && buf[v + 7] != '1')) {
            return 505;
        }
        req.version = buf[v + 7] == '1' ? HttpVersion.HTTP_1_1 : HttpVersion.HTTP_1_0;
        req.method = Method.lookup(buf, from, methodEnd);
        if (req.method == null) {
            return 501;
        }
        req.targetStart = targetStart;
        req.targetEnd = targetEnd;
        return target(buf, targetStart, targetEnd, req) ? 0 : 400;
    }

    private static boolean target(byte[] buf, int from, int to, HttpRequest req) {
        Method method = req.method;
        if (buf[from] == '/') {
            return pathAndQuery(buf, from, to, req);
        }
        if (to - from == 1 && buf[from] == '*') {
            req.pathStart = from;
            req.pathEnd = to;
            return method == Method.OPTIONS;
        }
        int authority;
        if (Ascii.equalsIgnoreCase(buf, from, Math.min(to, from + HTTP.length), HTTP)) {
            authority = from + HTTP.length;
        } else if (Ascii.equalsIgnoreCase(buf, from, Math.min(to, from + HTTPS.length), HTTPS)) {
            authority = from + HTTPS.length;
        } else {
            return false;
        }
        int end = authority;
        while (end < to && buf[end] != '/' && buf[end] != '?') {
            end++;
        }
        if (!validAuthority(buf, authority, end, false)) {
            return false;
        }
        req.hostStart = authority;
        req.hostEnd = end;
        if (end == to || buf[end] == '?') {
            req.pathStart = end;
            req.pathEnd = end;
            if (end < to) {
                req.queryStart = end + 1;
                return query(buf, end + 1, to);
            }
            return true;
        }
        return pathAndQuery(buf, end, to, req);
    }

    private static boolean pathAndQuery(byte[] buf, int from, int to, HttpRequest req) {
        req.pathStart = from;
        int i = from;
        while (i < to && buf[i] != '?') {
            if (buf[i] == '%') {
                if (!escape(buf, i, to)) {
                    return false;   // a path is decoded to name things: a broken escape names nothing
                }
                i += 3;
            } else if (Ascii.isPathByte(buf[i])) {
                i++;
            } else {
                return false;
            }
        }
        req.pathEnd = i;
        if (i < to) {
            req.queryStart = i + 1;
            return query(buf, i + 1, to);
        }
        return true;
    }

    private static boolean query(byte[] buf, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!Ascii.isQueryByte(buf[i])) {
                return false;
            }
        }
        return true;
    }

    /**
     * uri-host [":" port] per RFC 3986 §3.2.2: a bracketed IP literal, or reg-name / IPv4
     * bytes with percent-escapes; no userinfo, no whitespace.
     */
    static boolean validAuthority(byte[] buf, int from, int to, boolean allowEmpty) {
        if (from == to) {
            return allowEmpty;
        }
        int i = from;
        if (buf[i] == '[') {
            i++;
            while (i < to && (Ascii.isHex(buf[i]) || buf[i] == ':' || buf[i] == '.')) {
                i++;
            }
            if (i == to || buf[i] != ']' || i == from + 1) {
                return false;
            }
            i++;
        } else {
            while (i < to && buf[i] != ':') {
                if (buf[i] == '%') {
                    if (!escape(buf, i, to)) {
                        return false;
                    }
                    i += 3;
                } else if (Ascii.isHostByte(buf[i])) {
                    i++;
                } else {
                    return false;
                }
            }
            if (i == from) {
                return false;
            }
        }
        if (i == to) {
            return true;
        }
        if (buf[i] != ':' || to - i - 1 > 5) {
            return false;
        }
        for (int p = i + 1; p < to; p++) {
            if (!isDigit(buf[p])) {
                return false;
            }
        }
        return true;
    }

    private static boolean escape(byte[] buf, int at, int to) {
        return at + 2 < to && Ascii.isHex(buf[at + 1]) && Ascii.isHex(buf[at + 2]);
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }
}
