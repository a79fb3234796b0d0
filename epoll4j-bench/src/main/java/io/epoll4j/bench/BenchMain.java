package io.epoll4j.bench;

import io.epoll4j.bench.peer.Peer;
import io.epoll4j.bench.peer.Peers;
import io.epoll4j.bench.report.CaseSummary;
import io.epoll4j.bench.report.ChartWriter;
import io.epoll4j.bench.report.JsonReport;
import io.epoll4j.bench.report.MarkdownReport;
import io.epoll4j.bench.report.Results;
import io.epoll4j.bench.report.Target;
import io.epoll4j.bench.run.IdleResult;
import io.epoll4j.bench.run.JitWarmup;
import io.epoll4j.bench.run.LoadCase;
import io.epoll4j.bench.run.LoadRun;
import io.epoll4j.bench.run.ProcStats;
import io.epoll4j.bench.run.Sample;
import io.epoll4j.bench.run.ServerProcess;
import io.epoll4j.bench.run.Wrk;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The side-by-side macro benchmark: every peer serves GET /plaintext alone on one core while
 * wrk loads it from the other; rounds interleave the servers (A B C …, A B C …) so slow
 * drifts of a shared machine spread over all of them; the report takes medians.
 *
 * <pre>java -cp 'epoll4j-bench/target/epoll4j-bench-*.jar:epoll4j-bench/target/lib/*' \
 *     io.epoll4j.bench.BenchMain --quick</pre>
 *
 * Writes {@code bench/results/<time>.md|.json}, {@code latest.md}, {@code latest.json} and
 * {@code latest.png}, prints the Markdown on stdout and a progress bar on stderr.
 */
public final class BenchMain {

    static final String HOST = "127.0.0.1";
    static final int SERVER_CORE = 0;
    static final int CLIENT_CORE = 1;
    static final long START_TIMEOUT_MS = 60_000; // a launcher may compile or JIT first

    private final BenchOptions options;
    private final Wrk wrk;
    private final Path work;
    private final Progress progress;
    private final List<Sample> samples = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    private boolean peakResetWorks = true;

    private BenchMain(BenchOptions options, Path work, Progress progress) {
        this.options = options;
        this.wrk = new Wrk(options.repo().resolve("bench/lua"), CLIENT_CORE);
        this.work = work;
        this.progress = progress;
    }

    /** Entry point; exit status 2 on a usage error, 1 when nothing could be measured. */
    public static void main(String[] args) throws Exception {
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        for (String tool : List.of("wrk", "taskset")) {
            if (!onPath(tool)) {
                System.err.println(tool + " not found: run bench/setup.sh first");
                System.exit(1);
            }
        }
        String startedAt = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).toString();
        Path work = Files.createTempDirectory("epoll4j-bench-");
        List<Peer> peers = selectPeers(options);
        Map<String, String> ran = new LinkedHashMap<>();
        Map<String, String> skipped = new LinkedHashMap<>();
        List<Peer> ready = new ArrayList<>();
        for (Peer p : peers) {
            Path dir = Files.createDirectories(work.resolve(p.name()));
            var reason = p.prepare(dir);
            if (reason.isPresent()) {
                skipped.put(p.name(), reason.get());
                System.err.println("skipping " + p.name() + ": " + reason.get());
            } else {
                ready.add(p);
                ran.put(p.name(), p.description());
            }
        }
        List<Peer> idlePeers = options.idle().isEmpty() ? List.of() : ready.stream()
                .filter(p -> p.name().equals("epoll4j") || p.name().equals("netty-epoll")).toList();
        int perRun = options.warmup() + options.duration();
        long planned = (long) options.rounds() * ready.size()
                * (2 + options.firstWarmup() + (long) options.cases().size() * perRun)
                + (long) idlePeers.size() * options.idle().size() * IdleScale.plannedSeconds(options);
        int steps = options.rounds() * ready.size() * options.cases().size() + idlePeers.size() * options.idle().size();
        Progress progress = new Progress(steps, planned);
        BenchMain bench = new BenchMain(options, work, progress);

        for (int round = 1; round <= options.rounds(); round++) {
            for (Peer p : ready) {
                bench.runPeer(p, round);
            }
        }
        List<IdleResult> idle = new ArrayList<>();
        IdleScale idleScale = new IdleScale(options, bench.wrk, work);
        for (int count : options.idle()) {
            for (Peer p : idlePeers) {
                progress.begin("idle scale " + p.name() + " (" + count + " idle conns)");
                try {
                    idle.add(idleScale.measure(p, count));
                } catch (Exception e) {
                    bench.fail("idle scale " + p.name() + " at " + count + ": " + e.getMessage());
                }
                progress.end(IdleScale.plannedSeconds(options));
            }
        }
        progress.finish();

