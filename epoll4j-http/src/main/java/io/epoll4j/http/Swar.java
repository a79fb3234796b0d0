package io.epoll4j.http;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

/**
 * Byte scans eight bytes at a time ("SIMD within a register"): the parser looks at every byte
 * of a head, and a word test per eight bytes is several times cheaper than a test per byte on
 * the long lines browsers send, the more so in a segment, where each access is checked
 * against the segment's bounds and its arena's liveness (about twice an array access).
 *
 * {@snippet :
 * void scan(MemorySegment seg, int from, int limit) {
 *     int lf = Swar.indexOf(seg, from, limit, Ascii.LF);  // limit when there is none
 *     int i = Swar.skipPlainFieldBytes(seg, from, limit); // then: while (Ascii.isFieldByte(seg.get(JAVA_BYTE, i))) i++;
 * }
 * }
 *
 * <h2>Implementation notes</h2>
 * The tests are the classic ones of Bit Twiddling Hacks: {@code (w - 0x01..01 * n) & ~w &
 * 0x80..80} is non-zero exactly when some byte of {@code w} is below {@code n} (n ≤ 128), and
 * with little-endian loads its lowest set bit marks the first such byte (a borrow only runs
 * towards higher bytes, so flags above the first may be false, never the first). Words are
 * read as unaligned little-endian longs of the segment (the read buffer or the parser's own),
 * so the only bounds are the segment's own.
 */
final class Swar {

    /** A word of eight bytes as they lie in memory, the first in the lowest bits. */
    static final ValueLayout.OfLong LONG =
            ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    /** Four bytes as they lie in memory, the first in the lowest bits. */
    static final ValueLayout.OfInt INT =
            ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    /** {@link #LONG}'s words, read from a byte array. */
    private static final VarHandle ARRAY_LONG =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    /** {@link #INT}'s words, read from a byte array. */
    private static final VarHandle ARRAY_INT =
            MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long DELS = ONES * 0x7F;
    private static final long CASE = ONES * 0x20;

    private Swar() {
    }

    /** Index of the first {@code b} in {@code seg[from, to)}, or {@code to} when there is none. */
    static int indexOf(MemorySegment seg, int from, int to, byte b) {
        long pattern = ONES * (b & 0xFF);
        int i = from;
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            long w = seg.get(LONG, i) ^ pattern;
            long zero = (w - ONES) & ~w & HIGHS;
            if (zero != 0) {
                return i + (Long.numberOfTrailingZeros(zero) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (seg.get(JAVA_BYTE, i) == b) {
                return i;
            }
        }
        return to;
    }

    /**
     * Skips the bytes of {@code seg[from, to)} that are all field content (RFC 9110 §5.5) and
     * no HTAB: no control byte (below 0x20) and no DEL. Returns the index of the first other
     * byte found in a whole word, or where the last whole word ends: the byte-wise scan takes
     * over there, at most {@code to}.
     */
    static int skipPlainFieldBytes(MemorySegment seg, int from, int to) {
        int i = from;
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            long w = seg.get(LONG, i);
            long del = w ^ DELS;
            long stop = (((w - ONES * 0x20) & ~w) | ((del - ONES) & ~del)) & HIGHS;
            if (stop != 0) {
                return i + (Long.numberOfTrailingZeros(stop) >>> 3);
            }
        }
        return i;
    }

    /**
     * Whether {@code seg[from, to)} equals {@code lowerCase} ignoring ASCII case, a word at a
     * time: each byte with 0x20 set must be the constant's. Exact only where the bytes are
     * field bytes (RFC 9110 §5.5: no CTL, so the 0x20 bit cannot turn CR into '-' or a control
     * into a digit) and the constant holds only lower-case letters, digits and '-': the
     * header names and the tokens the parser looks for.
     */
    static boolean equalsIgnoreCase(MemorySegment seg, int from, int to, byte[] lowerCase) {
        if (to - from != lowerCase.length) {
            return false;
        }
        int i = 0;
        for (; i + Long.BYTES <= lowerCase.length; i += Long.BYTES) {
            if ((seg.get(LONG, from + i) | CASE) != (long) ARRAY_LONG.get(lowerCase, i)) {
                return false;
            }
        }
        if (i + Integer.BYTES <= lowerCase.length) {
            if ((seg.get(INT, from + i) | (int) CASE) != (int) ARRAY_INT.get(lowerCase, i)) {
                return false;
            }
            i += Integer.BYTES;
        }
        for (; i < lowerCase.length; i++) {
            if ((seg.get(JAVA_BYTE, from + i) | 0x20) != lowerCase[i]) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code seg[at, at + bytes.length)} equals {@code bytes}, compared a word at a time. */
    static boolean equals(MemorySegment seg, int at, byte[] bytes) {
        int i = 0;
        for (; i + Long.BYTES <= bytes.length; i += Long.BYTES) {
            if (seg.get(LONG, at + i) != (long) ARRAY_LONG.get(bytes, i)) {
                return false;
            }
        }
        for (; i < bytes.length; i++) {
            if (seg.get(JAVA_BYTE, at + i) != bytes[i]) {
                return false;
            }
        }
        return true;
    }
}
