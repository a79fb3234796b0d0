package io.epoll4j.http;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Byte classes of RFC 9110 and RFC 3986, as lookup tables, and the few ASCII helpers the
 * parser needs. Package-private: callers see only the parsed result.
 *
 * {@snippet :
 * boolean ok = Ascii.isTchar('G') && !Ascii.isTchar(' ');
 * }
 */
final class Ascii {

    static final byte CR = '\r';
    static final byte LF = '\n';
    static final byte SP = ' ';
    static final byte HTAB = '\t';

    private static final int TCHAR = 1;
    /** Field-content byte: VCHAR, obs-text, SP, HTAB (RFC 9110 §5.5). */
    private static final int FIELD = 2;
    /**
     * Byte a request-target may carry raw in its path: what the URL standard's path
     * percent-encode set leaves unencoded (so what browsers send: {@code [ ] | ^} and the
     * like), i.e. printable ASCII but {@code " # < > ? ` { }}, and {@code \}, which browsers
     * turn into "/" and never send.
     */
    private static final int PATH = 4;
    /** Byte allowed raw in a reg-name host: unreserved and sub-delims (RFC 3986 §3.2.2). */
    private static final int HOST = 8;
    private static final int HEX = 16;
    /**
     * Byte a request-target may carry raw in its query: printable ASCII but what the URL
     * standard's query percent-encode set encodes ({@code " # < >}), so {@code { } [ ] | ^ ` % '}
     * and "?" pass as browsers send them.
     */
    private static final int QUERY = 32;
    /** A {@link #PATH} byte other than '%', which begins an escape. */
    private static final int PLAIN_PATH = 64;

    private static final byte[] CLASS = new byte[256];

    static {
        for (int c = 0; c < 256; c++) {
            int bits = 0;
            boolean alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
            boolean digit = c >= '0' && c <= '9';
            if (alpha || digit || "!#$%&'*+-.^_`|~".indexOf(c) >= 0) {
                bits |= TCHAR;
            }
            if (c == HTAB || (c >= 0x20 && c != 0x7F)) {
                bits |= FIELD;
            }
            boolean unreserved = alpha || digit || "-._~".indexOf(c) >= 0;
            boolean subDelim = "!$&'()*+,;=".indexOf(c) >= 0;
            boolean printable = c > 0x20 && c < 0x7F;
            if (printable && "\"#<>?`{}\\".indexOf(c) < 0) {
                bits |= c == '%' ? PATH : PATH | PLAIN_PATH;
            }
            if (printable && "\"#<>".indexOf(c) < 0) {
                bits |= QUERY;
            }
            if (unreserved || subDelim) {
                bits |= HOST;
            }
            if (digit || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')) {
                bits |= HEX;
            }
            CLASS[c] = (byte) bits;
        }
    }

    private Ascii() {
    }

    static boolean isTchar(int b) {
        return (CLASS[b & 0xFF] & TCHAR) != 0;
    }

    static boolean isFieldByte(int b) {
        return (CLASS[b & 0xFF] & FIELD) != 0;
    }

    static boolean isPathByte(int b) {
        return (CLASS[b & 0xFF] & PATH) != 0;
    }

    static boolean isHex(int b) {
        return (CLASS[b & 0xFF] & HEX) != 0;
    }

    static int hexValue(int b) {
        if (b <= '9') {
            return b - '0';
        }
        return (b | 0x20) - 'a' + 10;
    }

    static boolean isOws(int b) {
        return b == SP || b == HTAB;
    }

    /** Index of the first byte of {@code seg[from, to)} that is no tchar, or {@code to}. */
    static int skipTchars(MemorySegment seg, int from, int to) {
        return skip(seg, from, to, TCHAR);
    }

    /** Index of the first byte of {@code seg[from, to)} that is no raw path byte or is '%', or {@code to}. */
    static int skipPlainPathBytes(MemorySegment seg, int from, int to) {
        return skip(seg, from, to, PLAIN_PATH);
    }

    /** Index of the first byte of {@code seg[from, to)} that may not stand raw in a query, or {@code to}. */
    static int skipQueryBytes(MemorySegment seg, int from, int to) {
        return skip(seg, from, to, QUERY);
    }

    /** Index of the first byte of {@code seg[from, to)} that may not stand raw in a reg-name host, or {@code to}. */
    static int skipHostBytes(MemorySegment seg, int from, int to) {
        return skip(seg, from, to, HOST);
    }

    /**
     * Index of the first byte of {@code seg[from, to)} not of the class {@code bit}, or
     * {@code to}. One pass, reading a word at a time (a segment access costs about twice an
     * array's) and looking its bytes up from the register.
     */
    private static int skip(MemorySegment seg, int from, int to, int bit) {
        int i = from;
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            long w = seg.get(Swar.LONG, i);
            for (int k = 0; k < Long.BYTES; k++) {
                if ((CLASS[(int) (w >>> (k << 3)) & 0xFF] & bit) == 0) {
                    return i + k;
                }
            }
        }
        while (i < to && (CLASS[seg.get(ValueLayout.JAVA_BYTE, i) & 0xFF] & bit) != 0) {
            i++;
        }
        return i;
    }

    /** Lower-cases an ASCII letter; other bytes pass unchanged. */
    static int lower(int b) {
        return (b >= 'A' && b <= 'Z') ? b | 0x20 : b;
    }

    /** Whether {@code seg[from, to)} equals {@code lowerCase}, ignoring ASCII case. */
    static boolean equalsIgnoreCase(MemorySegment seg, int from, int to, byte[] lowerCase) {
        if (to - from != lowerCase.length) {
            return false;
        }
        for (int i = 0; i < lowerCase.length; i++) {
            if (lower(seg.get(ValueLayout.JAVA_BYTE, from + i)) != lowerCase[i]) {
                return false;
            }
        }
        return true;
    }

    static byte[] bytes(String ascii) {
        return ascii.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
