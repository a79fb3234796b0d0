package io.epoll4j.net;

import io.epoll4j.fd.TcpStream;
import io.epoll4j.fd.ErrnoException;
import io.epoll4j.poll.Interest;
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

import static io.epoll4j.net.SocketTesting.awaitReady;
import static io.epoll4j.net.SocketTesting.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs an echo server in a child JVM whose RLIMIT_NOFILE leaves room for 8 connections, and
 * connects 20: those past the limit are closed at once (accept of a spare fd's worth), the
 * others are served throughout, and once fds are free again new connections are served.
 */
class FdLimitTest {
    private static final int HEADROOM = 8;

    @Test
    void pastTheFdLimitConnectionsAreShedWhileTheOthersAreServedThenServingRecovers(@TempDir Path dir)
            throws Exception {
        Path stderr = dir.resolve("child.err");
        Process child = new ProcessBuilder(javaCommand(), "--enable-native-access=ALL-UNNAMED", "-cp", classPath(),
                FdLimitServer.class.getName(), Integer.toString(HEADROOM))
                .redirectError(stderr.toFile()).start();
        try (BufferedReader out = child.inputReader(StandardCharsets.UTF_8);
             PrintWriter in = new PrintWriter(child.outputWriter(StandardCharsets.UTF_8), true);
             Arena arena = Arena.ofConfined()) {
            String first = out.readLine();
            assertTrue(first != null && first.startsWith("PORT "), "child said " + first + "; stderr: " + Files.readString(stderr));
            InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(),
                    Integer.parseInt(first.substring(5)));
            MemorySegment ping = bytes(arena, "ping".getBytes(StandardCharsets.US_ASCII));

            // Warm up every path of the child while it has fds to load classes with.
            try (TcpStream warm = open(address, ping)) {
                assertTrue(echoed(warm, arena));
            }
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (stats(in, out)[2] != 0) {
                assertTrue(System.nanoTime() < deadline, "the warm-up connection is still open");
            }
            in.println("limit");
            String[] limit = out.readLine().split(" ");
            assertEquals("0", limit[2], "setrlimit failed");
            int free = Integer.parseInt(limit[3]);   // what the child could really open, measured

            List<TcpStream> served = new ArrayList<>();
            int shed = 0;
            for (int i = 0; i < 20; i++) {
                TcpStream client = open(address, ping);
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
                writePing(client, ping);
                assertTrue(echoed(client, arena), "a kept connection stopped being served");
            }
            long[] stats = stats(in, out);
            assertTrue(stats[1] >= shed, "server shed " + stats[1] + ", clients saw " + shed);

            served.forEach(TcpStream::close);
            deadline = System.nanoTime() + 5_000_000_000L;
            while (stats(in, out)[2] != 0) {
                assertTrue(System.nanoTime() < deadline, "server still holds connections");
            }
            // Recovered: new connections are served again.
            for (int i = 0; i < HEADROOM; i++) {
                try (TcpStream again = open(address, ping)) {
                    assertTrue(echoed(again, arena), "not served after fds were freed");
                }
            }
        } finally {
            child.getOutputStream().close();
            if (!child.waitFor(10, TimeUnit.SECONDS)) {
                child.destroyForcibly();
                fail("child did not exit; stderr: " + Files.readString(stderr));
            }
        }
        String err = Files.readString(stderr);
        assertTrue(!err.contains("Exception"), "child reported: " + err);
    }

    private static TcpStream open(InetSocketAddress address, MemorySegment ping) throws ErrnoException {
        TcpStream client = TcpStream.connect(address);
        awaitReady(client, Interest.WRITABLE);
        client.finishConnect();
        writePing(client, ping);
        return client;
    }

    private static void writePing(TcpStream client, MemorySegment ping) throws ErrnoException {
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

    private static long[] stats(PrintWriter in, BufferedReader out) throws IOException {
        in.println("stats");
        String[] parts = out.readLine().split(" ");
        return new long[] {Long.parseLong(parts[1]), Long.parseLong(parts[2]), Long.parseLong(parts[3])};
    }

    private static String javaCommand() {
        return ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
    }

    /** The module path this JVM runs with, plus the test classes, as a class path for the child. */
    private static String classPath() throws Exception {
        String modules = System.getProperty("jdk.module.path", "");
        String classes = System.getProperty("java.class.path", "");
        String tests = Path.of(FdLimitTest.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        return String.join(":", tests, modules, classes);
    }
}