        List<CaseSummary> summaries = CaseSummary.of(bench.samples);
        Results results = new Results(startedAt, options.quick(), bench.settings(),
                MachineInfo.describe(), ran, skipped, bench.failures, options.cases(),
                bench.samples, summaries, Target.evaluate(summaries, bench.samples, options.cases()), idle);
        bench.write(results);
        deleteTree(work);
        System.exit(bench.samples.isEmpty() ? 1 : 0);
    }

    /** One server in one round: start, warm up, measure every case, stop. */
    private void runPeer(Peer p, int round) {
        String tag = "r" + round;
        int perRun = options.warmup() + options.duration();
        progress.begin("round " + round + "/" + options.rounds() + " " + p.name() + " starting");
        try (ServerProcess server = ServerProcess.start(p, HOST, SERVER_CORE,
                work.resolve(p.name()), tag, START_TIMEOUT_MS)) {
            // JIT warm-up right after start, so no measured case pays for compilation.
            wrk.run(HOST, server.port(), LoadCase.named("c256"), options.firstWarmup());
            int settled = settleJit(server, wrk, options);
            if (settled > 0) {
                progress.log(p.name() + ": " + settled + " s more warm-up until its JIT was quiet");
            }
            for (LoadCase c : options.cases()) {
                progress.begin("round " + round + "/" + options.rounds() + " " + p.name() + " " + c.name());
                try {
                    samples.add(measure(server, p, c, round));
                } catch (IOException e) {
                    fail(p.name() + " " + c.name() + " round " + round + ": " + e.getMessage());
                }
                progress.end(perRun);
                if (!server.alive()) {
                    fail(p.name() + " died in round " + round + ": " + server.logTail());
                    break;
                }
            }
        } catch (ServerProcess.StartFailure e) {
            fail(p.name() + " did not start in round " + round + ": " + e.getMessage());
            options.cases().forEach(c -> progress.end(perRun));
        } catch (IOException e) {
            fail(p.name() + " round " + round + ": " + e.getMessage());
        }
    }

    /** Seconds of c256 load per step of {@link #settleJit}. */
    private static final int SETTLE_STEP_SECONDS = 2;
    private static final Path JSTAT = Path.of(System.getProperty("java.home"), "bin", "jstat");

    /**
     * After the fixed warm-up, c256 load in short steps until the server's JIT compilers are
     * quiet (see {@link JitWarmup}); returns the seconds it added. Not in a quick run, which
     * is noisy anyway and must stay short.
     */
    static int settleJit(ServerProcess server, Wrk wrk, BenchOptions options) throws IOException {
        if (options.quick()) {
            return 0;
        }
        return JitWarmup.of(server.handle(), JSTAT).settle(() -> {
            wrk.run(HOST, server.port(), LoadCase.named("c256"), SETTLE_STEP_SECONDS);
            return SETTLE_STEP_SECONDS;
        });
    }

    private Sample measure(ServerProcess server, Peer p, LoadCase c, int round) throws IOException {
        wrk.run(HOST, server.port(), c, options.warmup()); // connections open, steady state
        peakResetWorks &= ProcStats.resetPeak(server.handle());
        LoadRun run = LoadRun.measure(wrk, HOST, server.port(), c, options.duration(), server.handle());
        long peak = ProcStats.peakRssKiB(server.handle());
        return new Sample(p.name(), c.name(), round, run, peak, server.responseBytes());
    }

    private void fail(String line) {
        failures.add(line);
        progress.log("FAILED " + line);
    }

    private Map<String, String> settings() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("rounds", Integer.toString(options.rounds()));
        m.put("measured seconds per run", Integer.toString(options.duration()));
        m.put("warm-up seconds per run", Integer.toString(options.warmup()));
        m.put("warm-up seconds after server start", options.quick() ? Integer.toString(options.firstWarmup())
                : options.firstWarmup() + ", then " + JitWarmup.rule(SETTLE_STEP_SECONDS));
        m.put("server core / wrk core", SERVER_CORE + " / " + CLIENT_CORE);
        m.put("wrk", "-t1 --timeout 2s, Lua report (bench/lua)");
        m.put("Java peers' JVM options", String.join(" ", options.jvmOptions()));
        m.put("peak RSS", peakResetWorks ? "VmHWM reset before each measured run (clear_refs)"
                : "VmHWM since server start (clear_refs not permitted)");
        m.put("idle connections", options.idle().isEmpty() ? "not measured"
                : options.idle().stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", ")));
        return m;
    }

    private void write(Results r) throws IOException {
        Files.createDirectories(options.out());
        String md = MarkdownReport.render(r);
        String json = JsonReport.render(r);
        String stamp = r.startedAt().replace(":", "-");
        Files.writeString(options.out().resolve(stamp + ".md"), md);
        Files.writeString(options.out().resolve(stamp + ".json"), json);
        Files.writeString(options.out().resolve("latest.md"), md);
        Files.writeString(options.out().resolve("latest.json"), json);
        try {
            ChartWriter.write(r, options.out().resolve("latest.png"));   // and latest-cpu.png
        } catch (Exception | Error e) {
            System.err.println("chart not written: " + e); // the tables still stand
        }
        System.out.print(md);
        System.err.println("results: " + options.out().resolve(stamp + ".md") + " (+ .json, latest.png, latest-cpu.png)");
    }

    private static List<Peer> selectPeers(BenchOptions options) {
        List<Peer> all = Peers.all(options.repo(), options.jvmOptions());
        if (options.servers().isEmpty()) {
            return all;
        }
        List<Peer> chosen = new ArrayList<>();
        for (String name : options.servers()) {
            Peer p = all.stream().filter(x -> x.name().equals(name)).findFirst().orElse(null);
            if (p == null) {
                System.err.println("unknown server " + name + "\n" + BenchOptions.USAGE);
                System.exit(2);
            }
            chosen.add(p);
        }
        return chosen;
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    private static void deleteTree(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind is harmless
        }
    }
}
