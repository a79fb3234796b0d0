package io.epoll4j.bench.jmh;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The C floor of {@link SyscallFloorBench}: compiles {@code bench/c/syscall_floor.c} with
 * {@code gcc -O2} into {@code epoll4j-bench/target/} (again whenever the source is newer) and
 * runs it, returning nanoseconds per call by name ({@code epoll_ctl_mod},
 * {@code eventfd_write_read}, {@code epoll_wait_0}, {@code epoll_pwait2_0}).
 */
final class CFloor {
    private static final String SOURCE = "bench/c/syscall_floor.c";
    private static final String BINARY = "epoll4j-bench/target/syscall_floor";

    private final Path root;

    private CFloor(Path root) {
        this.root = root;
    }

    /** Finds the repository root (the directory holding {@value #SOURCE}) from the working directory up. */
    static CFloor locate() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve(SOURCE))) {
                return new CFloor(p);
            }
        }
        throw new IllegalStateException("no " + SOURCE + " in the working directory or above it: "
                + "run from the repository");
    }

    /**
     * Runs {@code iterations} calls of each kind, {@code repeats} times, and returns each
     * call's median nanoseconds per call.
     */
    Map<String, Double> run(long iterations, int repeats) throws IOException, InterruptedException {
        Path binary = compile();
        String out = exec(List.of(binary.toString(), Long.toString(iterations), Integer.toString(repeats)));
        Map<String, Double> nsPerOp = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 2) {
                nsPerOp.put(f[0], Double.parseDouble(f[1]));
            }
        }
        if (nsPerOp.isEmpty()) {
            throw new IOException("syscall_floor printed nothing usable: " + out);
        }
        return nsPerOp;
    }

    private Path compile() throws IOException, InterruptedException {
        Path source = root.resolve(SOURCE);
        Path binary = root.resolve(BINARY);
        if (Files.isExecutable(binary)
                && Files.getLastModifiedTime(binary).compareTo(Files.getLastModifiedTime(source)) >= 0) {
            return binary;
        }
        Files.createDirectories(binary.getParent());
        exec(List.of("gcc", "-O2", "-Wall", "-o", binary.toString(), source.toString()));
        return binary;
    }

    private static String exec(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        StringBuilder out = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                out.append(line).append('\n');
            }
        }
        int status = p.waitFor();
        if (status != 0) {
            throw new IOException(String.join(" ", command) + " exited with " + status + ": " + out);
        }
        return out.toString();
    }
}
