package io.epoll4j.netty;

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
 */
final class Tools {

    /** The Debian packages that provide each command the tests run. */
    private static final Map<String, String> PACKAGES = Map.of(
            "curl", "curl",
            "wrk", "wrk");

    private static final Set<String> present = new HashSet<>();

    private Tools() {
    }

    /** What a finished process left: its exit status and everything it printed. */
    record Result(int exit, String out, String err) {
        Result requireSuccess(String what) {
            if (exit != 0) {
                throw new AssertionError(what + " exited " + exit + "\nstdout:\n" + out + "\nstderr:\n" + err);
            }
            return this;
        }
    }

    /** Makes sure {@code commands} are on the PATH, installing them with scripts/need.sh if not. */
    static synchronized void require(String... commands) throws IOException, InterruptedException {
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
    static Path repoRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("scripts/need.sh"))) {
                return dir;
            }
        }
        throw new IllegalStateException("scripts/need.sh not found above " + Path.of("").toAbsolutePath());
    }

    static Result run(Duration timeout, String... command) throws IOException, InterruptedException {
        return run(timeout, null, List.of(command));
    }

    /** Runs {@code command} in {@code dir} (null: here); kills it and fails past {@code timeout}. */
    static Result run(Duration timeout, Path dir, List<String> command) throws IOException, InterruptedException {
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
