package io.epoll4j.bench.jmh;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Wakes as fast as one thread can issue them while the loop thread polls and handles them:
 * the cost of a wake call to the thread that makes it, coalescing included (epoll4j's Waker and
 * the Selector write their eventfd only when the loop may be asleep; the two event loops,
 * epoll4j's and Netty's, queue a task for every call and write only when the loop may sleep). The loop's rounds per wake are printed at
 * the end of each trial: below 1 means wakes were coalesced.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
@Threads(1)
@State(Scope.Benchmark)
public class WakeThroughputBench {
    @Param({"epoll4j", "epoll4j-loop", "selector", "netty"})
    public String target;

    private WakeTarget loop;
    private long wakes;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        loop = WakeTarget.open(target);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        long rounds = loop.rounds();
        loop.stop();
        System.out.printf("%n%s: %,d wakes, %,d loop rounds (%.4f rounds per wake)%n",
                target, wakes, rounds, wakes == 0 ? 0.0 : (double) rounds / wakes);
    }

    @Benchmark
    public void wake() {
        loop.wake();
        wakes++; // one benchmark thread: a plain count is exact
    }
}
