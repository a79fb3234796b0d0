package io.epoll4j.http;

import io.epoll4j.fd.ErrnoException;
import io.epoll4j.fd.FileStat;
import io.epoll4j.fd.OwnedFd;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A body to send from a file with sendfile(2): {@code length} bytes at {@code offset}.
 *
 * {@snippet :
 * FileRegion region = new FileRegion(Path.of("/srv/www/logo.png"), 0, 4096);
 * try (OwnedFd fd = region.open()) {   // O_NONBLOCK | O_NOFOLLOW, then fstat on the open fd
 *     // sendfile(socket, fd, region.offset(), region.length()) until done
 * }
 * }
 *
 * @param path   the file's real path (symbolic links already resolved and checked to stay
 *               under the served root); opening it with {@code O_NOFOLLOW} keeps that true
 *               even if someone swaps a component for a link in between
 * @param offset first byte to send
 * @param length bytes to send; the Content-Length the head announced
 */
public record FileRegion(Path path, long offset, long length) {

    /** Checks that the region is not negative. */
    public FileRegion {
        Objects.requireNonNull(path, "path");
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("negative offset or length: " + offset + ", " + length);
        }
    }

    /**
     * Opens the file for sending, before any byte of the response goes out: {@code O_NOFOLLOW}
     * so a link swapped in is not followed, {@code O_NONBLOCK} so a FIFO swapped in does not
     * block the loop until a writer comes (fifo(7)), and then fstat(2) on the open descriptor,
     * never the path: only a regular file holding the whole region is accepted.
     *
     * @throws ErrnoException from open(2) or fstat(2) (EMFILE, ENOENT, ELOOP, EIO, ...)
     * @throws IOException    when the file is no regular file or is shorter than the region
     */
    public OwnedFd open() throws IOException {
        OwnedFd fd = OwnedFd.open(path, OwnedFd.O_RDONLY | OwnedFd.O_NONBLOCK | OwnedFd.O_NOFOLLOW);
        try {
            FileStat stat = FileStat.of(fd);
            if (!stat.isRegularFile()) {
                throw new IOException(path + " is no longer a regular file (mode "
                        + Integer.toOctalString(stat.mode()) + ")");
            }
            if (stat.size() < offset + length) {
                throw new IOException(path + " shrank to " + stat.size() + " bytes, short of the "
                        + (offset + length) + " the response announces");
            }
            return fd;
        } catch (IOException | RuntimeException e) {
            fd.close();
            throw e;
        }
    }
}
