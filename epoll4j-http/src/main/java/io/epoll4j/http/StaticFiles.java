package io.epoll4j.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.TimeUnit;

/**
 * Serves the files under a root directory: GET and HEAD, validators and 304, single byte
 * ranges, index.html or a listing for directories. File bodies are {@link FileRegion}s, for
 * the connection layer to send with sendfile.
 *
 * {@snippet :
 * Router router = new Router()
 *         .route("/plaintext", CannedResponse.PLAINTEXT)
 *         .fallback(new StaticFiles(Path.of("/srv/www")));
 * }
 *
 * <h2>Confinement</h2>
 * The path is percent-decoded once, as UTF-8; a decoded NUL or an encoded slash ({@code %2F}),
 * a "." or ".." segment (also as {@code %2e%2e}), or invalid UTF-8 is 404. The file is then
 * resolved with {@link Path#toRealPath} and must still lie under the root's real path, so a
 * symbolic link pointing outside is 404 too: never a byte from outside the root. Only regular
 * files and directories are served.
 *
 * <h2>Dotfiles</h2>
 * By default ({@link DotFiles#DENY}) a name that begins with "." anywhere below the root, in
 * the request or in the real path a symbolic link leads to, is 404 and left out of listings:
 * {@code /.git/config}, {@code /.env} and {@code /logs/.build.log} stay private, as nginx
 * configurations and {@code python -m http.server} users expect. {@link DotFiles#ALLOW}
 * serves them.
 *
 * <h2>Validators</h2>
 * The strong ETag is inode, size and modification time in nanoseconds, in hex. If-None-Match
 * (weak comparison, "*") decides a 304 when present, else If-Modified-Since (IMF-fixdate).
 * Range is honoured on GET only, and only if If-Range, when present, matches exactly.
 */
public final class StaticFiles implements HttpHandler {

    /** Whether names that begin with "." are served. */
    public enum DotFiles {
        /** 404 for them, and listings leave them out: the default. */
        DENY,
        /** Served and listed like any other name. */
        ALLOW
    }

    private final Path root;
    private final DotFiles dotFiles;

    /** Serves {@code root}, which must be an existing directory, without its dotfiles. */
    public StaticFiles(Path root) throws IOException {
        this(root, DotFiles.DENY);
    }

    /** Serves {@code root}, which must be an existing directory; {@code dotFiles} says whether with its dotfiles. */
    public StaticFiles(Path root, DotFiles dotFiles) throws IOException {
        this.root = root.toRealPath();
        this.dotFiles = java.util.Objects.requireNonNull(dotFiles, "dotFiles");
        if (!Files.isDirectory(this.root)) {
            throw new IllegalArgumentException("not a directory: " + root);
        }
    }

    /** The real path of the served directory. */
    public Path root() {
        return root;
    }

    @Override
    public void handle(HttpRequest request, HttpResponse response) throws IOException {
        Method method = request.method();
        if (method != Method.GET && method != Method.HEAD) {
            response.status(405).header("Allow", "GET, HEAD");
            text(response, "405 Method Not Allowed\n");
            return;
        }
        String path = request.path();
        Path file = resolve(path);
        BasicFileAttributes attrs = file == null ? null : attributes(file);
        if (attrs == null) {
            notFound(response);
            return;
        }
        if (attrs.isDirectory()) {
            if (!path.endsWith("/")) {
                String query = request.query();
                response.status(301).header("Location", path + "/" + (query == null ? "" : "?" + query));
                return;
            }
            Path index = resolve(path + "index.html");
            BasicFileAttributes indexAttrs = index == null ? null : attributes(index);
            if (indexAttrs != null && indexAttrs.isRegularFile()) {
                serveFile(index, indexAttrs, request, response);
            } else {
                response.contentType("text/html; charset=utf-8")
                        .body(DirectoryListing.render(this, file, path));
            }
            return;
        }
        if (!attrs.isRegularFile() || path.endsWith("/")) {
            notFound(response);   // "/file.txt/" names a directory that is not there
            return;
        }
        serveFile(file, attrs, request, response);
    }

