package io.epoll4j.http;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Shared test helpers: wire bytes, escaped request notation, parsing into snapshots. */
final class Wire {

    private Wire() {
    }

    /** A parsed request copied out of the parser's buffer, comparable with equals. */
    record Parsed(Method method, String target, HttpVersion version, List<String> headers,
                  String body, List<String> trailers, boolean keepAlive, int wireLength) {
    }

    /** What a parser produced from some input: requests, then how it stopped. */
    record Outcome(List<Parsed> requests, RequestParser.Status last, int error) {
    }

    static byte[] latin1(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static String latin1(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    /**
     * Turns the corpus notation into bytes: {@code \r \n \t \0 \\ \xHH}, and
     * {@code \R{count:text}} for text repeated count times (text itself may hold escapes).
     */
    static byte[] unescape(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                out.write(c);
                continue;
            }
            char e = s.charAt(++i);
            switch (e) {
                case 'r' -> out.write('\r');
                case 'n' -> out.write('\n');
                case 't' -> out.write('\t');
                case '0' -> out.write(0);
                case '\\' -> out.write('\\');
                case 'x' -> {
                    out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                    i += 2;
                }
                case 'R' -> {
                    int close = s.indexOf('}', i);
                    int colon = s.indexOf(':', i);
                    int count = Integer.parseInt(s.substring(i + 2, colon));
                    byte[] unit = unescape(s.substring(colon + 1, close));
                    for (int k = 0; k < count; k++) {
                        out.writeBytes(unit);
                    }
                    i = close;
                }
                default -> throw new IllegalArgumentException("unknown escape \\" + e + " in " + s);
            }
        }
        return out.toByteArray();
    }

    static Parsed snapshot(HttpRequest r) {
        List<String> headers = new ArrayList<>();
        for (int i = 0; i < r.headerCount(); i++) {
            headers.add(r.headerName(i) + ": " + r.headerValue(i));
        }
        List<String> trailers = new ArrayList<>();
        for (int i = 0; i < r.trailerCount(); i++) {
            trailers.add(r.trailerName(i) + ": " + r.trailerValue(i));
        }
        return new Parsed(r.method(), r.target(), r.version(), headers, latin1(r.bodyBytes()),
                trailers, r.keepAlive(), r.wireLength());
    }

    /** Drains every request the parser can produce now into {@code into}; returns how it stopped. */
    static RequestParser.Status drain(RequestParser parser, List<Parsed> into) {
        RequestParser.Status s;
        while ((s = parser.next()) == RequestParser.Status.REQUEST) {
            into.add(snapshot(parser.request()));
        }
        return s;
    }

    /**
     * Feeds {@code input} cut at {@code cuts} (ascending offsets) as the loop does: each piece
     * read into the same native segment over the last one, which is scribbled over first, so
     * a parser that kept reading a piece after it asked for more would see garbage.
     */
    static Outcome parse(byte[] input, ParserLimits limits, int... cuts) {
        RequestParser parser = new RequestParser(limits);
        List<Parsed> requests = new ArrayList<>();
        RequestParser.Status last = RequestParser.Status.NEED_MORE;
        try (Arena arena = Arena.ofConfined()) {
            int largest = 1;
            for (int k = 0, at = 0; k <= cuts.length; k++) {
                int to = k < cuts.length ? cuts[k] : input.length;
                largest = Math.max(largest, to - at);
                at = to;
            }
            MemorySegment readBuffer = arena.allocate(largest);
            int from = 0;
            for (int k = 0; k <= cuts.length; k++) {
                int to = k < cuts.length ? cuts[k] : input.length;
                readBuffer.fill((byte) '#');
                MemorySegment.copy(input, from, readBuffer, ValueLayout.JAVA_BYTE, 0, to - from);
                parser.feed(readBuffer, 0, to - from);
                last = drain(parser, requests);
                if (last == RequestParser.Status.ERROR) {
                    break;
                }
                from = to;
            }
        }
        return new Outcome(requests, last, parser.errorStatus());
    }

    static Outcome parse(byte[] input, int... cuts) {
        return parse(input, ParserLimits.DEFAULT, cuts);
    }

    static Outcome parse(String input, int... cuts) {
        return parse(latin1(input), ParserLimits.DEFAULT, cuts);
    }

    static int[] everyByte(int length) {
        int[] cuts = new int[Math.max(0, length - 1)];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = i + 1;
        }
        return cuts;
    }

    /** Parses a single complete request and returns the parser positioned on it. */
    static HttpRequest request(String wire) {
        RequestParser parser = new RequestParser(ParserLimits.DEFAULT);
        parser.feed(latin1(wire), 0, wire.length());
        RequestParser.Status s = parser.next();
        if (s != RequestParser.Status.REQUEST) {
            throw new AssertionError("not a complete valid request (" + s + " " + parser.errorStatus() + "): " + wire);
        }
        return parser.request();
    }
}
