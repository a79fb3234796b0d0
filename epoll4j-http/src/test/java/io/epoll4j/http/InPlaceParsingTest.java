package io.epoll4j.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.epoll4j.net.MemoryBudget;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Requests are parsed where they were read; the parser copies bytes into its own buffer only
 * for a request a read ends in the middle of, or for what a pause leaves unparsed
 * ({@link RequestParser#retain()}), and goes back to parsing in place once that request is
 * complete. Every read goes through one segment that is scribbled over before the next, as
 * the loop's read buffer is reused, so a parser that read a segment it no longer holds would
 * see garbage.
 */
class InPlaceParsingTest {

    private static final String GET = "GET /plaintext HTTP/1.1\r\nHost: h\r\n\r\n";
    private static final String POST = "POST /up?x=1 HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\nhello world";
    private static final String CHUNKED = "PUT /c HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "4\r\nWiki\r\n5;name=value;q=\"a b\"\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n0\r\nX-Sum: 42\r\nX-Other: y\r\n\r\n";
    private static final String EXPECT = "POST /e HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n12345";

    private final Arena arena = Arena.ofConfined();

    @AfterEach
    void close() {
        arena.close();
    }

    private MemorySegment segment(String wire) {
        MemorySegment seg = arena.allocate(Math.max(1, wire.length()));
        MemorySegment.copy(Wire.latin1(wire), 0, seg, ValueLayout.JAVA_BYTE, 0, wire.length());
        return seg;
    }

    private static boolean within(MemorySegment part, MemorySegment whole) {
        return part.address() >= whole.address() && part.address() + part.byteSize() <= whole.address() + whole.byteSize();
    }

    @Test
    void aRequestThatArrivedWholeIsParsedWhereItLiesAndNothingIsCopied() {
        RequestParser parser = new RequestParser(ParserLimits.DEFAULT);
        MemorySegment read = segment(POST);
        parser.feed(read, 0, read.byteSize());
        assertEquals(RequestParser.Status.REQUEST, parser.next());
        MemorySegment body = parser.request().body();
        assertEquals(read.address() + POST.indexOf("hello"), body.address(), "the body is a view of the read");
        assertTrue(body.isReadOnly(), "the read buffer is the loop's: the handler only reads it");
        assertEquals("hello world", Wire.latin1(parser.request().bodyBytes()));
        assertEquals(RequestParser.Status.NEED_MORE, parser.next());
        assertEquals(0, parser.buffered());
        assertEquals(0, parser.capacity(), "no own buffer was ever allocated");
    }

    @Test
    void aPipelinedReadOfWholeRequestsHoldsNothing() {
        RequestParser parser = new RequestParser(ParserLimits.DEFAULT);
        MemorySegment read = segment((GET + POST + CHUNKED).repeat(16));
        parser.feed(read, 0, read.byteSize());
        List<Wire.Parsed> got = new ArrayList<>();
        assertEquals(RequestParser.Status.NEED_MORE, Wire.drain(parser, got));
        assertEquals(48, got.size());
        assertEquals("Wikipedia in\r\n\r\nchunks.", got.get(47).body());
        assertEquals(0, parser.capacity());
    }

    @Test
    void aChunkedBodyIsDecodedInPlaceInTheSegmentItArrivedIn() {
        RequestParser parser = new RequestParser(ParserLimits.DEFAULT);
        MemorySegment read = segment(CHUNKED);
        parser.feed(read, 0, read.byteSize());
        assertEquals(RequestParser.Status.REQUEST, parser.next());
        assertTrue(within(parser.request().body(), read));
        assertEquals("Wikipedia in\r\n\r\nchunks.", Wire.latin1(parser.request().bodyBytes()));
        assertEquals("42", parser.request().trailer("x-sum"));
    }

    @Test
    void onlyTheSplitRequestIsCopiedAndTheRequestsAfterItAreParsedInPlaceAgain() {
        RequestParser parser = new RequestParser(ParserLimits.DEFAULT);
        String wire = GET + POST + POST + CHUNKED;
        int cut = GET.length() + POST.indexOf("Content-Length");
        MemorySegment first = segment(wire.substring(0, cut));
        parser.feed(first, 0, first.byteSize());
        assertEquals(RequestParser.Status.REQUEST, parser.next());
        assertEquals(RequestParser.Status.NEED_MORE, parser.next());
        assertEquals(cut - GET.length(), parser.buffered(), "only the start of the split request is kept");
        first.fill((byte) '#');

        MemorySegment second = segment(wire.substring(cut));
        parser.feed(second, 0, second.byteSize());
        assertEquals(RequestParser.Status.REQUEST, parser.next());
        assertEquals("hello world", Wire.latin1(parser.request().bodyBytes()));
        assertFalse(within(parser.request().body(), second), "the split request lies in the parser's own buffer");
        assertTrue(parser.capacity() <= RequestParser.INITIAL_CAPACITY, "sized for the split request: " + parser.capacity());
        assertEquals(RequestParser.Status.REQUEST, parser.next());
        assertTrue(within(parser.request().body(), second), "the next request is parsed in place again");
        assertEquals(RequestParser.Status.REQUEST, parser.next());
        assertTrue(within(parser.request().body(), second));
        assertEquals("Wikipedia in\r\n\r\nchunks.", Wire.latin1(parser.request().bodyBytes()));
        assertEquals(RequestParser.Status.NEED_MORE, parser.next());
        assertEquals(0, parser.buffered());
    }

    /** A pipeline with every framing: bodies, chunked bodies with trailers, 100-continue, a GET batch. */
    private static final String PIPELINE = GET + POST + CHUNKED + EXPECT + GET.repeat(3)
            + "\r\nPATCH /p HTTP/1.1\r\nHost: h\r\ntransfer-encoding: CHUNKED\r\n\r\n1a\r\nabcdefghijklmnopqrstuvwxyz\r\n00\r\n\r\n"
            + "DELETE /item/7 HTTP/1.0\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n";

    @Test
    void everyCutAcrossTheInPlaceAndCopiedBoundaryParsesIdentically() {
        byte[] all = Wire.latin1(PIPELINE);
        List<Wire.Parsed> expected = Wire.parse(all).requests();
        assertEquals(9, expected.size());
        for (int cut = 1; cut < all.length; cut++) {
            assertEquals(expected, Wire.parse(all, cut).requests(), "cut at " + cut);
        }
    }

    @Test
    void everyPairOfCutsParsesIdentically() {
        // Three reads: the middle one may hold the middle of a request and nothing else, or the
        // end of one, whole requests, and the start of another.
        byte[] all = Wire.latin1(POST + CHUNKED + EXPECT + GET);
        List<Wire.Parsed> expected = Wire.parse(all).requests();
        for (int a = 1; a < all.length; a++) {
            for (int b = a + 1; b < all.length; b++) {
                assertEquals(expected, Wire.parse(all, a, b).requests(), "cuts at " + a + ", " + b);
            }
        }
    }

    @Test
    void expectContinueIsAskedForExactlyWhenAReadEndsBetweenTheHeadAndTheEndOfTheBody() {
        String wire = GET + EXPECT + GET;
        int headEnd = GET.length() + EXPECT.indexOf("12345");
        int bodyEnd = GET.length() + EXPECT.length();
        byte[] all = Wire.latin1(wire);
        for (int cut = 1; cut < all.length; cut++) {
            RequestParser parser = new RequestParser(ParserLimits.DEFAULT);
            MemorySegment read = arena.allocate(all.length);
            MemorySegment.copy(all, 0, read, ValueLayout.JAVA_BYTE, 0, cut);
            parser.feed(read, 0, cut);
            List<Wire.Parsed> got = new ArrayList<>();
            assertEquals(RequestParser.Status.NEED_MORE, Wire.drain(parser, got));
            assertEquals(cut >= headEnd && cut < bodyEnd, parser.expectsContinue(), "cut at " + cut);
            read.fill((byte) '#');
            MemorySegment.copy(all, cut, read, ValueLayout.JAVA_BYTE, 0, all.length - cut);
            parser.feed(read, 0, all.length - cut);
            assertEquals(RequestParser.Status.NEED_MORE, Wire.drain(parser, got));
            assertEquals(Wire.parse(all).requests(), got, "cut at " + cut);
        }
    }

    @Test
    void retainKeepsWhatAPauseLeavesInTheSegmentWhereverItFalls() {
        byte[] all = Wire.latin1(PIPELINE);
        List<Wire.Parsed> expected = Wire.parse(all).requests();
        for (int cut = 1; cut < all.length; cut += 3) {
            for (int taken = 0; taken <= expected.size(); taken++) {
                RequestParser parser = new RequestParser(ParserLimits.DEFAULT);
                MemorySegment read = arena.allocate(all.length);
                List<Wire.Parsed> got = new ArrayList<>();
                MemorySegment.copy(all, 0, read, ValueLayout.JAVA_BYTE, 0, cut);
                parser.feed(read, 0, cut);
                // A session that stops after `taken` requests: too much output waits.
                while (got.size() < taken && parser.next() == RequestParser.Status.REQUEST) {
                    got.add(Wire.snapshot(parser.request()));
                }
                parser.retain();
                read.fill((byte) '#');
                Wire.drain(parser, got);
                MemorySegment.copy(all, cut, read, ValueLayout.JAVA_BYTE, 0, all.length - cut);
                parser.feed(read, 0, all.length - cut);
                assertEquals(RequestParser.Status.NEED_MORE, Wire.drain(parser, got));
                assertEquals(expected, got, "cut at " + cut + ", paused after " + taken);
                assertEquals(0, parser.buffered());
            }
        }
    }

    @Test
    void aSegmentFedBeforeTheLastOneWasParsedIsAppendedToIt() {
        byte[] all = Wire.latin1(PIPELINE);
        RequestParser parser = new RequestParser(ParserLimits.DEFAULT);
        MemorySegment read = arena.allocate(all.length);
        int half = all.length / 2;
        MemorySegment.copy(all, 0, read, ValueLayout.JAVA_BYTE, 0, half);
        parser.feed(read, 0, half);
        MemorySegment rest = segment(PIPELINE.substring(half));
        parser.feed(rest, 0, rest.byteSize());
        read.fill((byte) '#');   // reusable once the next feed has kept the first half
        List<Wire.Parsed> got = new ArrayList<>();
        assertEquals(RequestParser.Status.NEED_MORE, Wire.drain(parser, got));
        assertEquals(Wire.parse(all).requests(), got);
    }

    @Test
    void aReadOnlySegmentIsParsedFromACopyAndNeverWritten() {
        byte[] wire = Wire.latin1(CHUNKED + GET);
        MemorySegment read = segment(CHUNKED + GET).asReadOnly();
        RequestParser parser = new RequestParser(ParserLimits.DEFAULT);
        parser.feed(read, 0, read.byteSize());
        List<Wire.Parsed> got = new ArrayList<>();
        assertEquals(RequestParser.Status.NEED_MORE, Wire.drain(parser, got));
        assertEquals(Wire.parse(wire).requests(), got);
        assertArrayEquals(wire, read.toArray(ValueLayout.JAVA_BYTE), "the chunk framing is still there");
    }

    @Test
    void requestsAreParsedFromAnyOffsetOfTheSegment() {
        String wire = "garbage before" + GET + POST + "garbage after";
        MemorySegment read = segment(wire);
        RequestParser parser = new RequestParser(ParserLimits.DEFAULT);
        parser.feed(read, "garbage before".length(), (GET + POST).length());
        List<Wire.Parsed> got = new ArrayList<>();
        assertEquals(RequestParser.Status.NEED_MORE, Wire.drain(parser, got));
        assertEquals(Wire.parse(GET + POST).requests(), got);
    }

    @ParameterizedTest
    @ValueSource(longs = {-1, 5, 100})
    void aRangeOutsideTheSegmentIsRefused(long offset) {
        MemorySegment read = segment(GET);
        RequestParser parser = new RequestParser(ParserLimits.DEFAULT);
        assertThrows(IndexOutOfBoundsException.class, () -> parser.feed(read, offset, read.byteSize()));
        assertThrows(IndexOutOfBoundsException.class, () -> parser.feed(new byte[4], 2, 3));
    }

    @Test
    void theOwnBufferIsChargedOnlyWhileASplitRequestNeedsItAndGivenBackAfter() {
        MemoryBudget budget = MemoryBudget.of(1 << 20);
        RequestParser parser = new RequestParser(ParserLimits.DEFAULT, budget);
        String whole = "POST /u HTTP/1.1\r\nHost: h\r\nContent-Length: 100000\r\n\r\n" + "x".repeat(100000);
        MemorySegment read = segment(whole);
        parser.feed(read, 0, read.byteSize());
        assertEquals(RequestParser.Status.REQUEST, parser.next());
        assertEquals(0, budget.used(), "a large request that arrived whole costs no memory of its own");
        assertEquals(0, parser.capacity());
        assertEquals(RequestParser.Status.NEED_MORE, parser.next());

        int head = whole.indexOf("xxx");
        parser.feed(read, 0, head + 10);
        assertEquals(RequestParser.Status.NEED_MORE, parser.next());
        int step = RequestParser.GROWTH;
        long size = (head + 100000L + step - 1) / step * step;
        assertEquals(size, parser.capacity(), "room for exactly this request, in growth steps");
        assertEquals(size - RequestParser.INITIAL_CAPACITY, budget.used());
        parser.feed(read, head + 10, whole.length() - head - 10);
        assertEquals(RequestParser.Status.REQUEST, parser.next());
        assertEquals(100000, parser.request().bodyLength());
        assertEquals(RequestParser.Status.NEED_MORE, parser.next());
        parser.trim();
        assertEquals(0, budget.used(), "given back once answered");
        assertTrue(parser.capacity() <= RequestParser.INITIAL_CAPACITY);
    }

    @Test
    void aRetainTheBudgetRefusesFailsTheParserWith503() {
        MemoryBudget budget = MemoryBudget.of(1024);
        RequestParser parser = new RequestParser(ParserLimits.DEFAULT, budget);
        MemorySegment read = segment(GET.repeat(200));
        parser.feed(read, 0, read.byteSize());
        assertEquals(RequestParser.Status.REQUEST, parser.next());
        parser.retain();   // about 7 KB left: past the free first 2 KiB and the 1 KiB budget
        assertEquals(RequestParser.Status.ERROR, parser.next());
        assertEquals(503, parser.errorStatus());
        assertEquals(0, budget.used());
    }
}
