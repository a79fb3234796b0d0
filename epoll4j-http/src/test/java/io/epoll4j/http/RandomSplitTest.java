package io.epoll4j.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Valid pipelines come out the same, in order, bodies exact, however the bytes are split. */
class RandomSplitTest {

    private static final String[] REQUESTS = {
        "GET /plaintext HTTP/1.1\r\nHost: localhost\r\nAccept: text/plain\r\nConnection: keep-alive\r\n\r\n",
        "POST /upload?x=1 HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\nContent-Type: text/plain\r\n\r\nhello world",
        "PUT /c HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "4\r\nWiki\r\n5;name=value;q=\"a b\"\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n0\r\nX-Sum: 42\r\nX-Other: y\r\n\r\n",
        "\r\n\r\nHEAD /index.html HTTP/1.1\r\nHost: [::1]:8080\r\n\r\n",
        "GET http://example.com:8080/abs?q HTTP/1.1\r\nHost: ignored\r\n\r\n",
        "OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n",
        "DELETE /item/7 HTTP/1.0\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n",
        "PATCH /p HTTP/1.1\r\nHost: h\r\ntransfer-encoding: CHUNKED\r\n\r\n1a\r\nabcdefghijklmnopqrstuvwxyz\r\n00\r\n\r\n",
        "GET /json HTTP/1.1\r\nHost: h\r\nX-Latin1: caf\u00e9\r\nContent-Length: 3\r\n\r\nabc",
        "POST /big HTTP/1.1\r\nHost: h\r\nContent-Length: 5000\r\n\r\n" + "x".repeat(5000),
        "GET /last HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n",
    };

    static int[] randomCuts(Random random, int length) {
        TreeSet<Integer> cuts = new TreeSet<>();
        int count = length < 2 ? 0 : random.nextInt(Math.min(length - 1, 40) + 1);
        while (cuts.size() < count) {
            cuts.add(1 + random.nextInt(length - 1));
        }
        return cuts.stream().mapToInt(Integer::intValue).toArray();
    }

    private static byte[] pipeline(Random random, int count) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < count; i++) {
            b.append(REQUESTS[random.nextInt(REQUESTS.length - 1)]);
        }
        return Wire.latin1(b.append(REQUESTS[REQUESTS.length - 1]).toString());
    }

    @Test
    void wholePipelineParsesToTheExpectedRequests() {
        byte[] all = Wire.latin1(String.join("", REQUESTS));
        Wire.Outcome outcome = Wire.parse(all);
        assertEquals(RequestParser.Status.NEED_MORE, outcome.last());
        List<Wire.Parsed> r = outcome.requests();
        assertEquals(REQUESTS.length, r.size());
        assertEquals("hello world", r.get(1).body());
        assertEquals("Wikipedia in\r\n\r\nchunks.", r.get(2).body());
        assertEquals(List.of("X-Sum: 42", "X-Other: y"), r.get(2).trailers());
        assertEquals(Method.HEAD, r.get(3).method());
        assertEquals("abcdefghijklmnopqrstuvwxyz", r.get(7).body());
        assertEquals("abc", r.get(8).body());
        assertEquals(5000, r.get(9).body().length());
        assertEquals(false, r.get(10).keepAlive());
        int wire = r.stream().mapToInt(Wire.Parsed::wireLength).sum();
        assertEquals(all.length - 4, wire, "only the four leading empty lines belong to no request");
    }

    @Test
    void pipelineSplitAtEverySingleByteBoundaryParsesIdentically() {
        byte[] all = Wire.latin1(String.join("", REQUESTS));
        List<Wire.Parsed> expected = Wire.parse(all).requests();
        for (int cut = 1; cut < all.length; cut++) {
            assertEquals(expected, Wire.parse(all, cut).requests(), "cut at " + cut);
        }
    }

    @Test
    void pipelineFedOneByteAtATimeParsesIdentically() {
        byte[] all = Wire.latin1(String.join("", REQUESTS));
        assertEquals(Wire.parse(all).requests(), Wire.parse(all, Wire.everyByte(all.length)).requests());
    }

    @Test
    void randomPipelinesInRandomFragmentsParseIdentically() {
        for (long seed = 1; seed <= 200; seed++) {
            Random random = new Random(seed);
            byte[] all = pipeline(random, 1 + random.nextInt(20));
            List<Wire.Parsed> expected = Wire.parse(all).requests();
            for (int round = 0; round < 5; round++) {
                Wire.Outcome outcome = Wire.parse(all, randomCuts(random, all.length));
                assertEquals(expected, outcome.requests(), "seed " + seed);
                assertEquals(RequestParser.Status.NEED_MORE, outcome.last());
            }
        }
    }

    @Test
    void largeChunkedBodyArrivingInSmallPiecesIsDecodedExactly() {
        Random random = new Random(7);
        StringBuilder wire = new StringBuilder("POST /u HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n");
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            int size = 1 + random.nextInt(9000);
            String chunk = Character.toString('a' + i % 26).repeat(size);
            body.append(chunk);
            wire.append(Integer.toHexString(size)).append("\r\n").append(chunk).append("\r\n");
        }
        wire.append("0\r\n\r\nGET /after HTTP/1.1\r\nHost: h\r\n\r\n");
        byte[] all = Wire.latin1(wire.toString());
        List<Integer> cuts = new ArrayList<>();
        for (int at = 1000; at < all.length; at += 1000) {
            cuts.add(at);
        }
        Wire.Outcome outcome = Wire.parse(all, cuts.stream().mapToInt(Integer::intValue).toArray());
        assertEquals(2, outcome.requests().size());
        assertEquals(body.toString(), outcome.requests().get(0).body());
        assertEquals("/after", outcome.requests().get(1).target());
    }
}
