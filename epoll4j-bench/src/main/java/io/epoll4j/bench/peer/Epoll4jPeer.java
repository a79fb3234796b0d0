package io.epoll4j.bench.peer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * epoll4j's own HTTP server, started through the repository's launcher exactly as a user
 * would: {@code ./epoll4j serve --host H --port P --threads N}. The launcher picks the JDK
 * and the JVM options; the harness only pins it to the server core.
 */
final class Epoll4jPeer implements Peer {

    private static final long BUILD_TIMEOUT_S = 600;

    private final Path launcher;

    Epoll4jPeer(Path repo) {
        this.launcher = repo.resolve("epoll4j");
    }

    @Override
    public String name() {
        return "epoll4j";
    }

    @Override
    public String description() {
        return "epoll4j serve (./epoll4j serve --threads 1)";
    }

    /**
     * Runs {@code ./epoll4j limits} once, unpinned and unmeasured: the launcher builds the jars
     * on its first use or after a source changed, and that build must neither land on the
     * server core during a round nor eat the server's start timeout.
     */
    @Override
    public Optional<String> prepare(Path work) {
        if (!Files.isExecutable(launcher)) {
            return Optional.of("launcher " + launcher + " not found or not executable");
        }
        try {
            Path log = work.resolve("prepare.log");
            Process p = new ProcessBuilder(launcher.toString(), "limits")
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(BUILD_TIMEOUT_S, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                return Optional.of("./epoll4j limits did not finish within " + BUILD_TIMEOUT_S + " s");
            }
            if (p.exitValue() != 0) {
                List<String> lines = Files.readAllLines(log);
                return Optional.of("./epoll4j limits failed: "
                        + String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size())));
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("./epoll4j not runnable: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
    }

    @Override
    public List<String> command(String host, int port, int threads, Path work) {
        return List.of(launcher.toString(), "serve", "--host", host, "--port",
                Integer.toString(port), "--threads", Integer.toString(threads));
    }
}
