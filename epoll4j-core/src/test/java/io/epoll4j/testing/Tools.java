package io.epoll4j.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * External clients for the tests: installs them through the project's {@code scripts/need.sh}
 * (once per JVM and command) and runs them with a deadline, output captured to files so a
 * chatty process never blocks on a full pipe.
 *
 * {@snippet :
 * Tools.require("curl");
 * Tools.Result r = Tools.run(Duration.ofSeconds(30), "curl", "-s", "http://127.0.0.1:8080/")
 *         .requireSuccess("curl");
 * assertEquals("Hello", r.out());
 * }
 */
public final class Tools {

    /** The Debian packages that provide each command the tests run. */
    private static final Map<String, String> PACKAGES = Map.of(
            "curl", "curl",
            "wrk", "wrk",
            "h2load", "nghttp2-client",
            "python3", "python3",
            "node", "nodejs",
            "nginx", "nginx",
            "strace", "strace",
            // Without a font, headless Chromium renders text as nothing at all.
            "chromium", "chromium,fonts-dejavu-core");

    private static final Set<String> present = new HashSet<>();

    private Tools() {
    }

    /**
     * What a finished process left: its exit status and everything it printed.
     *
     * @param exit its exit status
     * @param out  its standard output, decoded as ISO-8859-1 (every byte one char)
     * @param err  its standard error, likewise
     */
    public record Result(int exit, String out, String err) {
        /** This result, or an AssertionError naming {@code what} with both outputs when it exited non-zero. */
        public Result requireSuccess(String what) {
            if (exit != 0) {
                throw new AssertionError(what + " exited " + exit + "\nstdout:\n" + out + "\nstderr:\n" + err);
            }
            return this;
        }
    }

    /** Makes sure {@code commands} are on the PATH, installing them with scripts/need.sh if not. */
    public static synchronized void require(String... commands) throws IOException, InterruptedException {
        List<String> specs = new ArrayList<>();
        for (String command : commands) {
            String pkg = PACKAGES.get(command);
            if (pkg == null) {
                throw new IllegalArgumentException("no package known for " + command);
            }
            if (!present.contains(command)) {
                specs.add(command + ":" + pkg);
            }
        }
        if (specs.isEmpty()) {
            return;
        }
        List<String> argv = new ArrayList<>();
        argv.add(repoRoot().resolve("scripts/need.sh").toString());
        argv.addAll(specs);
        // apt-get update and a Chromium install take a minute or two on a fresh machine.
        run(Duration.ofMinutes(10), repoRoot(), argv).requireSuccess("scripts/need.sh " + specs);
        present.addAll(List.of(commands));
    }

    /** The repository's root: the nearest directory up from here that holds scripts/need.sh. */
    public static Path repoRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("scripts/need.sh"))) {
                return dir;
            }
        }
        throw new IllegalStateException("scripts/need.sh not found above " + Path.of("").toAbsolutePath());
    }

    /** Runs {@code command} here; kills it and fails past {@code timeout}. */
    public static Result run(Duration timeout, String... command) throws IOException, InterruptedException {
        return run(timeout, null, List.of(command));
    }

    /** Runs {@code command} in {@code dir} (null: here); kills it and fails past {@code timeout}. */
    public static Result run(Duration timeout, Path dir, List<String> command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("tool-out", ".txt");
        Path err = Files.createTempFile("tool-err", ".txt");
        try {
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            if (dir != null) {
                builder.directory(dir.toFile());
            }
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout
                        + "\nstdout:\n" + Files.readString(out, StandardCharsets.ISO_8859_1)
                        + "\nstderr:\n" + Files.readString(err, StandardCharsets.ISO_8859_1));
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.ISO_8859_1),
                    Files.readString(err, StandardCharsets.ISO_8859_1));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
