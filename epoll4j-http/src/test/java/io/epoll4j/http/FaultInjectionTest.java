package io.epoll4j.http;

import io.epoll4j.testing.ChildJvm;
import io.epoll4j.testing.Tools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs the HTTP server in a child JVM ({@link FaultServer}) and makes its event loop threads'
 * syscalls fail with {@code strace --inject} (strace installed through scripts/need.sh):
 * EINTR, EAGAIN, EPIPE, ECONNRESET, ENOMEM, EMFILE and EIO on sendto (one buffer), sendmsg
 * (several), sendfile, recvfrom, accept4, epoll_ctl and openat, a set of them per round. Clients fetch files (whole and in
 * ranges), echo bodies and /plaintext, and check every body's SHA-256. A request may fail
 * (an error status, a reset, a close), but no answer may carry a wrong byte; after each round
 * the server must serve cleanly again and, once its connections are gone, hold exactly the
 * fds it held before.
 */
class FaultInjectionTest {
    private static final int CLIENTS = 6;
    private static final long ROUND_NANOS = 3_000_000_000L;
    private static final int[] SIZES = {0, 1, 4096, 100_000, 1 << 20, 3 << 20};

    @TempDir
    static Path dir;
    private static Process server;
    private static BufferedReader serverOut;
    private static PrintWriter serverIn;
    private static int port;
    private static byte[][] files;

