package io.epoll4j.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The exact bytes responses encode to. */
class ResponseWriterTest {

    static final String DATE = "Sun, 06 Nov 1994 08:49:37 GMT";
    static final DateCache FIXED = new DateCache(() -> 784_111_777_000L);

    private final Arena arena = Arena.ofConfined();
    private final ResponseWriter writer = new ResponseWriter(FIXED);
    private final HttpResponse response = new HttpResponse();

    @AfterEach
    void close() {
        arena.close();
    }

    private MemorySegment out(int size) {
        MemorySegment out = arena.allocate(size);
        writer.reset(out);
        return out;
    }

    private String written(MemorySegment out) {
        return Wire.latin1(out.asSlice(0, writer.position()).toArray(ValueLayout.JAVA_BYTE));
    }

    @Test
    void plaintextIsByteForByteTheTechEmpowerResponse() {
        MemorySegment out = out(4096);
        response.send(CannedResponse.PLAINTEXT);
        assertTrue(writer.write(Wire.request("GET /plaintext HTTP/1.1\r\nHost: h\r\n\r\n"), response));
        assertEquals("HTTP/1.1 200 OK\r\nServer: epoll4j\r\nContent-Type: text/plain\r\nContent-Length: 13\r\n"
                + "Date: " + DATE + "\r\n\r\nHello, World!", written(out));
        assertFalse(writer.closing());
        assertEquals(CannedResponse.PLAINTEXT.encodedLength(), writer.position());
    }

    @Test
    void jsonIsByteForByteTheTechEmpowerResponse() {
        MemorySegment out = out(4096);
        response.send(CannedResponse.JSON);
        writer.write(Wire.request("GET /json HTTP/1.1\r\nHost: h\r\n\r\n"), response);
        assertEquals("HTTP/1.1 200 OK\r\nServer: epoll4j\r\nContent-Type: application/json\r\nContent-Length: 27\r\n"
                + "Date: " + DATE + "\r\n\r\n{\"message\":\"Hello, World!\"}", written(out));
    }

    @Test
    void sixteenPipelinedResponsesLandBackToBackInOneBuffer() {
        MemorySegment out = out(4096);
        HttpRequest request = Wire.request("GET /plaintext HTTP/1.1\r\nHost: h\r\n\r\n");
        response.send(CannedResponse.PLAINTEXT);
        for (int i = 0; i < 16; i++) {
            assertTrue(writer.write(request, response));
        }
        String one = "HTTP/1.1 200 OK\r\nServer: epoll4j\r\nContent-Type: text/plain\r\nContent-Length: 13\r\n"
                + "Date: " + DATE + "\r\n\r\nHello, World!";
        assertEquals(one.repeat(16), written(out));
    }

    @Test
    void connectionCloseIsAnnouncedWhenTheClientAskedForIt() {
        MemorySegment out = out(4096);
        response.send(CannedResponse.PLAINTEXT);
        writer.write(Wire.request("GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n"), response);
        assertTrue(written(out).endsWith("Date: " + DATE + "\r\nConnection: close\r\n\r\nHello, World!"));
        assertTrue(writer.closing());
    }

    @Test
    void persistentHttp10ClientIsToldKeepAlive() {
        MemorySegment out = out(4096);
        response.send(CannedResponse.PLAINTEXT);
        writer.write(Wire.request("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"), response);
        assertTrue(written(out).contains("\r\nConnection: keep-alive\r\n\r\nHello"));
        assertFalse(writer.closing());
    }

    @Test
    void headGetsTheHeadersWithTheGetContentLengthButNoBody() {
        MemorySegment out = out(4096);
        response.send(CannedResponse.PLAINTEXT);
        writer.write(Wire.request("HEAD /plaintext HTTP/1.1\r\nHost: h\r\n\r\n"), response);
        String text = written(out);
        assertTrue(text.contains("Content-Length: 13\r\n"));
        assertTrue(text.endsWith("\r\n\r\n"));
    }

    @Test
    void handlerResponseCarriesItsHeadersAndBody() {
        MemorySegment out = out(4096);
        response.status(201).contentType("application/json").header("Location", "/items/1").body("{\"id\":1}");
        writer.write(Wire.request("POST /items HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n"), response);
        assertEquals("HTTP/1.1 201 Created\r\nServer: epoll4j\r\nDate: " + DATE + "\r\n"
                + "Content-Type: application/json\r\nLocation: /items/1\r\nContent-Length: 8\r\n\r\n{\"id\":1}",
                written(out));
    }

    @Test
    void notModifiedHasNoContentLengthAndNoBody() {
        MemorySegment out = out(4096);
        response.status(304).header("ETag", "\"x\"");
        writer.write(Wire.request("GET / HTTP/1.1\r\nHost: h\r\n\r\n"), response);
        assertEquals("HTTP/1.1 304 Not Modified\r\nServer: epoll4j\r\nDate: " + DATE + "\r\nETag: \"x\"\r\n\r\n",
                written(out));
    }

    @Test
    void responseThatDoesNotFitWritesNothingAndReportsIt() {
        MemorySegment out = out(100);
        response.send(CannedResponse.PLAINTEXT);
        HttpRequest request = Wire.request("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
        assertFalse(writer.write(request, response));
        assertEquals(0, writer.position());
        response.reset();
        response.status(200).header("X-Long", "v".repeat(200));
        assertFalse(writer.write(request, response));
        assertEquals(0, writer.position());
    }

    @Test
    void bodyLargerThanTheSpaceLeftIsLeftPending() {
        MemorySegment out = out(512);
        byte[] big = new byte[4000];
        response.body(big);
        assertTrue(writer.write(Wire.request("GET / HTTP/1.1\r\nHost: h\r\n\r\n"), response));
        assertTrue(written(out).endsWith("Content-Length: 4000\r\n\r\n"));
        assertEquals(4000, writer.pendingBody().byteSize());
        writer.clearPending();
        assertNull(writer.pendingBody());
    }

    @Test
    void fileBodyIsAlwaysLeftPendingForSendfile() {
        MemorySegment out = out(4096);
        FileRegion region = new FileRegion(Path.of("/x"), 10, 20);
        response.contentType("image/png").file(region);
        writer.write(Wire.request("GET / HTTP/1.1\r\nHost: h\r\n\r\n"), response);
        assertTrue(written(out).endsWith("Content-Length: 20\r\n\r\n"));
        assertSame(region, writer.pendingFile());
    }

    @Test
    void headNeverLeavesAFilePending() {
        out(4096);
        response.file(new FileRegion(Path.of("/x"), 0, 20));
        writer.write(Wire.request("HEAD / HTTP/1.1\r\nHost: h\r\n\r\n"), response);
        assertNull(writer.pendingFile());
    }

    @Test
    void errorResponseClosesTheConnection() {
        MemorySegment out = out(4096);
        assertTrue(writer.writeError(431));
        assertEquals("HTTP/1.1 431 Request Header Fields Too Large\r\nServer: epoll4j\r\nDate: " + DATE + "\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\nContent-Length: 36\r\nConnection: close\r\n\r\n"
                + "431 Request Header Fields Too Large\n", written(out));
        assertTrue(writer.closing());
    }

    @Test
    void headerValuesThatCouldSplitTheHeadAreRefused() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> response.header("X", "a\r\nSet-Cookie: b"));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> response.header("Content-Length", "5"));
    }
}
