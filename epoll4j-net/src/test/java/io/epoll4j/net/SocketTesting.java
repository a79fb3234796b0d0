package io.epoll4j.net;

import io.epoll4j.fd.StreamSocket;
import io.epoll4j.fd.ErrnoException;
import io.epoll4j.fd.OwnedFd;
import io.epoll4j.poll.Events;
import io.epoll4j.poll.Interest;
import io.epoll4j.poll.Poller;
import io.epoll4j.poll.Trigger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Shared helpers of the net tests: waiting with a Poller and a deadline (never sleeping), fd
 * counts. The socket tests of the fd layer have their own in epoll4j-core.
 */
final class SocketTesting {
    static final long TIMEOUT_NANOS = 5_000_000_000L;

    private SocketTesting() {}

    /**
     * Waits until {@code fd} reports any of {@code interest} (or an error or hang-up), at most
     * {@link #TIMEOUT_NANOS}; returns the epoll mask seen.
     */
    static int awaitReady(OwnedFd fd, Interest interest) throws ErrnoException {
        try (Poller poller = Poller.open(); Events events = Events.withCapacity(4)) {
            poller.register(fd, 1L, interest, Trigger.LEVEL);
            long deadline = System.nanoTime() + TIMEOUT_NANOS;
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return fail("no " + interest + " on " + fd + " within the deadline");
                }
                poller.poll(events, left);
                if (events.next()) {
                    return events.readyMask();
                }
            }
        }
    }

    /** Writes all of {@code src}, waiting for room when the socket would block. */
    static void writeFully(StreamSocket socket, MemorySegment src) throws ErrnoException {
        long done = 0;
        while (done < src.byteSize()) {
            long n = socket.write(src.asSlice(done));
            if (n == 0) {
                awaitReady(socket, Interest.WRITABLE);
            }
            done += n;
        }
    }

    /** Reads exactly {@code count} bytes, waiting when the socket would block; fails at end of stream. */
    static byte[] readExactly(StreamSocket socket, int count) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(Math.max(count, 1));
            long done = 0;
            while (done < count) {
                long n = socket.read(buf.asSlice(done, count - done));
                if (n < 0) {
                    fail("end of stream after " + done + " of " + count + " bytes");
                }
                if (n == 0) {
                    awaitReady(socket, Interest.READABLE);
                }
                done += n;
            }
            return buf.asSlice(0, count).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
        }
    }

    /** How many file descriptors this process has open. */
    static long openFds() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What each open fd of this process points at, for failure messages. */
    static String fdTargets() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.map(p -> {
                try {
                    return p.getFileName() + "->" + Files.readSymbolicLink(p);
                } catch (IOException e) {
                    return p.getFileName() + "->?";
                }
            }).sorted().collect(java.util.stream.Collectors.joining(", "));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static MemorySegment bytes(Arena arena, byte[] data) {
        MemorySegment segment = arena.allocate(Math.max(data.length, 1));
        MemorySegment.copy(data, 0, segment, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, data.length);
        return segment.asSlice(0, data.length);
    }
}
