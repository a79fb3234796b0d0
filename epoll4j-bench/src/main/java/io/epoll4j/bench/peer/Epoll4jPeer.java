package io.epoll4j.bench.peer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * epoll4j's own HTTP server, started through the repository's launcher exactly as a user
 * would: {@code ./epoll4j serve --host H --port P --threads N}. The launcher picks the JDK
 * and the JVM options; the harness only pins it to the server core.
 */
final class Epoll4jPeer implements Peer {

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

    @Override
    public Optional<String> prepare(Path work) {
        return Files.isExecutable(launcher) ? Optional.empty()
                : Optional.of("launcher " + launcher + " not found or not executable");
    }

    @Override
    public List<String> command(String host, int port, int threads, Path work) {
        return List.of(launcher.toString(), "serve", "--host", host, "--port",
                Integer.toString(port), "--threads", Integer.toString(threads));
    }
}
