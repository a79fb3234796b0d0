package io.epoll4j.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Replays malformed-requests.txt: each hostile request gets exactly its status, however it is split. */
class MalformedRequestCorpusTest {

    record Entry(int status, String name, byte[] request) {
    }

    static List<Entry> corpus() throws IOException {
        List<Entry> entries = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                MalformedRequestCorpusTest.class.getResourceAsStream("malformed-requests.txt"),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int a = line.indexOf(" | ");
                int b = line.indexOf(" | ", a + 3);
                entries.add(new Entry(Integer.parseInt(line.substring(0, a)), line.substring(a + 3, b),
                        Wire.unescape(line.substring(b + 3))));
            }
        }
        return entries;
    }

    static Stream<Arguments> entries() throws IOException {
        return corpus().stream().map(e -> Arguments.of(e.name, e.status, e.request));
    }

    @Test
    void corpusHoldsAtLeastSixtyDistinctCases() throws IOException {
        List<Entry> entries = corpus();
        assertTrue(entries.size() >= 60, "only " + entries.size());
        assertEquals(entries.size(), entries.stream().map(Entry::name).distinct().count(), "duplicate names");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("entries")
    void wholeRequestIsRejectedWithItsStatus(String name, int status, byte[] request) {
        Wire.Outcome outcome = Wire.parse(request);
        assertEquals(List.of(), outcome.requests(), "no request may pass before the error");
        assertEquals(RequestParser.Status.ERROR, outcome.last());
        assertEquals(status, outcome.error());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("entries")
    void requestFedInRandomPiecesGetsTheSameStatus(String name, int status, byte[] request) {
        Random random = new Random(name.hashCode());
        for (int round = 0; round < 5; round++) {
            Wire.Outcome outcome = Wire.parse(request, RandomSplitTest.randomCuts(random, request.length));
            assertEquals(RequestParser.Status.ERROR, outcome.last());
            assertEquals(status, outcome.error());
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("entries")
    void requestFedByteByByteGetsTheSameStatus(String name, int status, byte[] request) {
        if (request.length > 20_000) {
            return;  // the flood cases are covered by the random splits; keep the suite fast
        }
        Wire.Outcome outcome = Wire.parse(request, Wire.everyByte(request.length));
        assertEquals(RequestParser.Status.ERROR, outcome.last());
        assertEquals(status, outcome.error());
    }

    @Test
    void parserStaysFailedAndIgnoresLaterBytes() {
        RequestParser parser = new RequestParser(ParserLimits.DEFAULT);
        byte[] bad = Wire.latin1("GET / HTTP/1.1\r\nHost : a\r\n\r\n");
        parser.feed(bad, 0, bad.length);
        assertEquals(RequestParser.Status.ERROR, parser.next());
        byte[] good = Wire.latin1("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        parser.feed(good, 0, good.length);
        assertEquals(RequestParser.Status.ERROR, parser.next());
        assertEquals(400, parser.errorStatus());
    }
}
