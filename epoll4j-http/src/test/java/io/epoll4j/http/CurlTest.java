package io.epoll4j.http;

import io.epoll4j.testing.Tools;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** curl, a real client, against static files: keep-alive, HEAD, ranges, validators, listings, confinement. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CurlTest {
    private static final String SECRET = "secret outside the root\n";

    private Path tmp;
    private Path root;
    private byte[] small;
    private byte[] big;
    private LiveServer server;

    /** What curl saw: status, headers (names lower-cased) and the body it saved. */
    record Seen(int status, List<String[]> headers, byte[] body, String trace) {
        String header(String name) {
            for (String[] h : headers) {
                if (h[0].equals(name)) {
                    return h[1];
                }
            }
            return null;
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        Tools.require("curl");
        tmp = dir;
        root = Files.createDirectory(tmp.resolve("www"));
        Path outside = Files.createDirectory(tmp.resolve("secret"));
        Files.writeString(outside.resolve("s.txt"), SECRET);
        small = "0123456789abcdefghijklmnopqrstuvwxyz\n".repeat(10).getBytes(StandardCharsets.US_ASCII);
        Files.write(root.resolve("small.txt"), small);
        // A fixed past mtime: If-Modified-Since compares whole seconds.
        Files.setLastModifiedTime(root.resolve("small.txt"), FileTime.from(Instant.parse("2024-05-01T10:00:00Z")));
        big = new byte[5 << 20];
        new Random(42).nextBytes(big);
        Files.write(root.resolve("big.bin"), big);
        Path docs = Files.createDirectory(root.resolve("docs"));
        Files.writeString(docs.resolve("a&b <c>.txt"), "x");
        Files.writeString(docs.resolve("\"quoted\" 'name'.txt"), "y");
        Files.writeString(docs.resolve("plain.txt"), "z");
        Files.createDirectory(docs.resolve("sub dir"));
        Files.createSymbolicLink(root.resolve("escape.txt"), outside.resolve("s.txt"));
        Files.createSymbolicLink(root.resolve("escape-dir"), outside);
        server = LiveServer.start(root);
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private Seen curl(String... args) throws IOException, InterruptedException {
        Path headers = Files.createTempFile(tmp, "headers", ".txt");
        Path body = Files.createTempFile(tmp, "body", ".bin");
        List<String> argv = new ArrayList<>(List.of("curl", "-sS", "--max-time", "30",
                "-D", headers.toString(), "-o", body.toString()));
        argv.addAll(Arrays.asList(args));
        Tools.Result r = Tools.run(Duration.ofSeconds(60), null, argv).requireSuccess(String.join(" ", argv));
        return parse(Files.readString(headers, StandardCharsets.ISO_8859_1), Files.readAllBytes(body), r.err());
    }

    private static Seen parse(String dump, byte[] body, String trace) {
        // With several responses in one dump (a redirect followed, say) the last one counts.
        String last = dump.substring(dump.lastIndexOf("HTTP/"));
        String[] lines = last.split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        List<String[]> headers = new ArrayList<>();
        for (int i = 1; i < lines.length && !lines[i].isEmpty(); i++) {
            int colon = lines[i].indexOf(':');
            headers.add(new String[] {lines[i].substring(0, colon).toLowerCase(Locale.ROOT),
                    lines[i].substring(colon + 1).strip()});
        }
        return new Seen(status, headers, body, trace);
    }

    @Test
    void twoUrlsInOneInvocationShareOneConnection() throws Exception {
        // The first -o (given by curl()) takes the first URL's body.
        Seen seen = curl("-v", server.url("/json"), "-o", "/dev/null", server.url("/plaintext"));
        assertTrue(seen.trace().contains("Re-using existing connection"), seen.trace());
        assertEquals(1, seen.trace().split("Connected to ", -1).length - 1, seen.trace());
        assertEquals(200, seen.status());
        assertEquals("{\"message\":\"Hello, World!\"}", seen.text());
    }

    @Test
    void headHasTheHeadersOfGetAndNoBody() throws Exception {
        Seen get = curl(server.url("/small.txt"));
        // HEAD, then GET on the same connection: a body after the HEAD would garble the GET.
        Path second = Files.createTempFile(tmp, "second", ".bin");
        Tools.Result r = Tools.run(Duration.ofSeconds(60), "curl", "-sS", "-v", "--max-time", "30", "-I",
                server.url("/small.txt"), "--next", "-sS", "-o", second.toString(), server.url("/small.txt"))
                .requireSuccess("curl -I --next");
        String head = r.out();
        assertTrue(head.startsWith("HTTP/1.1 200"), head);
        assertTrue(head.contains("Content-Length: " + small.length + "\r\n"), head);
        assertTrue(head.contains("ETag: " + get.header("etag") + "\r\n"), head);
        assertTrue(head.contains("Content-Type: text/plain"), head);
        assertTrue(r.err().contains("Re-using existing connection"), r.err());
        assertArrayEquals(small, Files.readAllBytes(second));
        assertArrayEquals(small, get.body());
    }

    @Test
    void rangeGets206WithExactlyThoseBytes() throws Exception {
        Seen seen = curl("-r", "100-199", server.url("/small.txt"));
        assertEquals(206, seen.status());
        assertEquals("bytes 100-199/" + small.length, seen.header("content-range"));
        assertEquals("100", seen.header("content-length"));
        assertArrayEquals(Arrays.copyOfRange(small, 100, 200), seen.body());

        Seen suffix = curl("-r", "-7", server.url("/big.bin"));
        assertEquals(206, suffix.status());
        assertEquals("bytes " + (big.length - 7) + "-" + (big.length - 1) + "/" + big.length,
                suffix.header("content-range"));
        assertArrayEquals(Arrays.copyOfRange(big, big.length - 7, big.length), suffix.body());

        Seen open = curl("-r", "5000000-", server.url("/big.bin"));
        assertEquals(206, open.status());
        assertArrayEquals(Arrays.copyOfRange(big, 5_000_000, big.length), open.body());
    }

    @Test
    void rangeBeyondTheEndIs416() throws Exception {
        Seen seen = curl("-r", small.length + "-", server.url("/small.txt"));
        assertEquals(416, seen.status());
        assertEquals("bytes */" + small.length, seen.header("content-range"));
        assertEquals(0, seen.body().length);
    }

    @Test
    void ifNoneMatchWithTheETagIs304() throws Exception {
        Seen first = curl(server.url("/small.txt"));
        String etag = first.header("etag");
        assertNotNull(etag);
        Seen again = curl("-H", "If-None-Match: " + etag, server.url("/small.txt"));
        assertEquals(304, again.status());
        assertEquals(etag, again.header("etag"));
        assertEquals(0, again.body().length);
        Seen other = curl("-H", "If-None-Match: \"nope\"", server.url("/small.txt"));
        assertEquals(200, other.status());
        assertArrayEquals(small, other.body());
    }

    @Test
    void ifModifiedSinceTheLastModificationIs304() throws Exception {
        Seen first = curl(server.url("/small.txt"));
        String lastModified = first.header("last-modified");
        assertEquals("Wed, 01 May 2024 10:00:00 GMT", lastModified);
        Seen again = curl("-H", "If-Modified-Since: " + lastModified, server.url("/small.txt"));
        assertEquals(304, again.status());
        assertEquals(0, again.body().length);
        Seen older = curl("-H", "If-Modified-Since: Tue, 30 Apr 2024 10:00:00 GMT", server.url("/small.txt"));
        assertEquals(200, older.status());
        assertArrayEquals(small, older.body());
    }

    @Test
    void directoryListingLinksEveryEntryWithNamesEscaped() throws Exception {
        Seen seen = curl(server.url("/docs/"));
        assertEquals(200, seen.status());
        assertTrue(seen.header("content-type").startsWith("text/html"), seen.header("content-type"));
        String html = seen.text();
        assertTrue(html.contains("<a href=\"a%26b%20%3Cc%3E.txt\">a&amp;b &lt;c&gt;.txt</a>"), html);
        assertTrue(html.contains("<a href=\"%22quoted%22%20%27name%27.txt\">&quot;quoted&quot; &#39;name&#39;.txt</a>"),
                html);
        assertTrue(html.contains("<a href=\"plain.txt\">plain.txt</a>"), html);
        assertTrue(html.contains("<a href=\"sub%20dir/\">sub dir/</a>"), html);
        assertTrue(html.contains("<a href=\"../\">"), html);
        assertFalse(html.contains("<c>"), html);

        Seen top = curl(server.url("/"));
        assertFalse(top.text().contains("escape"), "links out of the root are not listed: " + top.text());

        // A link followed from the listing is served.
        Seen linked = curl(server.url("/docs/a%26b%20%3Cc%3E.txt"));
        assertEquals(200, linked.status());
        assertEquals("x", linked.text());

        Seen noSlash = curl(server.url("/docs"));
        assertEquals(301, noSlash.status());
        assertEquals("/docs/", noSlash.header("location"));
    }

    @Test
    void fiveMebibyteFileArrivesByteForByte() throws Exception {
        Seen seen = curl(server.url("/big.bin"));
        assertEquals(200, seen.status());
        assertEquals(Integer.toString(big.length), seen.header("content-length"));
        assertEquals(sha256(big), sha256(seen.body()));
    }

    @Test
    void traversalOutOfTheRootIs404() throws Exception {
        for (String path : List.of("/../secret/s.txt", "/docs/../../secret/s.txt", "/%2e%2e/secret/s.txt",
                "/%2E%2E/secret/s.txt", "/docs/%2e%2e/%2e%2e/secret/s.txt", "/..%2fsecret/s.txt",
                "/escape.txt", "/escape-dir/s.txt", "/escape-dir/")) {
            Seen seen = curl("--path-as-is", server.url(path));
            assertEquals(404, seen.status(), path);
            assertFalse(seen.text().contains("secret"), path + ": " + seen.text());
        }
    }

    private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
