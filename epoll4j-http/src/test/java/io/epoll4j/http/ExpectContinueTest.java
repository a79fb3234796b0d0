package io.epoll4j.http;

import io.epoll4j.testing.Tools;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Expect: 100-continue (RFC 9110 §10.1.1): the client is told to send its body, not left to time out. */
class ExpectContinueTest {
    private LiveServer server;

    @BeforeEach
    void start() throws IOException {
        server = LiveServer.start(null);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void interimContinueThenTheFinalResponse() throws IOException {
        try (RawClient client = server.connect()) {
            client.send("POST /echo HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n");
            RawClient.Response interim = client.read();
            assertEquals(100, interim.status(), interim.toString());
            client.send("hello");
            RawClient.Response last = client.read();
            assertEquals(200, last.status());
            assertEquals("hello", last.text());
            // Only once per request; the connection goes on.
            client.send("GET /plaintext HTTP/1.1\r\nHost: t\r\n\r\n");
            assertEquals("Hello, World!", client.read().text());
        }
    }

    @Test
    void chunkedBodyIsAskedForToo() throws IOException {
        try (RawClient client = server.connect()) {
            client.send("POST /echo HTTP/1.1\r\nHost: t\r\nExpect: 100-Continue\r\nTransfer-Encoding: chunked\r\n\r\n");
            assertEquals(100, client.read().status());
            client.send("3\r\nabc\r\n0\r\n\r\n");
            assertEquals("abc", client.read().text());
        }
    }

    @Test
    void noInterimWhenTheBodyCameWithTheHead() {
        RequestParser parser = new RequestParser(ParserLimits.DEFAULT);
        byte[] all = Wire.latin1("POST /echo HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\nok");
        parser.feed(all, 0, all.length - 2);
        assertEquals(RequestParser.Status.NEED_MORE, parser.next());
        assertTrue(parser.expectsContinue());
        assertFalse(parser.expectsContinue(), "asked twice for one request");
        parser.feed(all, all.length - 2, 2);
        assertEquals(RequestParser.Status.REQUEST, parser.next());
        parser.feed(all, 0, all.length);
        assertEquals(RequestParser.Status.REQUEST, parser.next());
        assertFalse(parser.expectsContinue());
    }

    @Test
    void http10ExpectationIsIgnored() throws IOException {
        try (RawClient client = server.connect()) {
            client.send("POST /echo HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n");
            client.socket.setSoTimeout(300);
            assertThrows(SocketTimeoutException.class, () -> client.input().read(), "100 sent to HTTP/1.0");
            client.socket.setSoTimeout((int) RawClient.READ_TIMEOUT.toMillis());
            client.send("ok");
            assertEquals("ok", client.read().text());
        }
    }

    @Test
    void curlUploadDoesNotWaitOutItsExpectTimeout(@TempDir Path tmp) throws Exception {
        Tools.require("curl");
        byte[] body = new byte[200_000];
        new Random(3).nextBytes(body);
        Path file = tmp.resolve("upload.bin");
        Files.write(file, body);
        Path got = tmp.resolve("echo.bin");
        long begun = System.nanoTime();
        Tools.Result r = Tools.run(Duration.ofSeconds(60), null, List.of("curl", "-sS", "-v", "--max-time", "30",
                "--expect100-timeout", "20", "-H", "Expect: 100-continue", "--data-binary", "@" + file,
                "-o", got.toString(), server.url("/echo"))).requireSuccess("curl upload");
        long ms = (System.nanoTime() - begun) / 1_000_000;
        assertTrue(r.err().contains("< HTTP/1.1 100 Continue"), r.err());
        assertTrue(ms < 10_000, "upload took " + ms + " ms: curl waited for a 100 Continue that never came");
        assertArrayEquals(body, Files.readAllBytes(got));
    }
}
