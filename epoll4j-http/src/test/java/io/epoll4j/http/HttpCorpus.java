package io.epoll4j.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generates HTTP/1.1 request streams for fuzzing and differential testing: mostly well formed,
 * with the pieces request smuggling is made of (duplicate or odd Content-Length, Transfer-Encoding
 * lists, bare CR or LF, whitespace before a colon, obs-fold, odd chunk sizes and extensions)
 * mixed in, and random byte edits on top.
 *
 * {@snippet :
 * byte[] input = HttpCorpus.requests(new SplittableRandom(7), 3);
 * }
 */
final class HttpCorpus {
    // No TRACE: nginx refuses it before it reads the head, so there is no framing to compare.
    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "HEAD", "DELETE", "OPTIONS", "PATCH",
            "get", "G ET", "GET\t", "POST ", "", "CONNECT", "XELETE", "BREW", "PRI");
    private static final List<String> TARGETS = List.of("/", "/plaintext", "/a?b=c", "/a%20b", "/%zz", "/?q={x}",
            "/a[1]|b", "*", "http://h/x", "h:80", "/a b", "/a\tb", "//x", "/\u00e9", "/a#f", "/?a=100%", "/a\0b",
            "/" + "a".repeat(300), "");
    private static final List<String> VERSIONS = List.of("HTTP/1.1", "HTTP/1.1", "HTTP/1.1", "HTTP/1.0", "HTTP/1.2",
            "HTTP/2.0", "http/1.1", "HTTP/1.1 ", "HTTP/1", "HTTP/01.1", "");
    private static final List<String> EOLS = List.of("\r\n", "\r\n", "\r\n", "\r\n", "\r\n", "\r\n", "\n", "\r",
            "\r\r\n", "\n\r");
    private static final List<String> NAMES = List.of("Host", "Content-Length", "Transfer-Encoding", "Connection",
            "X-A", "Expect", "content-length", "TRANSFER-ENCODING", "Content-Length ", " Content-Length",
            "Transfer-Encoding\t", "Content Length", "X-\u00e9", "", "Te", "Upgrade");
    private static final List<String> VALUES = List.of("0", "1", "5", "10", "-1", "+5", "0x5", "5 5", "5,5", "5, 6",
            " 5", "5 ", "99999999999999999999", "chunked", "Chunked", "gzip, chunked", "chunked, gzip", "chunked,",
            ",chunked", "identity", " chunked", "chunked\t", "close", "keep-alive", "Keep-Alive, close", "a\rb",
            "a\nb", "a\0b", "\u00e9", "100-continue", "h", "h:80", "", "x\r\n y");
    private static final List<String> CHUNK_SIZES = List.of("0", "1", "5", "a", "A", "ff", "-1", "0x5", " 5", "5 ",
            "5;ext", "5;a=b", "5 ;a", "5\t", "", "zz", "ffffffffffffffffff", "00005");

    private HttpCorpus() {
    }

    /** A stream of {@code count} requests, each mostly well formed, then perhaps edited at random bytes. */
    static byte[] requests(SplittableRandom random, int count) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < count; i++) {
            out.writeBytes(request(random));
        }
        byte[] bytes = out.toByteArray();
        int edits = random.nextInt(8) == 0 ? 1 + random.nextInt(3) : 0;
        for (int e = 0; e < edits && bytes.length > 0; e++) {
            bytes = edit(random, bytes);
        }
        return bytes;
    }

    static byte[] request(SplittableRandom random) {
        StringBuilder b = new StringBuilder();
        boolean valid = random.nextBoolean();   // half of them: no odd piece at all
        String eol = valid ? "\r\n" : pick(random, EOLS);
        b.append(valid ? pick(random, METHODS.subList(0, 7)) : pick(random, METHODS)).append(' ')
                .append(valid ? pick(random, TARGETS.subList(0, 5)) : pick(random, TARGETS)).append(' ')
                .append(valid ? "HTTP/1.1" : pick(random, VERSIONS)).append(eol);
        b.append("Host: h").append(eol);
        int headers = random.nextInt(4);
        boolean chunked = false;
        int length = -1;
        for (int h = 0; h < headers; h++) {
            String name = valid ? pick(random, NAMES.subList(0, 5)) : pick(random, NAMES);
            String value = pick(random, VALUES);
            if (valid && name.equals("Content-Length")) {
                if (length >= 0 || chunked) {
                    continue;
                }
                length = random.nextInt(12);
                value = Integer.toString(length);
            } else if (valid && name.equals("Transfer-Encoding")) {
                if (length >= 0 || chunked) {
                    continue;
                }
                chunked = true;
                value = "chunked";
            } else if (valid && name.equals("Host")) {
                continue;
            } else if (valid && !name.startsWith("X-")) {
                value = "keep-alive";
            }
            b.append(name);
            b.append(valid || random.nextInt(4) > 0 ? ": " : pick(random, List.of(":", " : ", ":\t", "")));
            b.append(value).append(eol);
            if (!valid && random.nextInt(10) == 0) {
                b.append(pick(random, List.of(" folded", "\tfolded", " "))).append(eol);   // obs-fold
            }
            if (name.strip().equalsIgnoreCase("transfer-encoding") && value.contains("chunked")) {
                chunked = true;
            }
            if (name.strip().equalsIgnoreCase("content-length") && value.strip().matches("[0-9]{1,2}")) {
                length = Integer.parseInt(value.strip());
            }
        }
        b.append(eol);
        if (chunked) {
            int chunks = random.nextInt(3);
            for (int c = 0; c < chunks; c++) {
                String size = valid ? Integer.toHexString(1 + random.nextInt(20)) : pick(random, CHUNK_SIZES);
                int n = size.matches("[0-9a-fA-F]{1,2}") ? Integer.parseInt(size, 16) : random.nextInt(6);
                b.append(size).append(eol).append(body(random, n)).append(eol);
            }
            b.append("0").append(eol);
            if (random.nextInt(4) == 0) {
                b.append(valid ? "X-T: t" : pick(random, List.of("X-T: t", "Content-Length: 5", "X-T t", " X-T: t")))
                        .append(eol);
            }
            b.append(eol);
        } else if (length > 0) {
            b.append(body(random, valid || random.nextBoolean() ? length : random.nextInt(length + 4)));
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String body(SplittableRandom random, int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append(random.nextInt(10) == 0 ? pick(random, List.of("\r", "\n", "0", "G", " ")) : (char) ('a' + random.nextInt(26)));
        }
        return b.toString();
    }

    private static byte[] edit(SplittableRandom random, byte[] bytes) {
        int at = random.nextInt(bytes.length);
        byte[] specials = {'\r', '\n', ' ', '\t', ':', 0, (byte) 0xFF, '0', ';', ','};
        byte b = random.nextBoolean() ? specials[random.nextInt(specials.length)] : (byte) random.nextInt(256);
        return switch (random.nextInt(3)) {
            case 0 -> {
                byte[] out = bytes.clone();
                out[at] = b;
                yield out;
            }
            case 1 -> {
                byte[] out = new byte[bytes.length + 1];
                System.arraycopy(bytes, 0, out, 0, at);
                out[at] = b;
                System.arraycopy(bytes, at, out, at + 1, bytes.length - at);
                yield out;
            }
            default -> {
                byte[] out = new byte[bytes.length - 1];
                System.arraycopy(bytes, 0, out, 0, at);
                System.arraycopy(bytes, at + 1, out, at, bytes.length - at - 1);
                yield out;
            }
        };
    }

    private static String pick(SplittableRandom random, List<String> from) {
        return from.get(random.nextInt(from.size()));
    }
}
