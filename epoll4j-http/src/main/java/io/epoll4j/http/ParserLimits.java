package io.epoll4j.http;

/**
 * Size limits applied by {@link RequestParser}; each exceeded limit has its own status code.
 *
 * {@snippet :
 * ParserLimits limits = ParserLimits.DEFAULT.withMaxBody(16 << 20); // 16 MiB uploads
 * RequestParser parser = new RequestParser(limits);
 * }
 *
 * @param maxRequestLine bytes of the request line without CRLF; beyond it 414
 * @param maxHeaderBytes bytes of the header section (and, separately, of the trailer
 *                       section) including line ends; beyond it 431
 * @param maxHeaderCount header field lines (and trailer lines); beyond it 431
 * @param maxBody        decoded body bytes; beyond it 413
 * @param maxChunkLine   bytes of one chunk-size line with its extensions; beyond it 400,
 *                       because only abuse needs more
 */
public record ParserLimits(int maxRequestLine, int maxHeaderBytes, int maxHeaderCount,
                           long maxBody, int maxChunkLine) {

    /** 8 KiB request line, 64 KiB of headers in at most 256 lines, 1 MiB body, 4 KiB chunk lines. */
    public static final ParserLimits DEFAULT = new ParserLimits(8192, 65536, 256, 1 << 20, 4096);

    /** Checks that every limit is positive. */
    public ParserLimits {
        if (maxRequestLine < 16 || maxHeaderBytes < 2 || maxHeaderCount < 1 || maxBody < 0
                || maxChunkLine < 3) {
            throw new IllegalArgumentException("limits too small: " + maxRequestLine + ", "
                    + maxHeaderBytes + ", " + maxHeaderCount + ", " + maxBody + ", " + maxChunkLine);
        }
        // Head and body are buffered together in one segment the parser indexes with an int.
        long largest = largestBody(maxRequestLine, maxHeaderBytes);
        if (maxBody > largest) {
            throw new IllegalArgumentException("maxBody " + maxBody + " is past the largest body that can be"
                    + " buffered behind a head of these limits, " + largest);
        }
    }

    /** The largest {@code maxBody} these limits allow: a head and its body are buffered in one segment indexed with an {@code int}. */
    public long largestMaxBody() {
        return largestBody(maxRequestLine, maxHeaderBytes);
    }

    private static long largestBody(int maxRequestLine, int maxHeaderBytes) {
        return Integer.MAX_VALUE - 2L * maxHeaderBytes - maxRequestLine - 1024;
    }

    /** These limits with another body limit. */
    public ParserLimits withMaxBody(long bytes) {
        return new ParserLimits(maxRequestLine, maxHeaderBytes, maxHeaderCount, bytes, maxChunkLine);
    }
}
