package io.epoll4j.examples;

import io.epoll4j.fd.Epoll;
import io.epoll4j.fd.EpollEvents;
import io.epoll4j.fd.EpollFlags;
import io.epoll4j.fd.ErrnoException;
import io.epoll4j.fd.OwnedFd;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The seed notes' first program, done right: register stdin with an epoll instance, wait, read
 * what arrived, print it; stop at end of file.
 *
 * {@snippet lang=sh :
 * printf 'hello\nepoll\n' | epoll4j-examples/run stdin
 * }
 *
 * <p>Where the notes went wrong, and what this does instead:
 * <ul>
 * <li>Errors come from errno, never from the return value: {@link ErrnoException} carries it.
 * <li>The wait loop looks at which fd each event is for (the data word holds the fd here)
 *     instead of reading stdin for every event.
 * <li>A hang-up is not the end: everything still buffered is read first, until read(2) says
 *     end of file.
 * <li>A regular file cannot be polled (epoll_ctl(2) fails with EPERM): it is always ready,
 *     so stdin redirected from a file is simply read through.
 * </ul>
 */
public final class StdinExample {
    private static final int STDIN = 0;

    private StdinExample() {}

    /**
     * Copies stdin to stdout until end of file.
     *
     * @param args none
     * @throws IOException if a read, a write or an epoll call fails
     */
    public static void main(String[] args) throws IOException {
        // stdin is ours for the life of the program; closing it at the end is harmless.
        try (OwnedFd stdin = OwnedFd.adopt(STDIN)) {
            echo(stdin, System.out);
        }
    }

    /**
     * Copies what arrives on {@code in} to {@code out} until end of file.
     *
     * @param in  a readable fd: a pipe, a terminal, a socket or a regular file
     * @param out where the bytes go, flushed after each read
     * @return the bytes copied
     * @throws IOException if a read, a write or an epoll call fails
     */
    public static long echo(OwnedFd in, OutputStream out) throws IOException {
        try (Epoll epoll = Epoll.create();
             EpollEvents events = EpollEvents.allocate(8);
             Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(4096);
            int fd = in.fd();
            try {
                epoll.add(in, EpollFlags.EPOLLIN, fd);
            } catch (ErrnoException e) {
                if (e.errno() != ErrnoException.EPERM) {
                    throw e;
                }
                return copyUntilEnd(in, buf, out);
            }
            long total = 0;
            while (true) {
                int n = epoll.wait(events, -1);
                for (int i = 0; i < n; i++) {
                    if (events.data(i) != fd) {
                        continue; // not ours (there is only stdin here, but a loop must check)
                    }
                    // EPOLLIN or EPOLLHUP: one read takes what is there without blocking.
                    long r = in.read(buf);
                    if (r == -1) {
                        out.flush();
                        return total;
                    }
                    write(buf, r, out);
                    total += r;
                }
            }
        }
    }

    private static long copyUntilEnd(OwnedFd in, MemorySegment buf, OutputStream out) throws IOException {
        long total = 0;
        long r;
        while ((r = in.read(buf)) != -1) {
            write(buf, r, out);
            total += r;
        }
        out.flush();
        return total;
    }

    private static void write(MemorySegment buf, long n, OutputStream out) throws IOException {
        out.write(buf.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE));
        out.flush();
    }
}
