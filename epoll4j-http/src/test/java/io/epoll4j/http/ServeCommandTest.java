package io.epoll4j.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.module.ResolvedModule;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code epoll4j serve} as a child process: it prints its URL, serves, and on SIGTERM finishes
 * and exits 0.
 *
 * <p>How it is launched: the cli module is built after this one in the reactor, so its jar may
 * not exist yet, and the {@code ./epoll4j} launcher would run Maven from inside Maven. The
 * test therefore runs the CLI from its sources with the JDK's source launcher (JEP 458, which
 * compiles the whole module tree in memory), on the module path of the core, net and http
 * modules this JVM runs: the same code as the jar, always current, no second build.
 */
class ServeCommandTest {
    private static final Pattern URL = Pattern.compile("epoll4j serve: http://127\\.0\\.0\\.1:(\\d+)/");

    @Test
    void servesThenExitsZeroOnSigterm(@TempDir Path tmp) throws Exception {
        Path root = Files.createDirectory(tmp.resolve("www"));
        Files.writeString(root.resolve("hello.txt"), "hello from the root\n");
        Path err = tmp.resolve("stderr.txt");
        List<String> command = new ArrayList<>(List.of(javaBinary(), "--enable-native-access=io.epoll4j.core",
                "-p", modulePath(), Tools.repoRoot().resolve("epoll4j-cli/src/main/java/io/epoll4j/cli/Main.java").toString(),
                "serve", "--port", "0", "--threads", "1", "--root", root.toString(), "--access-log"));
        Process process = new ProcessBuilder(command).redirectError(err.toFile()).start();
        try {
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
            // Compiling the CLI from source takes a few seconds on a busy machine.
            String first = lines.poll(60, TimeUnit.SECONDS);
            if (first == null) {
                fail("no URL printed within 60 s; alive " + process.isAlive() + "\n" + Files.readString(err));
            }
            Matcher m = URL.matcher(first);
            assertTrue(m.find(), first);
            int port = Integer.parseInt(m.group(1));

            try (RawClient client = new RawClient(port)) {
                client.send("GET /plaintext HTTP/1.1\r\nHost: t\r\n\r\nGET /hello.txt HTTP/1.1\r\nHost: t\r\n\r\n");
                assertEquals("Hello, World!", client.read().text());
                assertEquals("hello from the root\n", client.read().text());
            }
            assertTrue(lines.poll(10, TimeUnit.SECONDS).contains("GET /plaintext HTTP/1.1 200"));

            process.destroy();   // SIGTERM
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "still running 30 s after SIGTERM");
            assertEquals(0, process.exitValue(), Files.readString(err));
            assertTrue(Files.readString(err).contains("SIGTERM"), Files.readString(err));
            GracefulShutdownTest.awaitRefused(port, java.time.Duration.ofSeconds(1));
        } finally {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void servesDotfilesOnlyWhenAllowedAndASecondServeOnItsPortFailsWithAddressInUse(@TempDir Path tmp)
            throws Exception {
        Path root = Files.createDirectory(tmp.resolve("www"));
        Files.writeString(root.resolve(".env"), "PASSWORD=x\n");
        Process first = serve(tmp.resolve("first.err"), "--port", "0", "--threads", "2", "--root", root.toString(),
                "--dotfiles", "allow");
        try {
            int port = port(first, tmp.resolve("first.err"));
            try (RawClient client = new RawClient(port)) {
                client.send("GET /.env HTTP/1.1\r\nHost: t\r\n\r\n");
                assertEquals("PASSWORD=x\n", client.read().text());
            }
            Path secondErr = tmp.resolve("second.err");
            Process second = serve(secondErr, "--port", Integer.toString(port), "--root", root.toString());
            try {
                assertTrue(second.waitFor(60, TimeUnit.SECONDS), "a second serve on a port in use is running");
                assertEquals(1, second.exitValue());
                assertTrue(Files.readString(secondErr).contains("EADDRINUSE"), Files.readString(secondErr));
            } finally {
                second.destroyForcibly();
            }
            try (RawClient client = new RawClient(port)) {   // the first one still serves
                client.send("GET /plaintext HTTP/1.1\r\nHost: t\r\n\r\n");
                assertEquals("Hello, World!", client.read().text());
            }
        } finally {
            first.destroyForcibly();
            first.waitFor(10, TimeUnit.SECONDS);
        }
        Process denying = serve(tmp.resolve("third.err"), "--port", "0", "--threads", "1", "--root", root.toString());
        try (RawClient client = new RawClient(port(denying, tmp.resolve("third.err")))) {
            client.send("GET /.env HTTP/1.1\r\nHost: t\r\n\r\n");
            assertEquals(404, client.read().status());
        } finally {
            denying.destroyForcibly();
            denying.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static Process serve(Path err, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(javaBinary(), "--enable-native-access=io.epoll4j.core",
                "-p", modulePath(), Tools.repoRoot().resolve("epoll4j-cli/src/main/java/io/epoll4j/cli/Main.java").toString(),
                "serve"));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectError(err.toFile()).start();
    }

    /** The port the serve process prints in its first line (compiling from source takes a few seconds). */
    private static int port(Process process, Path err) throws Exception {
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
            fail("no URL printed within 60 s; alive " + process.isAlive() + "\n" + Files.readString(err));
        }
        Matcher m = URL.matcher(first);
        assertTrue(m.find(), first);
        return Integer.parseInt(m.group(1));
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** Where this JVM found the core, net and http modules (jars or class directories). */
    private static String modulePath() {
        List<String> entries = new ArrayList<>();
        for (String name : List.of("io.epoll4j.core", "io.epoll4j.net", "io.epoll4j.http")) {
            ResolvedModule module = HttpServer.class.getModule().getLayer().configuration().findModule(name)
                    .orElseThrow(() -> new AssertionError(name + " is not in the test's module layer"));
            URI location = module.reference().location().orElseThrow();
            entries.add(Path.of(location).toString());
        }
        return String.join(java.io.File.pathSeparator, entries);
    }
}
