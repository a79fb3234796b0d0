package io.epoll4j.http;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A body to send from a file with sendfile(2): {@code length} bytes at {@code offset}.
 *
 * {@snippet :
 * FileRegion region = new FileRegion(Path.of("/srv/www/logo.png"), 0, 4096);
 * // net layer: fd = open(region.path(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
 * //            sendfile(socket, fd, region.offset(), region.length()) until done
 * }
 *
 * @param path   the file's real path (symbolic links already resolved and checked to stay
 *               under the served root); opening it with {@code O_NOFOLLOW} keeps that true
 *               even if someone swaps a component for a link in between
 * @param offset first byte to send
 * @param length bytes to send; the Content-Length the head announced
 */
public record FileRegion(Path path, long offset, long length) {

    public FileRegion {
        Objects.requireNonNull(path, "path");
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("negative offset or length: " + offset + ", " + length);
        }
    }
}
