package io.epoll4j.bench.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;

/**
 * Keeps loading a JVM server until its JIT compilers have gone quiet, so that no measured run
 * shares the server's core with a compiler thread.
 *
 * <p>A fixed warm-up is not enough: HotSpot compiles the loop's outermost method last (an
 * on-stack replacement once its back-edge counter passes the tier thresholds, which at a few
 * thousand turns a second takes 15 to 20 seconds), and that one compilation, a few hundred
 * milliseconds of C2 on the pinned core, lands in whichever run comes first. The compile time
 * comes from {@code jstat -compiler PID}, which reads the JVM's performance counters without
 * attaching to it. A server that is no JVM (the C floor, nginx) is settled at once.
 *
 * {@snippet :
 * JitWarmup warmup = JitWarmup.of(server.handle(), jstat);
 * int seconds = warmup.settle(() -> wrk.run(host, port, c256, 2)); // loads until quiet
 * }
 */
public final class JitWarmup {

    /** A step of load whose compilation took less than this (seconds) counts as quiet. */
    static final double QUIET_SECONDS = 0.005;
    /** Steps at most (with 2-second steps, 30 seconds more than the fixed warm-up). */
    static final int MAX_STEPS = 15;

    /** One step of load on the server. */
    @FunctionalInterface
    public interface Step {
        /** Loads the server for one step; returns the step's length in seconds. */
        int run() throws IOException;
    }

    private final Optional<ProcessHandle> jvm;
    private final Path jstat;

    private JitWarmup(Optional<ProcessHandle> jvm, Path jstat) {
        this.jvm = jvm;
        this.jstat = jstat;
    }

    /** The rule, for the report's settings. */
    public static String rule(int stepSeconds) {
        return "c256 in " + stepSeconds + " s steps until a step compiles for under "
                + Math.round(QUIET_SECONDS * 1000) + " ms (JVM servers, at most "
                + MAX_STEPS * stepSeconds + " s)";
    }

    /** For the server in {@code root}'s process tree; {@code jstat} is the JDK's tool. */
    public static JitWarmup of(ProcessHandle root, Path jstat) {
        return new JitWarmup(HeapHistogram.javaProcess(root), jstat);
    }

    /**
     * Runs steps until one passes with less than {@link #QUIET_SECONDS} of compilation, at most
     * {@link #MAX_STEPS}; returns the seconds of load it added (0 for a server that is no JVM
     * or whose counters cannot be read).
     */
    public int settle(Step step) throws IOException {
        OptionalDouble before = compileSeconds();
        if (before.isEmpty()) {
            return 0;
        }
        int seconds = 0;
        for (int i = 0; i < MAX_STEPS; i++) {
            seconds += step.run();
            OptionalDouble after = compileSeconds();
            if (after.isEmpty() || after.getAsDouble() - before.getAsDouble() < QUIET_SECONDS) {
                break;
            }
            before = after;
        }
        return seconds;
    }

    /** Total seconds the JVM's compilers have worked, from {@code jstat -compiler}. */
    OptionalDouble compileSeconds() {
        if (jvm.isEmpty() || !Files.isExecutable(jstat)) {
            return OptionalDouble.empty();
        }
        try {
            Process p = new ProcessBuilder(jstat.toString(), "-compiler", Long.toString(jvm.get().pid()))
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return OptionalDouble.empty();
            }
            return parse(out);
        } catch (IOException e) {
            return OptionalDouble.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalDouble.empty();
        }
    }

    /**
     * The {@code Time} column of jstat's two lines:
     * {@code Compiled Failed Invalid Time FailedType FailedMethod} and its values.
     */
    static OptionalDouble parse(String out) {
        String[] lines = out.strip().split("\n");
        if (lines.length < 2) {
            return OptionalDouble.empty();
        }
        String[] head = lines[0].trim().split("\\s+");
        String[] values = lines[1].trim().split("\\s+");
        for (int i = 0; i < head.length && i < values.length; i++) {
            if (head[i].equals("Time")) {
                try {
                    return OptionalDouble.of(Double.parseDouble(values[i]));
                } catch (NumberFormatException e) {
                    return OptionalDouble.empty();
                }
            }
        }
        return OptionalDouble.empty();
    }
}
