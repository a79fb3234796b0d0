package io.epoll4j.http;

/**
 * A single byte range from a {@code Range} header (RFC 9110 §14.1.2), resolved against the
 * representation's size.
 *
 * {@snippet :
 * ByteRange r = ByteRange.parse("bytes=-500", 10_000);   // the last 500 bytes
 * // r.first() == 9500, r.length() == 500
 * }
 *
 * {@link #parse} returns {@code null} when the header is to be ignored (syntax it does not
 * know, several ranges: the full representation is then sent with 200), or
 * {@link #UNSATISFIABLE} (answered with 416).
 *
 * @param first  first byte position
 * @param length number of bytes
 */
public record ByteRange(long first, long length) {

    /** No byte of the representation is in the range. */
    public static final ByteRange UNSATISFIABLE = new ByteRange(-1, 0);

    /** Last byte position, inclusive. */
    public long last() {
        return first + length - 1;
    }

    /** Resolves {@code header} against a representation of {@code size} bytes. */
    public static ByteRange parse(String header, long size) {
        if (header == null || header.length() < 7 || !header.regionMatches(true, 0, "bytes=", 0, 6)) {
            return null;
        }
        String spec = header.substring(6).strip();
        if (spec.indexOf(',') >= 0) {
            return null;  // several ranges: multipart is not worth it here; send it all
        }
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return null;
        }
        long a = digits(spec, 0, dash);
        long b = digits(spec, dash + 1, spec.length());
        if (dash == 0) {
            if (b < 0) {
                return null;
            }
            if (b == 0 || size == 0) {
                return UNSATISFIABLE;
            }
            long n = Math.min(b, size);
            return new ByteRange(size - n, n);
        }
        if (a < 0 || (dash + 1 < spec.length() && b < 0)) {
            return null;
        }
        if (b >= 0 && b < a) {
            return null;  // last < first is invalid syntax (§14.1.1): ignore
        }
        if (a >= size) {
            return UNSATISFIABLE;
        }
        long last = b < 0 ? size - 1 : Math.min(b, size - 1);
        return new ByteRange(a, last - a + 1);
    }

    /**
     * The decimal in {@code s[from, to)}, or -1 when empty or not all digits. A value past
     * {@code Long.MAX_VALUE} saturates there: as a first position it lies past any end (416),
     * as a last position or suffix length it reaches the end.
     */
    private static long digits(String s, int from, int to) {
        if (from == to) {
            return -1;
        }
        long v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v > (Long.MAX_VALUE - (c - '0')) / 10 ? Long.MAX_VALUE : v * 10 + (c - '0');
        }
        return v;
    }
}
