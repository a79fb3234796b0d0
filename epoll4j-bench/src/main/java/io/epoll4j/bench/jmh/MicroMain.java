package io.epoll4j.bench.jmh;

import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Runs the JMH microbenchmarks with {@code -prof gc} and the C syscall floor, prints the
 * summary table and writes it to {@code bench/results/micro-latest.md} and {@code .json} (the
 * raw JMH results go to {@code micro-jmh.json} beside them). Run from the repository root:
 *
 * <pre>
 * bench/jmh.sh --quick                        # about two minutes: 1 fork, short iterations
 * bench/jmh.sh                                # the full set: 2 forks, 3 x 1 s warm-up, 5 x 1 s
 * bench/jmh.sh --include 'Wake.*' --no-c      # a subset (JMH regex), without the C floor
 * bench/jmh.sh --no-probe                     # without the exact allocation probe
 * </pre>
 *
 * <p>After the JMH run, {@link AllocationProbe} counts the benchmark thread's own allocation
 * exactly on the single-threaded hot paths, in this JVM: JMH's {@code gc.alloc.rate.norm}
 * includes its own threads and is never quite 0.
 *
 * <p>The C floor runs just before and just after the JMH run and the lower of the two
 * medians is kept: the floor is the least the kernel takes, and the machine is shared.
 */
public final class MicroMain {
    private static final List<String> ALL = List.of(
            PollReadyBench.class.getSimpleName(),
            PollIdleScaleBench.class.getSimpleName(),
            WakeLatencyBench.class.getSimpleName(),
            WakeThroughputBench.class.getSimpleName(),
            SyscallFloorBench.class.getSimpleName(),
            NettyIoHandlerBench.class.getSimpleName());

    private MicroMain() {}

    public static void main(String[] args) throws Exception {
        boolean quick = false;
        boolean runC = true;
        boolean probe = true;
        List<String> includes = new ArrayList<>();
        Path out = Path.of("bench/results");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--no-c" -> runC = false;
                case "--no-probe" -> probe = false;
                case "--include" -> includes.add(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "-h", "--help" -> {
                    System.out.println("usage: MicroMain [--quick] [--include REGEX]... [--no-c] [--no-probe] [--out DIR]");
                    return;
                }
                default -> throw new IllegalArgumentException("unknown argument " + args[i] + " (try --help)");
            }
        }
        if (includes.isEmpty()) {
            ALL.forEach(name -> includes.add("\\." + name + "\\."));
        }
        Files.createDirectories(out);

        ChainedOptionsBuilder options = new OptionsBuilder()
                .addProfiler(GCProfiler.class)
                .shouldFailOnError(true)
                .result(out.resolve("micro-jmh.json").toString())
                .resultFormat(ResultFormatType.JSON);
        includes.forEach(options::include);
        if (quick) {
            options.forks(1).warmupIterations(2).warmupTime(TimeValue.milliseconds(300))
                    .measurementIterations(3).measurementTime(TimeValue.milliseconds(300));
        } else {
            options.forks(2);
        }

        // The C floor only matters when a syscall benchmark runs.
        String syscall = SyscallFloorBench.class.getName() + ".fdCtlMod";
        boolean wantC = runC && includes.stream().anyMatch(s -> Pattern.compile(s).matcher(syscall).find());
        long iterations = quick ? 200_000 : 1_000_000;
        int repeats = quick ? 5 : 9;
        CFloor c = wantC ? CFloor.locate() : null;
        Map<String, Double> before = c == null ? Map.of() : c.run(iterations, repeats);
        Collection<RunResult> results = new Runner(options.build()).run();
        Map<String, Double> after = c == null ? Map.of() : c.run(iterations, repeats);
        Map<String, Double> floor = new LinkedHashMap<>();
        before.forEach((k, v) -> floor.put(k, Math.min(v, after.getOrDefault(k, v))));

        // Exact per-thread allocation of the hot paths, in this JVM after the forks are done.
        Map<String, Double> threadBytes = probe
                ? new AllocationProbe(quick ? 50_000 : 200_000, quick ? 500 : 3_000).probeAll().results() : Map.of();

        Map<String, String> context = new LinkedHashMap<>();
        context.put("date", Instant.now().toString());
        context.put("mode", quick ? "quick (1 fork, 2 x 0.3 s warm-up, 3 x 0.3 s)" : "full (2 forks, 3 x 1 s warm-up, 5 x 1 s)");
        context.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        context.put("kernel", System.getProperty("os.name") + " " + System.getProperty("os.version")
                + " " + System.getProperty("os.arch"));
        context.put("cpus", Integer.toString(Runtime.getRuntime().availableProcessors()));
        context.put("idle fds past " + IdleRegistrations.MAX_REAL,
                "aliases (dup, add, close) of real idle eventfds: RLIMIT_NOFILE hard limit is "
                        + hardFileLimit());
        if (!floor.isEmpty()) {
            context.put("c floor", "min of the medians before and after the JMH run; before "
                    + before + ", after " + after);
        }
        MicroReport report = new MicroReport(results, floor, threadBytes, context);
        System.out.println();
        System.out.print(report.table());
        report.write(out);
        System.out.println("\nwrote " + out.resolve("micro-latest.md") + " and " + out.resolve("micro-latest.json"));
    }

    private static String hardFileLimit() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    String[] f = line.trim().split("\\s+");
                    return f[4];
                }
            }
        } catch (java.io.IOException e) {
            // not worth failing a report over
        }
        return "unknown";
    }
}
