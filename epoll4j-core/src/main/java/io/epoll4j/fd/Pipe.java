package io.epoll4j.fd;

import io.epoll4j.sys.Unistd;

/**
 * A pipe (pipe2(2)), non-blocking and close-on-exec at both ends.
 *
 * {@snippet :
 * try (Pipe pipe = Pipe.open(); Arena arena = Arena.ofConfined()) {
 *     pipe.sink().write(arena.allocateFrom("hello"));
 *     MemorySegment buf = arena.allocate(64);
 *     long n = pipe.source().read(buf);   // 6: the text and its NUL
 * }
 * }
 *
 * @param source the read end
 * @param sink   the write end
 */
public record Pipe(OwnedFd source, OwnedFd sink) implements AutoCloseable {
    /** pipe2(O_NONBLOCK | O_CLOEXEC). */
    public static Pipe open() throws ErrnoException {
        return open(Unistd.O_NONBLOCK | Unistd.O_CLOEXEC);
    }

    /** pipe2 with {@code flags} ({@code O_NONBLOCK}, {@code O_CLOEXEC}, {@code O_DIRECT}). */
    public static Pipe open(int flags) throws ErrnoException {
        int[] fds = new int[2];
        ErrnoException.check(Unistd.pipe2(fds, flags), "pipe2");
        return new Pipe(OwnedFd.adopt(fds[0]), OwnedFd.adopt(fds[1]));
    }

    /** Closes both ends. */
    @Override
    public void close() {
        source.close();
        sink.close();
    }
}
