package io.epoll4j.http;

import io.epoll4j.testing.ChildJvm;
import io.epoll4j.testing.Tools;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.module.ResolvedModule;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An OutOfMemoryError on a loop thread ends the process with a message and a non-zero status,
 * instead of leaving a zombie whose port accepts and whose loops serve nothing.
 */
class FatalLoopErrorTest {

    @Test
    void outOfMemoryOnALoopExitsTheProcessWithStatus70(@TempDir Path tmp) throws Exception {
        Path err = tmp.resolve("stderr.txt");
        List<String> command = List.of(ChildJvm.java(), "--enable-native-access=io.epoll4j.core",
                "-p", modulePath(), "--add-modules", "io.epoll4j.http",
                Tools.repoRoot().resolve("epoll4j-http/src/test/resources/FatalLoopServer.java").toString());
        Process process = new ProcessBuilder(command).redirectError(err.toFile()).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String first = out.readLine();   // the source launcher compiles first: a few seconds
            if (first == null || !first.startsWith("port ")) {
                fail("no port printed: " + first + "\n" + Files.readString(err));
            }
            int port = Integer.parseInt(first.substring(5).trim());
            try (RawClient client = new RawClient(port)) {
                client.send("GET /oom HTTP/1.1\r\nHost: t\r\n\r\n");
                assertTrue(client.closesWithin(java.time.Duration.ofSeconds(30)), "the connection stays open");
            } catch (java.io.IOException e) {
                // a reset is as good: the process is gone
            }
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "still running 30 s after the loop's OutOfMemoryError");
            String stderr = Files.readString(err);
            assertEquals(HttpServer.FATAL_EXIT_STATUS, process.exitValue(), stderr);
            assertTrue(stderr.contains("OutOfMemoryError") && stderr.contains("exiting"), stderr);
        } finally {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

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
