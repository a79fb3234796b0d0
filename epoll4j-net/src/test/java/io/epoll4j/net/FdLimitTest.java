package io.epoll4j.net;

import io.epoll4j.fd.ErrnoException;
import io.epoll4j.fd.TcpStream;
import io.epoll4j.poll.Interest;
import io.epoll4j.testing.ChildJvm;
import io.epoll4j.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.epoll4j.testing.SocketTesting.awaitReady;
import static io.epoll4j.testing.SocketTesting.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs an echo server ({@link FdLimitServer}) in a child JVM whose RLIMIT_NOFILE is lowered
 * under it, and checks what clients see at the fd limit: connections past it are ended at once
 * (never left waiting in the accept queue), those accepted before are served throughout, and
 * serving recovers once fds are free.
 */
class FdLimitTest {
    private static final int HEADROOM = 8;

    @Test
    void pastTheFdLimitConnectionsAreShedWhileTheOthersAreServedThenServingRecovers(@TempDir Path dir)
            throws Exception {
        try (Child child = Child.start(dir); Arena arena = Arena.ofConfined()) {
            int free = child.limit();
            List<TcpStream> served = new ArrayList<>();
            int shed = 0;
            for (int i = 0; i < 20; i++) {
                TcpStream client = open(child.address, arena);
                if (echoed(client, arena)) {
                    served.add(client);
                } else {
                    shed++;
                    client.close();
                }
            }
            // One fd per served connection: the spare is open already, and counted.
            assertTrue(served.size() >= 1 && served.size() <= free, "served " + served.size() + ", free fds " + free);
            assertEquals(20 - served.size(), shed);
            // The ones kept are still served while the others were being refused.
            for (TcpStream client : served) {
                writePing(client, arena);
                assertTrue(echoed(client, arena), "a kept connection stopped being served");
            }
            long[] stats = child.stats();
            assertTrue(stats[1] + stats[3] >= 1 && stats[1] <= shed,
                    "server shed " + stats[1] + " and reset " + stats[3] + " queues, clients saw " + shed);

            served.forEach(TcpStream::close);
            child.awaitNoConnections();
            assertRecovered(child, arena);
        }
    }

    @Test
    void withNotOneFdLeftQueuedConnectionsAreResetAtOnceAndServingRecoversAfter(@TempDir Path dir)
            throws Exception {
        try (Child child = Child.start(dir); Arena arena = Arena.ofConfined()) {
            child.limit();   // also loads the classes an EMFILE needs, while fds are to be had
            String[] hog = child.command("hog");
            assertEquals("0", hog[2], "setrlimit failed");
            // Not even the spare's number can be opened again: the queue is reset, no fd needed.
            // The reset may reach a client while it still finishes its connect or writes, and a
            // SYN that arrives between the reset's shutdown and its listen is refused: those
            // clients too learn at once.
            for (int i = 0; i < 5; i++) {
                try (TcpStream client = open(child.address, arena)) {
                    assertTrue(!echoed(client, arena), "served with no fd left");
                } catch (ErrnoException e) {
                    assertTrue(e.errno() == ErrnoException.ECONNREFUSED || e.errno() == ErrnoException.ECONNRESET
                            || e.errno() == ErrnoException.EPIPE, "client " + i + ": " + e);
                }
            }
            // The clients learn of the reset at its shutdown(2); the server counts it only after
            // listening again, and a loaded machine can preempt it in between: wait for the count.
            long[] stats = child.stats();
            for (long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                 stats[3] < 1 && System.nanoTime() < end; ) {
                stats = child.stats();
            }
            assertTrue(stats[3] >= 1, "no listen queue was reset: " + java.util.Arrays.toString(stats));
            assertEquals(0, stats[2], "a connection is held open");

            assertEquals("0", child.command("release")[1], "setrlimit failed");
            assertRecovered(child, arena);
        }
    }

    @Test
    void atTheLimitOneArrivalCostsAFewAcceptsNotABatchOfThem(@TempDir Path dir) throws Exception {
        try (Child child = Child.start(dir); Arena arena = Arena.ofConfined()) {
            int free = child.limit();
            List<TcpStream> served = new ArrayList<>();
            while (served.size() < free) {   // every free fd (the spare holds one more, not counted)
                TcpStream client = open(child.address, arena);
                assertTrue(echoed(client, arena), "refused below the limit");
                served.add(client);
            }
            Path trace = dir.resolve("accept4.trace");
            try (Tracer tracer = Tracer.attach(child.pid(), trace)) {
                try (TcpStream client = open(child.address, arena)) {
                    assertTrue(!echoed(client, arena), "served past the limit");
                }
                assertEquals(1, child.stats()[1], "the connection past the limit was not shed through the spare");
                tracer.finish();
            }
            long accepts = Files.readAllLines(trace).stream().filter(l -> l.contains("accept4(")).count();
            // EMFILE, then one accept that takes the connection into the spare's number and one
            // that finds the queue empty (EAGAIN): shedding stops there, not after a batch.
            assertTrue(accepts >= 2 && accepts <= 4, accepts + " accept4 calls:\n" + Files.readString(trace));
            served.forEach(TcpStream::close);
        }
    }

    private static void assertRecovered(Child child, Arena arena) throws Exception {
        for (int i = 0; i < HEADROOM; i++) {
            try (TcpStream again = open(child.address, arena)) {
                assertTrue(echoed(again, arena), "not served after fds were freed");
            }
        }
    }

