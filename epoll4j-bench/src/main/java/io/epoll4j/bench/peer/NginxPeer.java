package io.epoll4j.bench.peer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * nginx from Debian's packages, one worker, {@code return 200 "Hello, World!"}, its
 * configuration generated from {@code bench/nginx/nginx.conf.template} into a private
 * directory (its own pid, log and temp paths, in the foreground, never the system daemon).
 */
final class NginxPeer implements Peer {

    private final Path template;
    private String nginx;

    NginxPeer(Path repo) {
        this.template = repo.resolve("bench/nginx/nginx.conf.template");
    }

    @Override
    public String name() {
        return "nginx";
    }

    @Override
    public String description() {
        return "nginx (Debian package), one process, return 200";
    }

    @Override
    public Optional<String> prepare(Path work) {
        for (String candidate : List.of("/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/bin/nginx")) {
            if (Files.isExecutable(Path.of(candidate))) {
                nginx = candidate;
            }
        }
        if (nginx == null) {
            return Optional.of("nginx not installed (bench/setup.sh installs it)");
        }
        return Files.isRegularFile(template) ? Optional.empty()
                : Optional.of("template not found: " + template);
    }

    @Override
    public List<String> command(String host, int port, int threads, Path work) throws IOException {
        Path dir = work.resolve("port-" + port);
        Files.createDirectories(dir);
        String conf = Files.readString(template)
                .replace("@DIR@", dir.toString())
                .replace("@HOST@", host)
                .replace("@PORT@", Integer.toString(port))
                .replace("@NOFILE@", "20000")
                .replace("@CONNECTIONS@", "16384");
        Files.writeString(dir.resolve("nginx.conf"), conf);
        // master_process off: the worker count is fixed at one process, one core.
        return List.of(nginx, "-p", dir + "/", "-c", dir.resolve("nginx.conf").toString(),
                "-e", dir.resolve("error.log").toString());
    }
}
