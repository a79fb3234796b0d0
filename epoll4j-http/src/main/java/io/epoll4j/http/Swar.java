package io.epoll4j.http;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Byte scans eight bytes at a time ("SIMD within a register"): the parser looks at every byte
 * of a head, and a word test per eight bytes is several times cheaper than a test per byte on
 * the long lines browsers send. Each scan only skips words that surely hold no byte of
 * interest; the caller finishes byte by byte, with the exact test, from where it stops.
 *
 * {@snippet :
 * void scan(MemorySegment seg, int from, int limit) {
 *     int lf = Swar.indexOfLf(seg, from, limit);          // limit when there is none
 *     int i = Swar.skipPlainFieldBytes(seg, from, limit); // then: while (Ascii.isFieldByte(seg.get(JAVA_BYTE, i))) i++;
 * }
 * }
 *
 * <h2>Implementation notes</h2>
 * The tests are the classic ones of Bit Twiddling Hacks: {@code (w - 0x01..01 * n) & ~w &
 * 0x80..80} is non-zero exactly when some byte of {@code w} is below {@code n} (n ≤ 128), and
 * with little-endian loads its lowest set bit marks the first such byte. Words are read as
 * unaligned little-endian longs of the segment (the read buffer or the parser's own), so the
 * only bounds are the segment's own.
 */
final class Swar {

    /** A word of eight bytes as they lie in memory, the first in the lowest bits. */
    static final ValueLayout.OfLong LONG =
            ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long LFS = ONES * Ascii.LF;
    private static final long DELS = ONES * 0x7F;

    private Swar() {
    }

    /** Index of the first LF in {@code seg[from, to)}, or {@code to} when there is none. */
    static int indexOfLf(MemorySegment seg, int from, int to) {
        int i = from;
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            long w = seg.get(LONG, i) ^ LFS;
            long zero = (w - ONES) & ~w & HIGHS;
            if (zero != 0) {
                return i + (Long.numberOfTrailingZeros(zero) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (seg.get(ValueLayout.JAVA_BYTE, i) == Ascii.LF) {
                return i;
            }
        }
        return to;
    }

    /**
     * Skips whole words of {@code seg[from, to)} that hold no control byte (below 0x20) and no
     * DEL: bytes that are all field content (RFC 9110 §5.5). Returns where the byte-wise scan
     * takes over, at most {@code to}.
     */
    static int skipPlainFieldBytes(MemorySegment seg, int from, int to) {
        int i = from;
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            long w = seg.get(LONG, i);
            long del = w ^ DELS;
            long stop = ((w - ONES * 0x20) & ~w) | ((del - ONES) & ~del);
            if ((stop & HIGHS) != 0) {
                break;
            }
        }
        return i;
    }
}
