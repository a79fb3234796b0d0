package io.epoll4j.http;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Property-based fuzzing of the request parser (jqwik), bounded by its number of tries: on
 * request streams from {@link HttpCorpus} and on arbitrary bytes, the parser throws nothing,
 * fails only with its own statuses, is indifferent to how the input is cut, and frames every
 * request it accepts exactly as it frames that request written out again plainly.
 */
class RequestParserFuzzTest {
    /** What the parser may answer malformed input with; anything else (or a throw) is a bug. */
    private static final Set<Integer> OWN_STATUSES = Set.of(400, 413, 414, 417, 431, 501, 503, 505);
    private static final Set<String> FRAMING = Set.of("content-length", "transfer-encoding");

    @Property(tries = 10000)
    void generatedStreamsEndInRequestsOrTheParsersOwnErrorAndCutsChangeNothing(
            @ForAll long seed, @ForAll @IntRange(min = 1, max = 4) int count) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] input = HttpCorpus.requests(random, count);
        Wire.Outcome whole = checked(input);
        Wire.Outcome cut = checked(input, cuts(random, input.length));
        assertEquals(whole, cut, () -> "cutting changed the outcome of " + show(input));
    }

    @Property(tries = 5000)
    void arbitraryBytesEndInRequestsOrTheParsersOwnError(@ForAll @Size(max = 600) byte[] input) {
        checked(input);
    }

    @Property(tries = 10000)
    void everyAcceptedRequestIsFramedAsItsPlainRewriting(@ForAll long seed, @ForAll @IntRange(min = 1, max = 4) int count) {
        byte[] input = HttpCorpus.requests(new SplittableRandom(seed), count);
        Wire.Outcome outcome = checked(input);
        int consumed = 0;
        for (Wire.Parsed request : outcome.requests()) {
            consumed += request.wireLength();
            byte[] plain = rewrite(request);
            Wire.Outcome again = checked(plain);
            assertEquals(1, again.requests().size(),
                    () -> "accepted " + request + " from " + show(input) + "; its rewriting " + show(plain) + " gave " + again);
            Wire.Parsed reparsed = again.requests().getFirst();
            assertEquals(comparable(request), comparable(reparsed), () -> "framing differs for " + show(input));
            assertEquals(plain.length, reparsed.wireLength());
        }
        assertTrue(consumed <= input.length, "requests longer than the input");
    }

    private static Wire.Outcome checked(byte[] input, int... cuts) {
        Wire.Outcome outcome;
        try {
            outcome = Wire.parse(input, cuts);
        } catch (RuntimeException | Error e) {
            throw new AssertionError("the parser threw on " + show(input), e);
        }
        if (outcome.last() == RequestParser.Status.ERROR) {
            assertTrue(OWN_STATUSES.contains(outcome.error()), "status " + outcome.error() + " for " + show(input));
        }
        return outcome;
    }

    /** The request written out plainly: its line, its fields but framing ones, Content-Length, body. */
    private static byte[] rewrite(Wire.Parsed r) {
        StringBuilder b = new StringBuilder().append(r.method().name()).append(' ').append(r.target()).append(' ')
                .append(r.version() == HttpVersion.HTTP_1_1 ? "HTTP/1.1" : "HTTP/1.0").append("\r\n");
        for (String header : r.headers()) {
            if (!FRAMING.contains(name(header))) {
                b.append(header).append("\r\n");
            }
        }
        if (!r.body().isEmpty()) {
            b.append("Content-Length: ").append(r.body().length()).append("\r\n");
        }
        return Wire.latin1(b.append("\r\n").append(r.body()).toString());
    }

    /** What framing decides: everything but the framing fields, trailers and the wire length. */
    private static List<Object> comparable(Wire.Parsed r) {
        List<String> fields = r.headers().stream().filter(h -> !FRAMING.contains(name(h))).toList();
        return List.of(r.method(), r.target(), r.version(), fields, r.body(), r.keepAlive());
    }

    private static String name(String header) {
        return header.substring(0, header.indexOf(':')).toLowerCase(Locale.ROOT);
    }

    private static int[] cuts(SplittableRandom random, int length) {
        if (length < 2) {
            return new int[0];
        }
        int[] cuts = random.ints(random.nextInt(1, Math.min(8, length)), 1, length).sorted().distinct().toArray();
        return cuts;
    }

    private static String show(byte[] input) {
        StringBuilder b = new StringBuilder("\"");
        for (byte x : input) {
            int c = x & 0xFF;
            switch (c) {
                case '\r' -> b.append("\\r");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\\' -> b.append("\\\\");
                default -> b.append(c >= 0x20 && c < 0x7F ? String.valueOf((char) c) : String.format("\\x%02X", c));
            }
        }
        return b.append('"').toString();
    }

}
