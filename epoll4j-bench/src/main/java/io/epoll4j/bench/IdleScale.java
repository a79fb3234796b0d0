package io.epoll4j.bench;

import io.epoll4j.bench.peer.Peer;
import io.epoll4j.bench.run.ChildProcesses;
import io.epoll4j.bench.run.HeapHistogram;
import io.epoll4j.bench.run.IdleClient;
import io.epoll4j.bench.run.IdleResult;
import io.epoll4j.bench.run.LoadCase;
import io.epoll4j.bench.run.LoadRun;
import io.epoll4j.bench.run.ProcStats;
import io.epoll4j.bench.run.ServerProcess;
import io.epoll4j.bench.run.Wrk;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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

    /** How many growing classes the report names. */
    private static final int TOP_CLASSES = 10;
    private static final Path JCMD = Path.of(System.getProperty("java.home"), "bin", "jcmd");

    /** Planned seconds of one measurement (start, warm-ups, three phases of runs). */
    static long plannedSeconds(BenchOptions o) {
        return 4L + o.firstWarmup() + o.warmup() + 3L * o.rounds() * o.duration();
    }

    /**
     * Measures one peer with {@code count} idle connections; throws with a one-line reason when
     * it cannot. Live heap from a class histogram (a full GC first) before, with them, and after
     * the client closed them; RSS and open fds at the same three moments. The busy load runs
     * {@code rounds} times in each of three phases (before, with them, after they closed): one
     * run of a shared machine varies by ±10 %, far more than the effect measured, so the
     * report compares medians, of req/s and of server CPU per request.
     */
    IdleResult measure(Peer peer, int count) throws Exception {
        try (ServerProcess server = ServerProcess.start(peer, BenchMain.HOST, BenchMain.SERVER_CORE,
                work, "idle-" + count, BenchMain.START_TIMEOUT_MS)) {
            wrk.run(BenchMain.HOST, server.port(), BUSY, options.firstWarmup() + options.warmup());
            BenchMain.settleJit(server, wrk, options);
            List<LoadRun> without = new ArrayList<>(runs(server));
            Optional<HeapHistogram> heapBefore = HeapHistogram.of(server.handle(), JCMD);
            long before = ProcStats.rssKiB(server.handle());
            long fdsBefore = HeapHistogram.openFds(server.handle());
            Process client = startClient(server.port(), count);
            int held;
            long after;
            long fdsWith;
            Optional<HeapHistogram> heapWith;
            List<LoadRun> with;
            try {
                held = awaitReady(client);
                awaitFds(server, fdsBefore + held, true, Duration.ofSeconds(30)); // all accepted
                heapWith = HeapHistogram.of(server.handle(), JCMD);
                after = ProcStats.rssKiB(server.handle());
                fdsWith = HeapHistogram.openFds(server.handle());
                with = runs(server);
            } finally {
                try {
                    client.getOutputStream().close(); // the client's cue to close and exit
                } catch (IOException ignored) {
                    // already gone
                }
                ChildProcesses.kill(client);
            }
            long fdsClosed = awaitFds(server, fdsBefore, false, Duration.ofSeconds(30));
            // The baseline is taken before and after the idle connections: its median over both
            // phases cancels a slow drift of the shared machine instead of blaming it on idleness.
            without.addAll(runs(server));
            Optional<HeapHistogram> heapClosed = HeapHistogram.of(server.handle(), JCMD);
            long closed = ProcStats.rssKiB(server.handle());
            if (!server.alive()) {
                throw new IOException("server died: " + server.logTail());
            }
            List<String> top = heapBefore.isPresent() && heapWith.isPresent()
                    ? heapWith.get().topGrowth(heapBefore.get(), TOP_CLASSES) : List.of();
            List<String> left = heapBefore.isPresent() && heapClosed.isPresent()
                    ? heapClosed.get().topGrowth(heapBefore.get(), TOP_CLASSES) : List.of();
            return new IdleResult(peer.name(), held, before, after, closed,
                    heapBefore.map(HeapHistogram::bytes).orElse(-1L), heapWith.map(HeapHistogram::bytes).orElse(-1L),
                    heapClosed.map(HeapHistogram::bytes).orElse(-1L), top, left, fdsBefore, fdsWith, fdsClosed,
                    without, with);
        }
    }

    /** {@code rounds} runs of the busy load, each with the server CPU it cost. */
    private List<LoadRun> runs(ServerProcess server) throws IOException {
        List<LoadRun> runs = new ArrayList<>();
        for (int i = 0; i < options.rounds(); i++) {
            runs.add(LoadRun.measure(wrk, BenchMain.HOST, server.port(), BUSY, options.duration(), server.handle()));
        }
        return runs;
    }

    /**
     * Waits until the server's fd count has risen to {@code target} ({@code up}) or fallen to it,
     * or the deadline passed; returns the last count.
     */
    private static long awaitFds(ServerProcess server, long target, boolean up, Duration deadline)
            throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        while (System.nanoTime() - end < 0) {
            long n = HeapHistogram.openFds(server.handle());
            if (up ? n >= target : n <= target) {
                return n;
            }
            Thread.sleep(100); // polling another process's /proc: there is no event to wait on
        }
        return HeapHistogram.openFds(server.handle());
    }

    private Process startClient(int port, int count) throws IOException {
        int sources = Math.max(1, (count + 3999) / 4000);
        List<String> cmd = List.of("taskset", "-c", Integer.toString(BenchMain.CLIENT_CORE),
                ProcessHandle.current().info().command().orElse("java"), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), IdleClient.class.getName(),
                BenchMain.HOST, Integer.toString(port), Integer.toString(count),
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
