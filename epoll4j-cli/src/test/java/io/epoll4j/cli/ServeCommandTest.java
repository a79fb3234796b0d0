package io.epoll4j.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code epoll4j serve} as a child process, run as the launcher runs it: it prints its URL,
 * serves, logs, and on SIGTERM or SIGHUP finishes what is in flight and exits 0.
 */
class ServeCommandTest {
    private static final Pattern URL = Pattern.compile("epoll4j serve: http://127\\.0\\.0\\.1:(\\d+)/");

    /** A running {@code serve} and its stdout lines. */
    private record Serve(Process process, BlockingQueue<String> lines, int port, Path stderr) implements AutoCloseable {
        static Serve start(Path tmp, String... options) throws Exception {
            Path stderr = tmp.resolve("stderr.txt");
            List<String> args = new java.util.ArrayList<>(List.of("serve", "--port", "0", "--threads", "1"));
            args.addAll(List.of(options));
            Process process = new ProcessBuilder(CliProcess.command(CliProcess.modulePath(), args.toArray(String[]::new)))
                    .redirectError(stderr.toFile()).start();
            BlockingQueue<String> lines = new LinkedBlockingQueue<>();
            Thread.ofVirtual().start(() -> {
                try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line; (line = out.readLine()) != null; ) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    // the process ended
                }
            });
            String first = lines.poll(60, TimeUnit.SECONDS);
            if (first == null) {
                process.destroyForcibly();
                fail("no URL printed within 60 s\n" + Files.readString(stderr));
            }
            Matcher m = URL.matcher(first);
            assertTrue(m.find(), first);
            return new Serve(process, lines, Integer.parseInt(m.group(1)), stderr);
        }

        void signal(String name) throws Exception {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
            assertTrue(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0, "kill -" + name);
        }

        int awaitExit() throws Exception {
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "still running 60 s after the signal");
            return process.exitValue();
        }

        String err() throws IOException {
            return Files.readString(stderr);
        }

        @Override
        public void close() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void servesLogsThenExitsZeroOnSigterm(@TempDir Path tmp) throws Exception {
        Path root = Files.createDirectory(tmp.resolve("www"));
        Files.writeString(root.resolve("hello.txt"), "hello from the root\n");
        try (Serve serve = Serve.start(tmp, "--root", root.toString(), "--access-log")) {
            try (Socket socket = connect(serve.port())) {
                socket.getOutputStream().write(("GET /plaintext HTTP/1.1\r\nHost: t\r\n\r\n"
                        + "GET /hello.txt HTTP/1.1\r\nHost: t\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                InputStream in = socket.getInputStream();
                assertEquals("Hello, World!", new String(readBody(in), StandardCharsets.UTF_8));
                assertEquals("hello from the root\n", new String(readBody(in), StandardCharsets.UTF_8));
            }
            String logged = serve.lines().poll(10, TimeUnit.SECONDS);
            assertTrue(logged != null && logged.matches("127\\.0\\.0\\.1 - - \\[.*\\] \"GET /plaintext HTTP/1\\.1\" 200 13"),
                    "a Common Log Format line: " + logged);

            serve.signal("TERM");
            assertEquals(0, serve.awaitExit(), serve.err());
            assertTrue(serve.err().contains("SIGTERM"), serve.err());
            assertThrows(ConnectException.class, () -> connect(serve.port()).close(), "still listening");
        }
    }

    @Test
    void accessLogGoesToTheFileNamed(@TempDir Path tmp) throws Exception {
        Path log = tmp.resolve("access.log");
        Files.writeString(log, "an older line\n");
        try (Serve serve = Serve.start(tmp, "--root", tmp.toString(), "--access-log=" + log)) {
            try (Socket socket = connect(serve.port())) {
                socket.getOutputStream().write("GET /json HTTP/1.1\r\nHost: t\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                readBody(socket.getInputStream());
            }
            serve.signal("TERM");
            assertEquals(0, serve.awaitExit(), serve.err());
            List<String> lines = Files.readAllLines(log);
            assertEquals("an older line", lines.getFirst(), "the file is appended to");
            assertEquals(2, lines.size(), lines.toString());
            assertTrue(lines.get(1).matches("127\\.0\\.0\\.1 - - \\[.*\\] \"GET /json HTTP/1\\.1\" 200 \\d+"), lines.get(1));
            assertTrue(serve.lines().isEmpty(), "nothing logged on stdout: " + serve.lines());
        }
    }

    @Test
    void sighupDrainsLikeSigtermAndNeverCutsADownload(@TempDir Path tmp) throws Exception {
        byte[] file = new byte[64 << 20];   // 64 MiB: far more than the socket buffers hold
        new Random(7).nextBytes(file);
        Files.write(tmp.resolve("big.bin"), file);
        try (Serve serve = Serve.start(tmp, "--root", tmp.toString());
             Socket socket = connect(serve.port())) {
            socket.setReceiveBufferSize(64 * 1024);
            socket.getOutputStream().write("GET /big.bin HTTP/1.1\r\nHost: t\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            String head = readHead(in);
            assertTrue(head.startsWith("HTTP/1.1 200"), head);
            byte[] first = in.readNBytes(1 << 20);   // the download is under way ...
            serve.signal("HUP");                     // ... when the terminal goes away
            byte[] rest = in.readNBytes(file.length - first.length);
            byte[] got = Arrays.copyOf(first, file.length);
            System.arraycopy(rest, 0, got, first.length, rest.length);
            assertEquals(file.length, first.length + rest.length, "the download was cut");
            assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(file),
                    MessageDigest.getInstance("SHA-256").digest(got));
            assertEquals(0, serve.awaitExit(), serve.err());
            assertTrue(serve.err().contains("SIGHUP, finishing responses in flight"), serve.err());
        }
    }

    @Test
    void servesDotfilesOnlyWhenAllowedAndASecondServeOnItsPortFailsWithAddressInUse(@TempDir Path tmp)
            throws Exception {
        Path root = Files.createDirectory(tmp.resolve("www"));
        Files.writeString(root.resolve(".env"), "PASSWORD=x\n");
        Path firstDir = Files.createDirectory(tmp.resolve("first"));
        try (Serve first = Serve.start(firstDir, "--threads", "2", "--root", root.toString(), "--dotfiles", "allow")) {
            assertEquals("PASSWORD=x\n", get(first.port(), "/.env"));
            Path secondErr = tmp.resolve("second.err");
            Process second = new ProcessBuilder(CliProcess.command(CliProcess.modulePath(), "serve", "--port",
                    Integer.toString(first.port()), "--root", root.toString())).redirectError(secondErr.toFile()).start();
            try {
                assertTrue(second.waitFor(60, TimeUnit.SECONDS), "a second serve on a port in use is running");
                assertEquals(1, second.exitValue());
                assertTrue(Files.readString(secondErr).contains("EADDRINUSE"), Files.readString(secondErr));
            } finally {
                second.destroyForcibly();
            }
            assertEquals("Hello, World!", get(first.port(), "/plaintext"), "the first one still serves");
        }
        Path thirdDir = Files.createDirectory(tmp.resolve("third"));
        try (Serve denying = Serve.start(thirdDir, "--root", root.toString());
             Socket socket = connect(denying.port())) {
            socket.getOutputStream().write("GET /.env HTTP/1.1\r\nHost: t\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertTrue(readHead(socket.getInputStream()).startsWith("HTTP/1.1 404"), "dotfiles are denied by default");
        }
    }

    private static String get(int port, String path) throws IOException {
        try (Socket socket = connect(port)) {
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: t\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            return new String(readBody(socket.getInputStream()), StandardCharsets.UTF_8);
        }
    }

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(30_000);
        return socket;
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int state = 0;
        while (state < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("end of stream in a response head: " + head);
            }
            head.write(b);
            state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    /** One response's body, framed by its Content-Length. */
    private static byte[] readBody(InputStream in) throws IOException {
        String head = readHead(in);
        Matcher m = Pattern.compile("(?i)content-length: (\\d+)").matcher(head);
        assertTrue(m.find(), head);
        return in.readNBytes(Integer.parseInt(m.group(1)));
    }
}
