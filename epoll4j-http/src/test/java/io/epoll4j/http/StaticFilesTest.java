package io.epoll4j.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Static files: confinement to the root, validators, ranges, directories. */
class StaticFilesTest {

    @TempDir
    Path temp;

    private Path root;
    private StaticFiles files;
    private final HttpResponse response = new HttpResponse();

    @BeforeEach
    void tree() throws IOException {
        root = Files.createDirectory(temp.resolve("www"));
        Files.writeString(temp.resolve("secret.txt"), "TOP SECRET");
        Files.writeString(root.resolve("hello.txt"), "0123456789");
        Files.setLastModifiedTime(root.resolve("hello.txt"), FileTime.from(Instant.ofEpochSecond(784_111_777L)));
        Files.createDirectory(root.resolve("docs"));
        Files.writeString(root.resolve("docs/a.css"), "body{}");
        Files.createDirectory(root.resolve("site"));
        Files.writeString(root.resolve("site/index.html"), "<h1>hi</h1>");
        Files.createSymbolicLink(root.resolve("escape.txt"), temp.resolve("secret.txt"));
        Files.createSymbolicLink(root.resolve("outdir"), temp);
        Files.createSymbolicLink(root.resolve("inside.txt"), root.resolve("hello.txt"));
        files = new StaticFiles(root);
    }

    private HttpResponse get(String target, String... headers) throws IOException {
        return send("GET", target, headers);
    }

    private HttpResponse send(String method, String target, String... headers) throws IOException {
        StringBuilder wire = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: h\r\n");
        for (String h : headers) {
            wire.append(h).append("\r\n");
        }
        response.reset();
        files.handle(Wire.request(wire.append("\r\n").toString()), response);
        return response;
    }

    private static String body(HttpResponse r) {
        return StandardCharsets.UTF_8.decode(r.body.asByteBuffer()).toString();
    }