    private static TcpStream open(InetSocketAddress address, Arena arena) throws ErrnoException {
        TcpStream client = TcpStream.connect(address);
        awaitReady(client, Interest.WRITABLE);
        client.finishConnect();
        writePing(client, arena);
        return client;
    }

    private static void writePing(TcpStream client, Arena arena) throws ErrnoException {
        MemorySegment ping = bytes(arena, "ping".getBytes(StandardCharsets.US_ASCII));
        assertEquals(ping.byteSize(), client.write(ping));
    }

    /** True if "ping" came back; false if the server ended the connection instead. */
    private static boolean echoed(TcpStream client, Arena arena) throws ErrnoException {
        MemorySegment buf = arena.allocate(4);
        long got = 0;
        while (got < 4) {
            awaitReady(client, Interest.READABLE);
            try {
                long n = client.read(buf.asSlice(got));
                if (n < 0) {
                    return false;
                }
                got += n;
            } catch (ErrnoException e) {
                if (e.errno() == ErrnoException.ECONNRESET) {
                    return false;
                }
                throw e;
            }
        }
        return true;
    }

    /** The child JVM, spoken to over its stdin and stdout; warmed up on start. */
    private static final class Child implements AutoCloseable {
        final Process process;
        final Path stderr;
        final BufferedReader out;
        final PrintWriter in;
        InetSocketAddress address;

        private Child(Process process, Path stderr) {
            this.process = process;
            this.stderr = stderr;
            this.out = process.inputReader(StandardCharsets.UTF_8);
            this.in = new PrintWriter(process.outputWriter(StandardCharsets.UTF_8), true);
        }

        static Child start(Path dir) throws Exception {
            Path stderr = dir.resolve("child.err");
            Process process = new ProcessBuilder(ChildJvm.java(), "--enable-native-access=ALL-UNNAMED", "-cp", ChildJvm.classPath(FdLimitTest.class),
                    FdLimitServer.class.getName(), Integer.toString(HEADROOM))
                    .redirectError(stderr.toFile()).start();
            Child child = new Child(process, stderr);
            try {
                String first = child.out.readLine();
                assertTrue(first != null && first.startsWith("PORT "),
                        "child said " + first + "; stderr: " + Files.readString(stderr));
                child.address = new InetSocketAddress(InetAddress.getLoopbackAddress(),
                        Integer.parseInt(first.substring(5)));
                // Warm up every path of the child while it has fds to load classes with.
                try (Arena arena = Arena.ofConfined(); TcpStream warm = open(child.address, arena)) {
                    assertTrue(echoed(warm, arena));
                }
                child.awaitNoConnections();
                return child;
            } catch (Exception | Error e) {
                child.close();
                throw e;
            }
        }

        /** Lowers the child's limit to {@link #HEADROOM} free fds; returns how many it could really open. */
        int limit() throws IOException {
            String[] limit = command("limit");
            assertEquals("0", limit[2], "setrlimit failed");
            return Integer.parseInt(limit[3]);
        }

        long pid() throws IOException {
            return Long.parseLong(command("pid")[1]);
        }

        /** accepted, shed, open, listen queue resets. */
        long[] stats() throws IOException {
            String[] parts = command("stats");
            return new long[] {Long.parseLong(parts[1]), Long.parseLong(parts[2]), Long.parseLong(parts[3]),
                    Long.parseLong(parts[4])};
        }

        String[] command(String command) throws IOException {
            in.println(command);
            String line = out.readLine();
            assertTrue(line != null, "child ended; stderr: " + Files.readString(stderr));
            return line.split(" ");
        }

        void awaitNoConnections() throws IOException {
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (stats()[2] != 0) {
                assertTrue(System.nanoTime() < deadline, "server still holds connections");
            }
        }

        @Override
        public void close() throws Exception {
            process.getOutputStream().close();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("child did not exit; stderr: " + Files.readString(stderr));
            }
            String err = Files.readString(stderr);
            assertTrue(!err.contains("Exception"), "child reported: " + err);
        }
    }

    /** strace of the child's accept4 calls, attached to every thread before it returns. */
    private record Tracer(Process strace, Path output) implements AutoCloseable {
        static Tracer attach(long pid, Path output) throws Exception {
            Tools.require("strace");
            Process strace = new ProcessBuilder("strace", "-f", "-qq", "-e", "trace=accept4", "-o", output.toString(),
                    "-p", Long.toString(pid))
                    .redirectErrorStream(true).start();
            Tracer tracer = new Tracer(strace, output);
            // strace prints nothing once attached (-qq); its attach is done when every thread of
            // the child shows it as tracer in /proc.
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!allTracedBy(pid, strace.pid())) {
                if (System.nanoTime() > deadline || !strace.isAlive()) {
                    tracer.close();
                    fail("strace did not attach: " + new String(strace.getInputStream().readAllBytes()));
                }
                Thread.onSpinWait();
            }
            return tracer;
        }

        private static boolean allTracedBy(long pid, long tracer) throws IOException {
            try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
                for (Path task : tasks.toList()) {
                    String status = Files.readString(task.resolve("status"));
                    if (!status.contains("TracerPid:\t" + tracer + "\n")) {
                        return false;
                    }
                }
                return true;
            }
        }

        /** Detaches strace (SIGINT) and waits until its output is complete. */
        void finish() throws InterruptedException {
            strace.toHandle().destroy();   // SIGTERM: strace detaches and flushes its output
            if (!strace.waitFor(10, TimeUnit.SECONDS)) {
                strace.destroyForcibly();
                fail("strace did not detach");
            }
        }

        @Override
        public void close() throws InterruptedException {
            if (strace.isAlive()) {
                finish();
            }
        }
    }

}