    @BeforeAll
    static void start() throws Exception {
        Tools.require("strace");
        Path root = Files.createDirectory(dir.resolve("www"));
        SplittableRandom random = new SplittableRandom(9);
        files = new byte[SIZES.length][];
        for (int i = 0; i < SIZES.length; i++) {
            files[i] = new byte[SIZES[i]];
            random.nextBytes(files[i]);
            Files.write(root.resolve("f" + i), files[i]);
        }
        server = new ProcessBuilder(ChildJvm.java(), "--enable-native-access=ALL-UNNAMED", "-cp", ChildJvm.classPath(FaultInjectionTest.class),
                FaultServer.class.getName(), root.toString())
                .redirectError(dir.resolve("server.err").toFile()).start();
        serverOut = server.inputReader(StandardCharsets.UTF_8);
        serverIn = new PrintWriter(server.outputWriter(StandardCharsets.UTF_8), true);
        String first = serverOut.readLine();
        assertTrue(first != null && first.startsWith("PORT "), "server said " + first + "; " + serverErr());
        port = Integer.parseInt(first.substring(5));
        Tally warm = load(1_500_000_000L, 1);   // loads the classes of every path while nothing fails
        assertEquals(0, warm.failed.get() + warm.corrupt.get(), "failures with nothing injected: " + warm);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            serverIn.close();
            if (!server.waitFor(10, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    @Test
    void interruptedCallsAreRetriedSoNoRequestFails() throws Exception {
        Tally t = round("EINTR", "sendto:error=EINTR:when=2+3", "sendmsg:error=EINTR:when=2+3", "sendfile:error=EINTR:when=2+3",
                "recvfrom:error=EINTR:when=2+3", "accept4:error=EINTR:when=2+2", "openat:error=EINTR:when=2+3");
        assertEquals(0, t.failed.get(), "an interrupted call failed a request: " + t);
    }

    @Test
    void callsThatWouldBlockAreWaitedOut() throws Exception {
        reached(round("EAGAIN", "sendto:error=EAGAIN:when=3+4", "sendmsg:error=EAGAIN:when=3+4", "sendfile:error=EAGAIN:when=3+4",
                "recvfrom:error=EAGAIN:when=3+4", "accept4:error=EAGAIN:when=2+3", "epoll_ctl:error=ENOMEM:when=3+5",
                "openat:error=EMFILE:when=3+5"));
    }

    @Test
    void peersThatGoAwayMidResponseCostNothing() throws Exception {
        reached(round("EPIPE/ECONNRESET", "sendto:error=ECONNRESET:when=6+7", "sendmsg:error=EPIPE:when=5+7", "sendfile:error=ECONNRESET:when=4+7",
                "recvfrom:error=ECONNRESET:when=5+9", "accept4:error=EMFILE:when=3+4", "openat:error=ENOMEM:when=4+6",
                // epoll_ctl(2) documents no EINTR; one that came anyway ends that connection, nothing more
                "epoll_ctl:error=EINTR:when=2+3"));
    }

    @Test
    void failingDevicesAndMemoryCostNothing() throws Exception {
        reached(round("EIO/ENOMEM", "sendto:error=EIO:when=7+9", "sendfile:error=EIO:when=3+5", "sendmsg:error=EIO:when=6+9", "recvfrom:error=EIO:when=7+11",
                "openat:error=EIO:when=2+4", "accept4:error=ENOMEM:when=4+5", "epoll_ctl:error=ENOMEM:when=2+4"));
    }

    /** Fails unless some request failed: the round's injections reached the clients. */
    private static void reached(Tally t) {
        assertTrue(t.failed.get() > 0, "no injected failure reached a client: " + t);
    }

    /** One round: injections on, load, injections off; then a clean load and the fd count. */
    private static Tally round(String name, String... injections) throws Exception {
        awaitIdle();
        long fdsBefore = fds();
        Tally faulty;
        try (Tracer tracer = Tracer.attach(loopThreads(), injections)) {
            faulty = load(ROUND_NANOS, 2);
        }
        assertEquals(0, faulty.corrupt.get(), name + ": corrupt answers: " + faulty + "; " + serverErr());
        assertTrue(faulty.ok.get() > 0, name + ": nothing succeeded: " + faulty);

        assertTrue(server.isAlive(), name + ": the server died: " + serverErr());
        Tally clean = load(1_000_000_000L, 3);
        assertEquals(0, clean.failed.get() + clean.corrupt.get(), name + ": not healthy after the round: " + clean
                + "; " + serverErr());
        awaitIdle();
        assertEquals(fdsBefore, fds(), name + ": fds leaked (" + faulty + "): " + fdList());
        System.out.println(name + ": " + faulty);
        return faulty;
    }

    /** Counts of answers that were right, that failed (status, reset, close, timeout) and that were wrong. */
    record Tally(AtomicLong ok, AtomicLong failed, AtomicLong corrupt, List<String> examples) {
        Tally() {
            this(new AtomicLong(), new AtomicLong(), new AtomicLong(), java.util.Collections.synchronizedList(new ArrayList<>()));
        }

        @Override
        public String toString() {
            return ok + " ok, " + failed + " failed, " + corrupt + " corrupt" + (examples.isEmpty() ? "" : " " + examples);
        }
    }

    private static Tally load(long nanos, long seed) throws InterruptedException {
        Tally tally = new Tally();
        long deadline = System.nanoTime() + nanos;
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            SplittableRandom random = new SplittableRandom(seed * 1000 + c);
            threads.add(Thread.ofPlatform().name("client-" + c).start(() -> client(random, deadline, tally)));
        }
        for (Thread t : threads) {
            t.join();
        }
        return tally;
    }

    /** Keep-alive connections, 1 to 3 requests pipelined per write, until the deadline. */
    private static void client(SplittableRandom random, long deadline, Tally tally) {
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 3000);
                socket.setSoTimeout(3000);
                OutputStream out = socket.getOutputStream();
                InputStream in = new java.io.BufferedInputStream(socket.getInputStream(), 65536);
                // At least one exchange, even past the deadline: a connection closed before its
                // first request could still be in the server's listen queue when the round counts
                // the server's connections and fds, and be accepted after "OPEN 0".
                for (int exchanges = random.nextInt(1, 20), done = 0;
                     exchanges > 0 && (done == 0 || System.nanoTime() < deadline); exchanges--, done++) {
                    List<Expected> batch = new ArrayList<>();
                    ByteArrayOutputStream wire = new ByteArrayOutputStream();
                    for (int k = random.nextInt(1, 4); k > 0; k--) {
                        Expected e = request(random);
                        wire.writeBytes(e.wire);
                        batch.add(e);
                    }
                    out.write(wire.toByteArray());
                    for (Expected e : batch) {
                        String verdict = check(in, e);
                        if (verdict == null) {
                            tally.ok.incrementAndGet();
                        } else if (verdict.startsWith("CORRUPT")) {
                            tally.corrupt.incrementAndGet();
                            if (tally.examples.size() < 5) {
                                tally.examples.add(verdict);
                            }
                            return;
                        } else {
                            tally.failed.incrementAndGet();
                            throw new IOException(verdict);   // this connection is done
                        }
                    }
                }
            } catch (IOException e) {
                tally.failed.incrementAndGet();
            }
        }
    }

    /** A request and what its answer must carry. */
    record Expected(byte[] wire, String what, boolean head, byte[] body) {
    }

    private static Expected request(SplittableRandom random) {
        int kind = random.nextInt(10);
        if (kind < 5) {
            int f = random.nextInt(files.length);
            byte[] whole = files[f];
            String range = "";
            byte[] body = whole;
            if (kind == 4 && whole.length > 1) {
                int first = random.nextInt(whole.length);
                int last = random.nextInt(first, whole.length);
                range = "Range: bytes=" + first + "-" + last + "\r\n";
                body = Arrays.copyOfRange(whole, first, last + 1);
            }
            return new Expected(("GET /f" + f + " HTTP/1.1\r\nHost: t\r\n" + range + "\r\n").getBytes(StandardCharsets.US_ASCII),
                    "GET /f" + f + " " + range.strip(), false, body);
        }
        if (kind < 7) {
            byte[] body = new byte[random.nextInt(70_000)];
            random.nextBytes(body);
            byte[] head = ("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            byte[] wire = Arrays.copyOf(head, head.length + body.length);
            System.arraycopy(body, 0, wire, head.length, body.length);
            return new Expected(wire, "POST /echo " + body.length, false, body);
        }
        if (kind < 9) {
            return new Expected("GET /plaintext HTTP/1.1\r\nHost: t\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
                    "GET /plaintext", false, "Hello, World!".getBytes(StandardCharsets.US_ASCII));
        }
        int f = random.nextInt(files.length);
        return new Expected(("HEAD /f" + f + " HTTP/1.1\r\nHost: t\r\n\r\n").getBytes(StandardCharsets.US_ASCII),
                "HEAD /f" + f, true, files[f]);
    }

    /**
     * Reads one answer: null when it is right; "CORRUPT ..." when a success carries other bytes
     * or another length than it must; any other text when it failed (error status, end of stream).
     */
    private static String check(InputStream in, Expected e) throws IOException {
        String head = readHead(in);
        if (head == null) {
            return "closed before the answer to " + e.what;
        }
        String[] lines = head.split("\r\n");
        int status = Integer.parseInt(lines[0].substring(9, 12));
        long length = -1;
        for (String line : lines) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Long.parseLong(line.substring(15).strip());
            }
        }
        if (status != 200 && status != 206) {
            skip(in, e.head ? 0 : Math.max(length, 0));
            return "status " + status + " for " + e.what;
        }
        if (length != e.body.length) {
            return "CORRUPT " + e.what + ": Content-Length " + length + ", must be " + e.body.length;
        }
        if (e.head) {
            return null;
        }
        MessageDigest sha = sha256();
        byte[] buf = new byte[65536];
        long left = length;
        while (left > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                return "body cut short for " + e.what;   // a failed answer, not a wrong one
            }
            sha.update(buf, 0, n);
            left -= n;
        }
        byte[] got = sha.digest();
        return Arrays.equals(got, sha256().digest(e.body)) ? null
                : "CORRUPT " + e.what + ": SHA-256 " + HexFormat.of().formatHex(got);
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int state = 0;
        while (state < 4) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3)) ? state + 1
                    : b == '\r' ? 1 : 0;
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static void skip(InputStream in, long n) throws IOException {
        while (n > 0) {
            long k = in.skip(n);
            if (k <= 0) {
                return;
            }
            n -= k;
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** Waits until the server holds no connection, at most 20 s (its idle timeout is 3 s). */
    private static void awaitIdle() throws IOException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (true) {
            serverIn.println("open");
            String answer = serverOut.readLine();
            assertTrue(answer != null, "server ended: " + serverErr());
            if (answer.equals("OPEN 0")) {
                return;
            }
            if (System.nanoTime() > deadline) {
                fail("server still holds connections: " + answer + "; " + fdList());
            }
            Thread.onSpinWait();
        }
    }

    private static long fds() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc/" + server.pid() + "/fd"))) {
            return s.count();
        }
    }

    private static String fdList() throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(Path.of("/proc/" + server.pid() + "/fd"))) {
            for (Path p : s.toList()) {
                try {
                    out.add(p.getFileName() + "->" + Files.readSymbolicLink(p));
                } catch (IOException e) {
                    // closed meanwhile
                }
            }
        }
        return out.toString();
    }

    /** The thread ids of the server's event loops, from their names in /proc. */
    private static List<Long> loopThreads() throws IOException {
        List<Long> tids = new ArrayList<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/" + server.pid() + "/task"))) {
            for (Path task : tasks.toList()) {
                if (Files.readString(task.resolve("comm")).strip().matches("http-\\d+")) {
                    tids.add(Long.parseLong(task.getFileName().toString()));
                }
            }
        }
        assertEquals(2, tids.size(), "loop threads of the server");
        return tids;
    }

    private static String serverErr() {
        try {
            return "server stderr: " + Files.readString(dir.resolve("server.err"));
        } catch (IOException e) {
            return "no server stderr: " + e;
        }
    }

    /** strace attached to the loop threads alone, injecting; detached (SIGTERM) on close. */
    private record Tracer(Process strace) implements AutoCloseable {
        static Tracer attach(List<Long> tids, String... injections) throws Exception {
            List<String> command = new ArrayList<>(List.of("strace", "-qq", "-o", "/dev/null",
                    "-e", "trace=sendto,sendmsg,sendfile,recvfrom,accept4,epoll_ctl,openat"));
            for (String injection : injections) {
                command.add("-e");
                command.add("inject=" + injection);
            }
            for (long tid : tids) {
                command.add("-p");
                command.add(Long.toString(tid));
            }
            Process strace = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("strace.out").toFile()).start();
            long deadline = System.nanoTime() + 10_000_000_000L;
            for (long tid : tids) {
                Path status = Path.of("/proc/" + server.pid() + "/task/" + tid + "/status");
                while (!Files.readString(status).contains("TracerPid:\t" + strace.pid() + "\n")) {
                    if (!strace.isAlive() || System.nanoTime() > deadline) {
                        strace.destroyForcibly();
                        fail("strace did not attach: " + Files.readString(dir.resolve("strace.out")));
                    }
                    Thread.onSpinWait();
                }
            }
            return new Tracer(strace);
        }

        @Override
        public void close() throws Exception {
            strace.destroy();   // SIGTERM: strace detaches from every thread and exits
            if (!strace.waitFor(10, TimeUnit.SECONDS)) {
                strace.destroyForcibly();
                fail("strace did not detach");
            }
        }
    }

}
