package io.epoll4j.testing;

import io.epoll4j.fd.ErrnoException;
import io.epoll4j.fd.OwnedFd;
import io.epoll4j.fd.UnixStream;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What the poll and loop tests share: a Unix socketpair, byte helpers, and a way to know that
 * a thread really sleeps in the kernel before a test acts on it, instead of guessing with a sleep.
 */
public final class Fixtures {
    private static final boolean X86_64 = Set.of("amd64", "x86_64").contains(System.getProperty("os.arch"));
    /** read(2)'s number on this architecture. */
    public static final Set<Integer> SYS_READ = Set.of(X86_64 ? 0 : 63);
    /** epoll_wait, epoll_pwait and epoll_pwait2 (aarch64 has no plain epoll_wait). */
    public static final Set<Integer> SYS_EPOLL_WAIT = X86_64 ? Set.of(232, 281, 441) : Set.of(22, 441);

    private Fixtures() {}

    /** Two connected non-blocking AF_UNIX stream sockets. */
    public record SocketPair(UnixStream a, UnixStream b) implements AutoCloseable {
        @Override
        public void close() {
            a.close();
            b.close();
        }
    }

    /** socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC), as {@link UnixStream#pair()} makes it. */
    public static SocketPair socketPair() throws ErrnoException {
        UnixStream[] pair = UnixStream.pair();
        return new SocketPair(pair[0], pair[1]);
    }

    /** Writes all of {@code text} (UTF-8) or fails: the tests' writes are small. */
    public static void write(OwnedFd fd, String text) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            MemorySegment src = arena.allocate(Math.max(1, bytes.length));
            MemorySegment.copy(bytes, 0, src, ValueLayout.JAVA_BYTE, 0, bytes.length);
            long n = fd.write(src.asSlice(0, bytes.length));
            assertEquals(bytes.length, n, "short write to " + fd);
        }
    }

    /** Adds {@code value} to an eventfd's counter through any fd of it, such as a dup. */
    public static void addToCounter(OwnedFd eventFd, long value) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment word = arena.allocate(ValueLayout.JAVA_LONG);
            word.set(ValueLayout.JAVA_LONG, 0, value);
            assertEquals(8, eventFd.write(word));
        }
    }

    /** One read(2) of up to 64 KiB: the text, "" if it would block, null at end of stream. */
    public static String readOnce(OwnedFd fd) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(65536);
            long n = fd.read(buf);
            if (n < 0) {
                return null;
            }
            return new String(buf.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
        }
    }

    /** Writes until the kernel buffer is full (write returns 0); returns the bytes written. */
    public static long fill(OwnedFd fd) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment chunk = arena.allocate(65536);
            long total = 0;
            long n;
            while ((n = fd.write(chunk)) > 0) {
                total += n;
            }
            return total;
        }
    }

    /**
     * Returns the kernel thread id of the thread named {@code name} once it is asleep in the
     * kernel inside one of {@code syscalls} (numbers as /proc/[tid]/syscall shows them), or
     * fails after {@code within}. The JVM gives each Java thread its name, cut to 15 bytes, as
     * the kernel's comm.
     */
    public static int awaitBlockedIn(String name, Set<Integer> syscalls, Duration within) {
        String comm = name.length() > 15 ? name.substring(0, 15) : name;
        long deadline = System.nanoTime() + within.toNanos();
        String last = "no thread named " + comm;
        while (System.nanoTime() < deadline) {
            try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
                for (Path task : (Iterable<Path>) tasks::iterator) {
                    try {
                        if (!Files.readString(task.resolve("comm")).trim().equals(comm)) {
                            continue;
                        }
                        String stat = Files.readString(task.resolve("stat"));
                        char state = stat.charAt(stat.lastIndexOf(')') + 2);
                        String syscall = Files.readString(task.resolve("syscall")).trim();
                        last = "state " + state + ", syscall " + syscall;
                        if (state == 'S' && !syscall.startsWith("running")
                                && syscalls.contains(Integer.parseInt(syscall.split(" ")[0]))) {
                            return Integer.parseInt(task.getFileName().toString());
                        }
                    } catch (IOException | NumberFormatException e) {
                        last = e.toString(); // the task ended or changed under us: look again
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            LockSupport.parkNanos(200_000);
        }
        throw new AssertionError("thread " + comm + " did not block in " + syscalls + " within " + within + ": " + last);
    }
}
