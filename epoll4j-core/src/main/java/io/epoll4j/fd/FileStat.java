package io.epoll4j.fd;

import io.epoll4j.sys.Stat;

/**
 * What fstat(2) says of an open file: its type, inode, size and modification time. Asked of
 * the open descriptor, never of a path, so the answer is about the very file that will be
 * read, whatever was renamed or swapped in meanwhile.
 *
 * {@snippet :
 * try (OwnedFd file = OwnedFd.open(path, OwnedFd.O_RDONLY | OwnedFd.O_NONBLOCK | OwnedFd.O_NOFOLLOW)) {
 *     FileStat stat = FileStat.of(file);
 *     if (!stat.isRegularFile()) {
 *         throw new IOException(path + " is not a regular file");   // a FIFO, a device, a directory
 *     }
 * }
 * }
 *
 * @param mode          {@code st_mode}: the type bits ({@code S_IFMT}) and the permission bits
 * @param inode         {@code st_ino}
 * @param size          {@code st_size} in bytes
 * @param modifiedNanos {@code st_mtim} as nanoseconds since the epoch
 */
public record FileStat(int mode, long inode, long size, long modifiedNanos) {

    /** fstat(2) of {@code file}. */
    public static FileStat of(OwnedFd file) throws ErrnoException {
        long[] out = new long[4];
        int fd = file.acquire();
        try {
            ErrnoException.check(Stat.fstat(fd, out), "fstat(" + fd + ")");
        } finally {
            file.release();
        }
        return new FileStat((int) out[0], out[1], out[2], out[3]);
    }

    /** {@code S_ISREG}: a regular file. */
    public boolean isRegularFile() {
        return (mode & Stat.S_IFMT) == Stat.S_IFREG;
    }

    /** {@code S_ISDIR}. */
    public boolean isDirectory() {
        return (mode & Stat.S_IFMT) == Stat.S_IFDIR;
    }

    /** {@code S_ISFIFO}: a named pipe. */
    public boolean isFifo() {
        return (mode & Stat.S_IFMT) == Stat.S_IFIFO;
    }
}
