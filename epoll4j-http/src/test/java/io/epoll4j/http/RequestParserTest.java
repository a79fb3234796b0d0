package io.epoll4j.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What a valid request parses to; rejections live in malformed-requests.txt. */
class RequestParserTest {

    private static final byte[] PLAINTEXT = Wire.latin1("/plaintext");

    @Test
    void simpleGetExposesMethodTargetVersionAndHeaders() {
        HttpRequest r = Wire.request("GET /plaintext HTTP/1.1\r\nHost: localhost:8080\r\n"
                + "Accept: text/plain,text/html;q=0.9\r\nUser-Agent:   spaced out  \r\n\r\n");
        assertEquals(Method.GET, r.method());
        assertEquals(HttpVersion.HTTP_1_1, r.version());
        assertEquals("/plaintext", r.target());
        assertTrue(r.pathEquals(PLAINTEXT));
        assertEquals(3, r.headerCount());
        assertEquals("Accept", r.headerName(1));
        assertEquals("spaced out", r.header("user-agent"), "OWS around the value is not part of it");
        assertEquals("localhost:8080", r.host());
        assertEquals(0, r.bodyLength());
        assertTrue(r.keepAlive());
    }

    @Test
    void pathAndQueryAreSplitAtTheFirstQuestionMark() {
        HttpRequest r = Wire.request("GET /a/b%20c?x=1&y=?z HTTP/1.1\r\nHost: h\r\n\r\n");
        assertEquals("/a/b%20c", r.path());
        assertEquals("x=1&y=?z", r.query());
        assertFalse(r.pathEquals(Wire.latin1("/a/b%20c?x=1&y=?z")));
        assertNull(Wire.request("GET /a HTTP/1.1\r\nHost: h\r\n\r\n").query());
    }

    @Test
    void absoluteFormAuthorityReplacesTheHostField() {
        HttpRequest r = Wire.request("GET http://example.com:81/x?q HTTP/1.1\r\nHost: other\r\n\r\n");
        assertEquals("example.com:81", r.host());
        assertEquals("/x", r.path());
        assertEquals("q", r.query());
        HttpRequest bare = Wire.request("GET HTTPS://example.com HTTP/1.1\r\nHost: example.com\r\n\r\n");
        assertEquals("/", bare.path());
        assertTrue(bare.pathEquals(Wire.latin1("/")));
    }

    @Test
    void asteriskFormIsAcceptedForOptions() {
        HttpRequest r = Wire.request("OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n");
        assertEquals("*", r.target());
    }

    @Test
    void connectIsNotImplementedSoNothingAfterItIsReadAsHttpWhileAClientTunnels() {
        Wire.Outcome o = Wire.parse("CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n"
                + "GET / HTTP/1.1\r\nHost: h\r\n\r\n");
        assertEquals(List.of(), o.requests());
        assertEquals(501, o.error());
    }

    @Test
    void http11KeepsAliveUnlessConnectionClose() {
        assertTrue(Wire.request("GET / HTTP/1.1\r\nHost: h\r\n\r\n").keepAlive());
        assertFalse(Wire.request("GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n").keepAlive());
        assertFalse(Wire.request("GET / HTTP/1.1\r\nHost: h\r\nConnection: Keep-Alive, CLOSE\r\n\r\n").keepAlive());
        assertFalse(Wire.request("GET / HTTP/1.1\r\nHost: h\r\nConnection: upgrade\r\nConnection: close\r\n\r\n")
                .keepAlive());
    }

    @Test
    void http10ClosesUnlessConnectionKeepAlive() {
        HttpRequest plain = Wire.request("GET / HTTP/1.0\r\n\r\n");
        assertEquals(HttpVersion.HTTP_1_0, plain.version());
        assertFalse(plain.keepAlive());
        assertNull(plain.host(), "HTTP/1.0 may omit Host");
        assertTrue(Wire.request("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").keepAlive());
    }

    @Test
    void emptyHostIsAllowedAsRfc9112Says() {
        assertEquals("", Wire.request("GET / HTTP/1.1\r\nHost:\r\n\r\n").host());
    }

    @Test
    void aHostIsJudgedByItsOwnBytesWhateverHostCameBefore() {
        // The parser remembers the last valid Host of 8 to 16 bytes by its first and last eight
        // bytes: the same Host again passes without a second look, one byte off is looked at.
        String ok = "GET / HTTP/1.1\r\nHost: localhost.a:8080\r\n\r\n";
        Wire.Outcome o = Wire.parse(ok + ok + "GET / HTTP/1.1\r\nHost: localhost\"a:8080\r\n\r\n");
        assertEquals(2, o.requests().size());
        assertEquals(400, o.error(), "a quote is no host byte, in the middle of a Host as anywhere");
        String shorter = "GET / HTTP/1.1\r\nHost: 127.0.0.1:80\r\n\r\n";
        o = Wire.parse(ok + shorter + shorter + "GET / HTTP/1.1\r\nHost: 127.0.0.1:8x\r\n\r\n");
        assertEquals(List.of("Host: localhost.a:8080", "Host: 127.0.0.1:80", "Host: 127.0.0.1:80"),
                o.requests().stream().map(r -> r.headers().get(0)).toList());
        assertEquals(400, o.error(), "a port is digits");
    }

