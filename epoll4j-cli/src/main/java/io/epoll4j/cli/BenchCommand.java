package io.epoll4j.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code epoll4j bench}: the side-by-side benchmark of {@code bench/run.sh}, which installs wrk,
 * nginx and gcc and builds the bench module (Netty and the other peers live there, never in
 * the library). {@code --help} installs and builds nothing.
 *
 * {@snippet lang=sh :
 * ./epoll4j bench --quick     # about 2.5 minutes, noisy: for development
 * ./epoll4j bench             # the full run, about an hour
 * }
 */
@Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        synopsisHeading = "usage: ",
        sortOptions = false,
        description = {"the side-by-side benchmark (full run ~1 hour, --quick ~2.5 min)",
                "Runs epoll4j's HTTP server side by side with a C epoll floor, nginx, Netty (epoll and NIO) and a JDK "
                        + "Selector server, each pinned to core 0 with wrk on core 1, and writes bench/results/.",
                "",
                "A full run (3 rounds x 4 cases x 11 servers, then 10,000 and 19,000 idle connections) takes about an hour; "
                        + "--quick (2 cases, 2 rounds of 3 s) about 2.5 minutes.",
                "",
                "Running it installs wrk, nginx-light, gcc, util-linux and fontconfig from Debian's packages "
                        + "(bench/setup.sh) and builds the bench module; --help does neither."},
        footer = {"", "Peers: c-floor, nginx, epoll4j, netty-epoll, netty-nio, jdk-selector.",
                "Cases: c64, c256, c1024 (connections), p16-c256 (16 pipelined requests on 256 connections)."})
final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--quick", description = "the short, noisy run for development (~2.5 minutes)")
    boolean quick;

    @Option(names = "--servers", paramLabel = "A,B,...", description = "peers to run, in order (default: all)")
    String servers;

    @Option(names = "--cases", paramLabel = "C,D,...", description = "load cases, in order (default: all four)")
    String cases;

    @Option(names = "--rounds", paramLabel = "N", description = "interleaved rounds; medians are taken over them (default 3)")
    Integer rounds;

    @Option(names = "--duration", paramLabel = "S", description = "measured seconds per run (default 10)")
    Integer duration;

    @Option(names = "--warmup", paramLabel = "S", description = "seconds of load before each measured run (default 5)")
    Integer warmup;

    @Option(names = "--idle", paramLabel = "N", description = "idle connections for the idle-scale test; 0 skips it (default 10000)")
    Integer idle;

    @Option(names = "--out", paramLabel = "DIR", description = "results directory (default bench/results)")
    Path out;

    @Option(names = "--jvm-opts", paramLabel = "OPTS", description = "the Java peers' JVM options (default -Xmx256m ...)")
    String jvmOptions;

    @Override
    public Integer call() throws Exception {
        String home = System.getProperty("epoll4j.home");
        Path script = home == null ? null : Path.of(home, "bench", "run.sh");
        if (script == null || !Files.isExecutable(script)) {
            spec.commandLine().getErr().println("epoll4j bench: runs from a checkout of epoll4j, through ./epoll4j bench"
                    + (script == null ? "" : " (no " + script + ")"));
            return Main.FAILED;
        }
        List<String> command = new ArrayList<>(List.of(script.toString()));
        if (quick) {
            command.add("--quick");
        }
        add(command, "--servers", servers);
        add(command, "--cases", cases);
        add(command, "--rounds", rounds);
        add(command, "--duration", duration);
        add(command, "--warmup", warmup);
        add(command, "--idle", idle);
        add(command, "--out", out == null ? null : out.toAbsolutePath());
        add(command, "--jvm-opts", jvmOptions);
        return new ProcessBuilder(command).directory(Path.of(home).toFile()).inheritIO().start().waitFor();
    }

    private static void add(List<String> command, String option, Object value) {
        if (value != null) {
            command.add(option);
            command.add(value.toString());
        }
    }
}