    /**
     * The real path a percent-encoded request path names under the root, or {@code null} when
     * it is refused or does not exist.
     */
    Path resolve(String encodedPath) {
        if (!encodedPath.startsWith("/")) {
            return null;
        }
        String decoded = decode(encodedPath);
        if (decoded == null) {
            return null;
        }
        Path candidate = root;
        for (String segment : decoded.split("/")) {
            if (segment.equals(".") || segment.equals("..") || (segment.startsWith(".") && dotFiles == DotFiles.DENY)) {
                return null;
            }
            if (!segment.isEmpty()) {
                candidate = candidate.resolve(segment);
            }
        }
        try {
            Path real = candidate.toRealPath();
            return real.startsWith(root) && visible(real) ? real : null;
        } catch (IOException | SecurityException e) {
            return null;
        }
    }

    /** Whether {@code real}, under the root, may be served: no dot-name on its way down unless allowed. */
    boolean visible(Path real) {
        if (dotFiles == DotFiles.ALLOW) {
            return true;
        }
        for (Path name : root.relativize(real)) {
            if (name.toString().startsWith(".")) {
                return false;
            }
        }
        return true;
    }

    private void serveFile(Path file, BasicFileAttributes attrs, HttpRequest request,
                           HttpResponse response) {
        long size = attrs.size();
        long modifiedSecond = attrs.lastModifiedTime().to(TimeUnit.SECONDS);
        String etag = etag(file, attrs);
        String lastModified = HttpDates.format(modifiedSecond);
        response.header("ETag", etag).header("Last-Modified", lastModified);

        String ifNoneMatch = request.header("If-None-Match");
        boolean notModified = ifNoneMatch != null
                ? Validators.noneMatchFails(ifNoneMatch, etag)
                : Validators.notModifiedSince(request.header("If-Modified-Since"), modifiedSecond);
        if (notModified) {
            response.status(304);
            return;
        }
        response.header("Accept-Ranges", "bytes").contentType(MimeTypes.of(file.getFileName().toString()));
        String range = request.header("Range");
        if (range != null && request.method() == Method.GET
                && Validators.ifRangeAllows(request.header("If-Range"), etag, modifiedSecond)) {
            ByteRange r = ByteRange.parse(range, size);
            if (r == ByteRange.UNSATISFIABLE) {
                response.status(416).header("Content-Range", "bytes */" + size);
                return;
            }
            if (r != null) {
                response.status(206).header("Content-Range", "bytes " + r.first() + "-" + r.last() + "/" + size)
                        .file(new FileRegion(file, r.first(), r.length()));
                return;
            }
        }
        response.file(new FileRegion(file, 0, size));
    }

    private static String etag(Path file, BasicFileAttributes attrs) {
        long inode;
        try {
            inode = ((Number) Files.getAttribute(file, "unix:ino")).longValue();
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            inode = attrs.fileKey() == null ? 0 : attrs.fileKey().hashCode();
        }
        return "\"" + Long.toHexString(inode) + "-" + Long.toHexString(attrs.size()) + "-"
                + Long.toHexString(attrs.lastModifiedTime().to(TimeUnit.NANOSECONDS)) + "\"";
    }

    private static BasicFileAttributes attributes(Path real) {
        try {
            return Files.readAttributes(real, BasicFileAttributes.class);
        } catch (IOException e) {
            return null;
        }
    }

    private static void notFound(HttpResponse response) {
        response.status(404);
        text(response, "404 Not Found\n");
    }

    private static void text(HttpResponse response, String body) {
        response.contentType("text/plain; charset=utf-8").body(body);
    }

    /** Percent-decodes as UTF-8; {@code null} for a bad escape, NUL, %2F or invalid UTF-8. */
    static String decode(String encoded) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '%') {
                if (i + 2 >= encoded.length() || !Ascii.isHex(encoded.charAt(i + 1))
                        || !Ascii.isHex(encoded.charAt(i + 2))) {
                    return null;
                }
                int b = Ascii.hexValue(encoded.charAt(i + 1)) << 4 | Ascii.hexValue(encoded.charAt(i + 2));
                if (b == 0 || b == '/' || b == '\\') {
                    return null;
                }
                bytes.write(b);
                i += 2;
            } else if (c == 0 || c > 0x7F) {
                return null;
            } else {
                bytes.write(c);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