    @Test
    void contentLengthBodyIsExact() {
        HttpRequest r = Wire.request("POST /p HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello");
        assertEquals("hello", Wire.latin1(r.bodyBytes()));
        assertEquals(5, r.body().byteSize());
        assertFalse(r.chunked());
    }

    @Test
    void chunkedBodyIsDecodedWithExtensionsAndTrailers() {
        HttpRequest r = Wire.request("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding:  chunked \r\n\r\n"
                + "3 ; a = b ; c=\"q\\\"x\"\r\nabc\r\n000\r\nChecksum: 1\r\n\r\n");
        assertTrue(r.chunked());
        assertEquals("abc", Wire.latin1(r.bodyBytes()));
        assertEquals(1, r.trailerCount());
        assertEquals("1", r.trailer("checksum"));
        assertNull(r.header("Checksum"), "trailers are not merged into the header section");
    }

    @Test
    void transferCodingNameIsCaseInsensitive() {
        HttpRequest r = Wire.request("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: ChUnKeD\r\n\r\n1\r\nx\r\n0\r\n\r\n");
        assertEquals("x", Wire.latin1(r.bodyBytes()));
    }

    @Test
    void leadingEmptyLinesBeforeTheRequestLineAreSkipped() {
        Wire.Outcome o = Wire.parse("\r\n\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n");
        assertEquals(1, o.requests().size());
        assertEquals(27, o.requests().get(0).wireLength());
    }

    @Test
    void obsTextInAFieldValueIsKeptAsLatin1() {
        assertEquals("caf\u00e9", Wire.request("GET / HTTP/1.1\r\nHost: h\r\nX: caf\u00e9\r\n\r\n").header("x"));
    }

    @Test
    void incompleteRequestAsksForMoreAndKeepsItsBytes() {
        RequestParser parser = new RequestParser(ParserLimits.DEFAULT);
        byte[] part = Wire.latin1("GET / HTTP/1.1\r\nHo");
        parser.feed(part, 0, part.length);
        assertEquals(RequestParser.Status.NEED_MORE, parser.next());
        assertEquals(part.length, parser.buffered());
        byte[] rest = Wire.latin1("st: h\r\n\r\n");
        parser.feed(rest, 0, rest.length);
        assertEquals(RequestParser.Status.REQUEST, parser.next());
        assertEquals("h", parser.request().host());
        assertEquals(RequestParser.Status.NEED_MORE, parser.next());
        assertEquals(0, parser.buffered());
    }

    @Test
    void requestLineOfExactly8KiBIsAccepted() {
        String target = "/" + "a".repeat(8192 - "GET  HTTP/1.1".length() - 1);
        String line = "GET " + target + " HTTP/1.1";
        assertEquals(8192, line.length());
        assertEquals(target, Wire.request(line + "\r\nHost: h\r\n\r\n").target());
    }

    @Test
    void bodyLimitIsConfigurable() {
        ParserLimits small = ParserLimits.DEFAULT.withMaxBody(4);
        byte[] ok = Wire.latin1("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\n\r\nabcd");
        assertEquals(1, Wire.parse(ok, small).requests().size());
        byte[] big = Wire.latin1("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nabcde");
        assertEquals(413, Wire.parse(big, small).error());
        byte[] chunked = Wire.latin1("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n");
        assertEquals(413, Wire.parse(chunked, small).error());
    }

    @Test
    void theLargestBodyLimitIsOneAHeadAndItsBodyCanBeBufferedInOneSegment() {
        long largest = ParserLimits.DEFAULT.largestMaxBody();
        assertTrue(largest < Integer.MAX_VALUE - 2L * ParserLimits.DEFAULT.maxHeaderBytes());
        assertEquals(largest, ParserLimits.DEFAULT.withMaxBody(largest).maxBody());
        IllegalArgumentException past = assertThrows(IllegalArgumentException.class,
                () -> ParserLimits.DEFAULT.withMaxBody(largest + 1));
        assertTrue(past.getMessage().contains(Long.toString(largest)), past.getMessage());
    }

    @Test
    void pipelinedRequestsComeOutOneAtATimeInOrder() {
        Wire.Outcome o = Wire.parse("GET /1 HTTP/1.1\r\nHost: h\r\n\r\nGET /2 HTTP/1.1\r\nHost: h\r\n\r\nGET /3 HTTP/1.1\r\nHo");
        assertEquals(List.of("/1", "/2"), o.requests().stream().map(Wire.Parsed::target).toList());
        assertEquals(RequestParser.Status.NEED_MORE, o.last());
    }