    @Test
    void regularFileIsARegionOfTheWholeFileWithItsType() throws IOException {
        HttpResponse r = get("/hello.txt");
        assertEquals(200, r.status());
        assertEquals(new FileRegion(root.toRealPath().resolve("hello.txt"), 0, 10), r.file);
        assertEquals("text/plain; charset=utf-8", r.contentType);
        assertEquals("Sun, 06 Nov 1994 08:49:37 GMT", r.header("Last-Modified"));
        assertTrue(r.header("ETag").matches("\"[0-9a-f]+-a-[0-9a-f]+\""), r.header("ETag"));
        assertEquals("bytes", r.header("Accept-Ranges"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/secret.txt", "/docs/../../secret.txt",
        "/docs/%2e%2e/%2e%2e/secret.txt", "/..%2fsecret.txt", "/%2f..%2fsecret.txt", "/docs%2f..%2f..%2fsecret.txt",
        "/escape.txt", "/outdir/secret.txt", "/outdir/", "/outdir", "/hello.txt%00", "/./hello.txt",
        "/%c0%ae%c0%ae/secret.txt", "/missing.txt", "/docs/..", "/.."})
    void pathsLeavingTheRootOrBrokenAreNotFound(String target) throws IOException {
        String wire = "GET " + target + " HTTP/1.1\r\nHost: h\r\n\r\n";
        RequestParser parser = new RequestParser(ParserLimits.DEFAULT);
        parser.feed(Wire.latin1(wire), 0, wire.length());
        if (parser.next() != RequestParser.Status.REQUEST) {
            assertEquals(400, parser.errorStatus(), "refused by the parser already");
            return;
        }
        response.reset();
        files.handle(parser.request(), response);
        assertEquals(404, response.status(), target);
        assertNull(response.file, "no file region for " + target);
        assertFalse(body(response).contains("SECRET"));
    }

    @Test
    void resolveRefusesNulAndEncodedSeparatorsDirectly() {
        assertNull(files.resolve("/hello.txt\0"));
        assertNull(files.resolve("/a%00b"));
        assertNull(files.resolve("/docs%2fa.css"));
        assertNull(files.resolve("/docs%5ca.css"));
        assertNull(files.resolve("/%zz"));
        assertNull(files.resolve("relative"));
    }

    @Test
    void symlinkStayingInsideTheRootIsServedAsItsTarget() throws IOException {
        HttpResponse r = get("/inside.txt");
        assertEquals(200, r.status());
        assertEquals(root.toRealPath().resolve("hello.txt"), r.file.path());
    }

    @Test
    void percentEncodedNameIsDecodedOnce() throws IOException {
        Files.writeString(root.resolve("a b%41.txt"), "x");
        assertEquals(200, get("/a%20b%2541.txt").status());
        assertEquals(404, get("/a%20bA.txt").status());
    }

    @Test
    void matchingIfNoneMatchGivesNotModified() throws IOException {
        String etag = get("/hello.txt").header("ETag");
        HttpResponse r = get("/hello.txt", "If-None-Match: \"zzz\", W/" + etag);
        assertEquals(304, r.status());
        assertNull(r.file);
        assertEquals(etag, r.header("ETag"));
        assertEquals(200, get("/hello.txt", "If-None-Match: \"other\"").status());
        assertEquals(304, get("/hello.txt", "If-None-Match: *").status());
    }

    @Test
    void ifModifiedSinceAtOrAfterTheFileTimeGivesNotModified() throws IOException {
        assertEquals(304, get("/hello.txt", "If-Modified-Since: Sun, 06 Nov 1994 08:49:37 GMT").status());
        assertEquals(304, get("/hello.txt", "If-Modified-Since: Mon, 07 Nov 1994 08:49:37 GMT").status());
        assertEquals(200, get("/hello.txt", "If-Modified-Since: Sun, 06 Nov 1994 08:49:36 GMT").status());
        assertEquals(200, get("/hello.txt", "If-Modified-Since: yesterday").status());
    }

    @Test
    void ifNoneMatchTakesPrecedenceOverIfModifiedSince() throws IOException {
        assertEquals(200, get("/hello.txt", "If-None-Match: \"other\"",
                "If-Modified-Since: Mon, 07 Nov 1994 08:49:37 GMT").status());
    }

    @Test
    void singleRangesGivePartialContent() throws IOException {
        Path real = root.toRealPath().resolve("hello.txt");
        HttpResponse r = get("/hello.txt", "Range: bytes=2-4");
        assertEquals(206, r.status());
        assertEquals("bytes 2-4/10", r.header("Content-Range"));
        assertEquals(new FileRegion(real, 2, 3), r.file);
        assertEquals(new FileRegion(real, 7, 3), get("/hello.txt", "Range: bytes=7-").file);
        assertEquals(new FileRegion(real, 6, 4), get("/hello.txt", "Range: bytes=-4").file);
        assertEquals(new FileRegion(real, 0, 10), get("/hello.txt", "Range: bytes=-40").file);
        assertEquals("bytes 5-9/10", get("/hello.txt", "Range: bytes=5-400").header("Content-Range"));
    }

    @Test
    void unsatisfiableRangeIs416WithTheSize() throws IOException {
        HttpResponse r = get("/hello.txt", "Range: bytes=10-20");
        assertEquals(416, r.status());
        assertEquals("bytes */10", r.header("Content-Range"));
        assertNull(r.file);
        assertEquals(416, get("/hello.txt", "Range: bytes=-0").status());
    }

    @Test
    void aFirstPositionPastAnyEndIs416AndALastOnePastTheEndClampsTo206() throws IOException {
        for (String first : new String[] {"9223372036854775807", "9223372036854775808", "99999999999999999999999"}) {
            HttpResponse r = get("/hello.txt", "Range: bytes=" + first + "-");
            assertEquals(416, r.status(), first);
            assertEquals("bytes */10", r.header("Content-Range"));
        }
        for (String range : new String[] {"bytes=0-9223372036854775807", "bytes=0-99999999999999999999999",
            "bytes=-9223372036854775807", "bytes=-99999999999999999999999"}) {
            HttpResponse r = get("/hello.txt", "Range: " + range);
            assertEquals(206, r.status(), range);
            assertEquals("bytes 0-9/10", r.header("Content-Range"), range);
        }
    }

    @Test
    void aFileNamedAsADirectoryIsNotFound() throws IOException {
        assertEquals(404, get("/hello.txt/").status());
        assertEquals(404, get("/docs/a.css/").status());
        assertEquals(200, get("/hello.txt").status());
    }

    @Test
    void multipleOrInvalidRangesSendTheWholeFile() throws IOException {
        for (String range : new String[] {"bytes=0-1,4-5", "bytes=5-2", "bytes=a-b", "items=0-1", "bytes=0x1-2"}) {
            HttpResponse r = get("/hello.txt", "Range: " + range);
            assertEquals(200, r.status(), range);
            assertEquals(10, r.file.length(), range);
        }
    }

    @Test
    void rangeIsIgnoredWhenIfRangeDoesNotMatch() throws IOException {
        String etag = get("/hello.txt").header("ETag");
        assertEquals(206, get("/hello.txt", "Range: bytes=0-1", "If-Range: " + etag).status());
        assertEquals(200, get("/hello.txt", "Range: bytes=0-1", "If-Range: \"old\"").status());
        assertEquals(206, get("/hello.txt", "Range: bytes=0-1", "If-Range: Sun, 06 Nov 1994 08:49:37 GMT").status());
    }

    @Test
    void headIgnoresRangeAndSendsTheFullLengthHeadersOnly() throws IOException {
        HttpResponse r = send("HEAD", "/hello.txt", "Range: bytes=0-1");
        assertEquals(200, r.status());
        assertEquals(10, r.file.length(), "the encoder announces it and, for HEAD, sends nothing");
    }

    @Test
    void otherMethodsAreNotAllowed() throws IOException {
        HttpResponse r = send("DELETE", "/hello.txt");
        assertEquals(405, r.status());
        assertEquals("GET, HEAD", r.header("Allow"));
    }

    @Test
    void directoryWithoutTrailingSlashIsRedirected() throws IOException {
        HttpResponse r = get("/docs?x=1");
        assertEquals(301, r.status());
        assertEquals("/docs/?x=1", r.header("Location"));
    }

    @Test
    void directoryWithIndexServesIt() throws IOException {
        HttpResponse r = get("/site/");
        assertEquals(root.toRealPath().resolve("site/index.html"), r.file.path());
        assertEquals("text/html; charset=utf-8", r.contentType);
    }

    @Test
    void listingEscapesNamesAndLeavesOutLinksToOutside() throws IOException {
        Files.writeString(root.resolve("docs/<script>&\"x'.txt"), "1234");
        Files.createDirectory(root.resolve("docs/sub dir"));
        Files.createSymbolicLink(root.resolve("docs/out.txt"), temp.resolve("secret.txt"));
        HttpResponse r = get("/docs/");
        assertEquals(200, r.status());
        String html = body(r);
        assertTrue(html.contains("<a href=\"%3Cscript%3E%26%22x%27.txt\">&lt;script&gt;&amp;&quot;x&#39;.txt</a></td><td>4<"),
                html);
        assertTrue(html.contains("<a href=\"sub%20dir/\">sub dir/</a>"), html);
        assertTrue(html.contains("<a href=\"a.css\">a.css</a></td><td>6<"), html);
        assertTrue(html.contains("<a href=\"../\">"), html);
        assertFalse(html.contains("out.txt"), html);
        assertFalse(html.contains("<script>"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/.env", "/.git/config", "/.git/", "/.git", "/docs/.build.log", "/%2eenv", "/%2Egit/config",
        "/public.txt", "/gitlink/config"})
    void dotfilesAndDotDirectoriesAreNotFoundByDefault(String target) throws IOException {
        dotTree();
        HttpResponse r = get(target);
        assertEquals(404, r.status(), target);
        assertNull(r.file, target);
    }

    @Test
    void listingsLeaveDotfilesOutByDefault() throws IOException {
        dotTree();
        String html = body(get("/"));
        assertFalse(html.contains(".env") || html.contains(".git") || html.contains("public.txt"), html);
        assertTrue(html.contains("hello.txt"), html);
        assertFalse(body(get("/docs/")).contains(".build.log"));
    }

    @Test
    void dotfilesAllowedAreServedAndListed() throws IOException {
        dotTree();
        files = new StaticFiles(root, StaticFiles.DotFiles.ALLOW);
        assertEquals(root.toRealPath().resolve(".git/config"), get("/.git/config").file.path());
        assertEquals(root.toRealPath().resolve(".env"), get("/public.txt").file.path());
        assertTrue(body(get("/")).contains("<a href=\".env\">.env</a>"));
        assertTrue(body(get("/docs/")).contains(".build.log"));
    }

    private void dotTree() throws IOException {
        Files.writeString(root.resolve(".env"), "PASSWORD=x");
        Files.createDirectory(root.resolve(".git"));
        Files.writeString(root.resolve(".git/config"), "[core]");
        Files.writeString(root.resolve("docs/.build.log"), "log");
        Files.createSymbolicLink(root.resolve("public.txt"), root.resolve(".env"));
        Files.createSymbolicLink(root.resolve("gitlink"), root.resolve(".git"));
    }

    @Test
    void aHugeDirectoryIsListedCutShortAtABoundedCost() throws IOException {
        Path big = Files.createDirectory(root.resolve("big"));
        int n = DirectoryListing.MAX_SCANNED + 50;
        for (int i = 0; i < n; i++) {
            Files.createFile(big.resolve(String.format("f%05d", i)));
        }
        String html = body(get("/big/"));
        long rows = html.lines().filter(l -> l.startsWith("<tr><td><a href=\"f")).count();
        assertEquals(DirectoryListing.MAX_LISTED, rows);
        assertTrue(html.contains("Listing cut short"), html.substring(html.length() - 300));
        String small = body(get("/docs/"));
        assertFalse(small.contains("cut short"), small);
    }

    @Test
    void contentTypesComeFromTheExtension() {
        assertEquals("application/wasm", MimeTypes.of("a.WASM"));
        assertEquals("font/woff2", MimeTypes.of("f.woff2"));
        assertEquals("image/svg+xml", MimeTypes.of("i.svg"));
        assertEquals("video/mp4", MimeTypes.of("v.mp4"));
        assertEquals(MimeTypes.DEFAULT, MimeTypes.of("Makefile"));
        assertEquals(MimeTypes.DEFAULT, MimeTypes.of("trailing."));
    }
}
