package io.epoll4j.bench;

import io.epoll4j.bench.peer.Peer;
import io.epoll4j.bench.run.ChildProcesses;
import io.epoll4j.bench.run.IdleClient;
import io.epoll4j.bench.run.IdleResult;
import io.epoll4j.bench.run.LoadCase;
import io.epoll4j.bench.run.ProcStats;
import io.epoll4j.bench.run.ServerProcess;
import io.epoll4j.bench.run.Wrk;
import io.epoll4j.bench.run.WrkResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The idle-scale test: how much memory an idle keep-alive connection costs a server, and how
 * many requests per second the busy connections lose while many idle ones are registered.
 * The idle connections come from {@link IdleClient}, a separate process on the client core.
 */
final class IdleScale {

    private static final LoadCase BUSY = LoadCase.named("c256");

    private final BenchOptions options;
    private final Wrk wrk;
    private final Path work;

    IdleScale(BenchOptions options, Wrk wrk, Path work) {
        this.options = options;
        this.wrk = wrk;
        this.work = work;
    }

    /** Measures one peer; throws with a one-line reason when it cannot. */
    IdleResult measure(Peer peer) throws Exception {
        try (ServerProcess server = ServerProcess.start(peer, BenchMain.HOST, BenchMain.SERVER_CORE,
                work, "idle", BenchMain.START_TIMEOUT_MS)) {
            wrk.run(BenchMain.HOST, server.port(), BUSY, options.firstWarmup() + options.warmup());
            WrkResult baseline = wrk.run(BenchMain.HOST, server.port(), BUSY, options.duration());
            long before = ProcStats.rssKiB(server.handle());
            Process client = startClient(server.port());
            int held;
            long after;
            WrkResult loaded;
            try {
                held = awaitReady(client);
                Thread.sleep(1000); // let the server finish registering the last ones
                after = ProcStats.rssKiB(server.handle());
                loaded = wrk.run(BenchMain.HOST, server.port(), BUSY, options.duration());
            } finally {
                try {
                    client.getOutputStream().close(); // the client's cue to close and exit
                } catch (IOException ignored) {
                    // already gone
                }
                ChildProcesses.kill(client);
            }
            // A second baseline after the idle connections are gone: the mean of the two
            // cancels a slow drift of the shared machine instead of blaming it on idleness.
            WrkResult baseline2 = wrk.run(BenchMain.HOST, server.port(), BUSY, options.duration());
            if (!server.alive()) {
                throw new IOException("server died: " + server.logTail());
            }
            return new IdleResult(peer.name(), held, before, after,
                    (baseline.rps() + baseline2.rps()) / 2, loaded.rps());
        }
    }

    private Process startClient(int port) throws IOException {
        int sources = Math.max(1, (options.idle() + 3999) / 4000);
        List<String> cmd = List.of("taskset", "-c", Integer.toString(BenchMain.CLIENT_CORE),
                ProcessHandle.current().info().command().orElse("java"), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), IdleClient.class.getName(),
                BenchMain.HOST, Integer.toString(port), Integer.toString(options.idle()),
                Integer.toString(sources));
        return ChildProcesses.start(new ProcessBuilder(cmd)
                .redirectError(work.resolve("idle-client.log").toFile()));
    }

    private static int awaitReady(Process client) throws Exception {
        var out = new BufferedReader(new InputStreamReader(client.getInputStream()));
        String line = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                return null;
            }
        }).get(120, TimeUnit.SECONDS);
        if (line == null || !line.startsWith("ready ")) {
            throw new IOException("idle client: " + line);
        }
        return Integer.parseInt(line.substring(6).trim());
    }
}
