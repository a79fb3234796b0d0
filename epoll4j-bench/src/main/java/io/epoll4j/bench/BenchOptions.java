package io.epoll4j.bench;

import io.epoll4j.bench.run.LoadCase;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Command line of {@link BenchMain}. Defaults are the full run (about an hour);
 * {@code --quick} shortens everything to about 2.5 minutes, for development.
 *
 * @param quick       the short run
 * @param servers     peer names to run, in order; empty means all
 * @param cases       load cases, in order
 * @param rounds      interleaved rounds (the report takes medians over them)
 * @param warmup      seconds of load before each measured run
 * @param firstWarmup seconds of load right after a server starts, for JIT warm-up
 * @param duration    measured seconds per run
 * @param idle        idle connection counts for the idle-scale test, each measured on its own;
 *                    empty (--idle 0) skips it
 * @param repo        repository root
 * @param out         results directory
 * @param jvmOptions  options of the Java peers this module starts
 */
public record BenchOptions(boolean quick, List<String> servers, List<LoadCase> cases, int rounds,
                           int warmup, int firstWarmup, int duration, List<Integer> idle, Path repo,
                           Path out, List<String> jvmOptions) {

    static final String USAGE = """
            usage: BenchMain [--quick] [--servers a,b,...] [--cases c64,c256,c1024,p16-c256]
                             [--rounds N] [--duration S] [--warmup S] [--idle N[,M...]]
                             [--repo DIR] [--out DIR] [--jvm-opts "OPTS"]
              peers: c-floor, nginx, epoll4j, netty-epoll, netty-nio, netty-epoll4j, jdk-selector,
                     epoll4j-net, netty-http-epoll, netty-http-nio, netty-http-epoll4j
            """;

    /** Parses the arguments; throws IllegalArgumentException with the usage on a mistake. */
    static BenchOptions parse(String[] args) {
        boolean quick = Arrays.asList(args).contains("--quick");
        List<String> servers = List.of();
        List<LoadCase> cases = quick ? LoadCase.QUICK : LoadCase.ALL;
        int rounds = quick ? 2 : 3;
        int duration = quick ? 3 : 10;
        int warmup = quick ? 1 : 5;
        int firstWarmup = quick ? 2 : 10;
        List<Integer> idle = quick ? List.of(2000) : List.of(10_000, 19_000);
        Path repo = Path.of(".");
        Path out = null;
        List<String> jvm = List.of("-Xmx256m",
                "-Dio.netty.leakDetection.level=disabled");
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--quick")) {
                continue;
            }
            if (a.equals("-h") || a.equals("--help")) {
                throw new IllegalArgumentException(USAGE);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(a + " needs a value\n" + USAGE);
            }
            String v = args[++i];
            switch (a) {
                case "--servers" -> servers = List.of(v.split(","));
                case "--cases" -> cases = Arrays.stream(v.split(",")).map(LoadCase::named).toList();
                case "--rounds" -> rounds = Integer.parseInt(v);
                case "--duration" -> duration = Integer.parseInt(v);
                case "--warmup" -> warmup = Integer.parseInt(v);
                case "--idle" -> idle = Arrays.stream(v.split(",")).map(Integer::parseInt).filter(n -> n > 0).toList();
                case "--repo" -> repo = Path.of(v);
                case "--out" -> out = Path.of(v);
                case "--jvm-opts" -> jvm = List.of(v.trim().split("\\s+"));
                default -> throw new IllegalArgumentException("unknown option " + a + "\n" + USAGE);
            }
        }
        repo = repo.toAbsolutePath().normalize();
        if (out == null) {
            out = repo.resolve("bench/results");
        }
        return new BenchOptions(quick, servers, cases, rounds, warmup, firstWarmup, duration, idle,
                repo, out, jvm);
    }
}
