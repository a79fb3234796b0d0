package io.epoll4j.bench.peer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The C epoll floor, {@code bench/c/epoll_server.c}, compiled here with {@code gcc -O2}. */
final class CFloorPeer implements Peer {

    private final Path source;
    private Path binary;

    CFloorPeer(Path repo) {
        this.source = repo.resolve("bench/c/epoll_server.c");
    }

    @Override
    public String name() {
        return "c-floor";
    }

    @Override
    public String description() {
        return "C, one thread, epoll edge-triggered (bench/c/epoll_server.c, gcc -O2)";
    }

    @Override
    public Optional<String> prepare(Path work) {
        if (!Files.isRegularFile(source)) {
            return Optional.of("source not found: " + source);
        }
        binary = work.resolve("epoll_server");
        try {
            Process gcc = new ProcessBuilder("gcc", "-O2", "-o", binary.toString(), source.toString())
                    .redirectErrorStream(true).start();
            String out = new String(gcc.getInputStream().readAllBytes());
            if (gcc.waitFor() != 0) {
                return Optional.of("gcc failed: " + out.strip());
            }
            return Optional.empty();
        } catch (Exception e) {
            return Optional.of("gcc not runnable (bench/setup.sh installs it): " + e.getMessage());
        }
    }

    @Override
    public List<String> command(String host, int port, int threads, Path work) {
        // Single-threaded by design; more cores would need one process per core.
        return List.of(binary.toString(), host, Integer.toString(port));
    }
}