    @Test
    void bodyBufferIsSizedToTheRequestInGrowthStepsNotDoubled() {
        RequestParser parser = new RequestParser(ParserLimits.DEFAULT);
        byte[] head = Wire.latin1("POST /u HTTP/1.1\r\nHost: h\r\nContent-Length: 100000\r\n\r\n");
        parser.feed(head, 0, head.length);
        assertEquals(RequestParser.Status.NEED_MORE, parser.next());
        int step = RequestParser.GROWTH;
        assertEquals((head.length + 100000 + step - 1) / step * step, parser.capacity());
        byte[] body = new byte[100000];
        for (int fed = 0; fed < body.length; fed += 1000) {
            parser.feed(body, fed, 1000);
        }
        assertEquals(RequestParser.Status.REQUEST, parser.next());
        assertEquals((head.length + 100000 + step - 1) / step * step, parser.capacity(), "never grew past the request");
        parser.trim();
        assertTrue(parser.capacity() <= 2048, "given back once answered: " + parser.capacity());
    }

    @Test
    void requestRefusedByTheMemoryBudgetIs503BeforeItsBodyArrives() {
        io.epoll4j.net.MemoryBudget budget = io.epoll4j.net.MemoryBudget.of(64 * 1024);
        RequestParser parser = new RequestParser(ParserLimits.DEFAULT, budget);
        byte[] head = Wire.latin1("POST /u HTTP/1.1\r\nHost: h\r\nContent-Length: 500000\r\n\r\n");
        parser.feed(head, 0, head.length);
        assertEquals(RequestParser.Status.ERROR, parser.next());
        assertEquals(503, parser.errorStatus());
        assertEquals(0, budget.used());
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"/?filter[a]=1", "/?q={x}", "/?a=100%", "/?a=%zz",
        "/a[1]/b", "/a|b", "/x^y", "/?a=`b`&c='d'|e^f\\g?h", "/p[]|^!$&'()*+,;=:@~._-/%41?q=[]{}|",
        "http://h/a[1]?b={c}"})
    void targetsBrowsersSendRawAreAcceptedAsTheyCame(String target) {
        HttpRequest r = Wire.request("GET " + target + " HTTP/1.1\r\nHost: h\r\n\r\n");
        assertEquals(target, r.target());
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"XELETE", "xPTIONS", "GETS", "Get", "CONNECT", "BREW"})
    void aTokenThatIsNoneOfOurMethodsIs501EvenWhenItDiffersOnlyInItsFirstByte(String method) {
        Wire.Outcome o = Wire.parse(method + " / HTTP/1.1\r\nHost: h\r\n\r\n");
        assertEquals(List.of(), o.requests());
        assertEquals(501, o.error());
    }

    /**
     * A head that is all there is parsed in one pass; one that is not is scanned for its end
     * first. Both must agree on every head, including those the one pass leaves to the scan
     * (a leading empty line, a target that is not a plain path, a method other than GET).
     */
    @Test
    void headParsedInOnePassEqualsTheSameHeadParsedByteByByte() {
        List<String> heads = List.of(
                "GET /plaintext HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n\r\n",
                "\r\n\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n",
                "GET /a?b=1%2 HTTP/1.1\r\nHost: h\r\n\r\n",
                "GET /a%20b HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
                "GET http://example.com:81/x?y HTTP/1.1\r\nHost: other\r\n\r\n",
                "OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n",
                "POST /form HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\nabc",
                "DELETE /x HTTP/1.1\r\nhost:h\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nz\r\n0\r\n\r\n",
                "HEAD /h HTTP/1.1\r\nHost: h\r\nX-Empty:\r\nX-Spaces: \t a b \t\r\n\r\n");
        for (String head : heads) {
            byte[] wire = Wire.latin1(head + head);   // pipelined: the second starts where the first ends
            Wire.Outcome whole = Wire.parse(wire);
            assertEquals(2, whole.requests().size(), head);
            assertEquals(whole, Wire.parse(wire, Wire.everyByte(wire.length)), head);
        }
    }

    @Test
    void headEndingExactlyAtTheEndOfTheReadIsComplete() {
        Wire.Outcome o = Wire.parse("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
        assertEquals(1, o.requests().size());
        assertEquals(RequestParser.Status.NEED_MORE, o.last());
        Wire.Outcome cutInItsLastCrlf = Wire.parse("GET / HTTP/1.1\r\nHost: h\r\n\r\n", 26);
        assertEquals(o, cutInItsLastCrlf);
    }

    @Test
    void oneWordMethodCompareIsCaseSensitiveAsTheMethodTokenIs() {
        assertEquals(501, Wire.parse("get / HTTP/1.1\r\nHost: h\r\n\r\n").error());
        assertEquals(501, Wire.parse("GETX / HTTP/1.1\r\nHost: h\r\n\r\n").error());
        assertEquals(400, Wire.parse("GET /a b HTTP/1.1\r\nHost: h\r\n\r\n").error(),
                "a space in the target breaks the line's structure: 400 before the method or version");
        assertEquals(400, Wire.parse("FOO /a b HTTP/1.1\r\nHost: h\r\n\r\n").error());
        assertEquals(505, Wire.parse("GET /a HTTP/2.0\r\nHost: h\r\n\r\n").error());
    }
}
