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
 * Cross-thread wake round trip: the benchmark thread wakes a loop thread blocked in its poll
 * and spins until the loop has returned and said so through a volatile counter. One operation
 * is one full round: wake syscall, kernel wake-up and scheduling of the loop thread, its return
 * from epoll_wait, its handling of the event, and the cache line back. The three targets run in
 * the same run: epoll4j's {@code Waker} on a bare {@code Poller} ({@code epoll4j}), epoll4j's
 * {@code EventLoop.execute(task)} ({@code epoll4j-loop}), {@code Selector.wakeup()}, and
 * Netty's {@code eventLoop.execute(task)}: the two {@code execute} targets are like for like.
 *
 * <p>The answer comes back by spinning rather than by a second wake so the figure is one wake,
 * not two; on the 2-core machine the spinning thread and the loop each need a core, so other
 * load on the machine shows here first.
 *
 * <p>Before each wake the benchmark thread pauses {@value #PAUSE_MICROS} µs, outside the
 * measured time (a {@code Level.Invocation} setup), so the loop is back asleep in epoll_wait
 * when the wake comes. Without it, a wake issued a few hundred nanoseconds after the answer
 * finds a loop that has not gone to sleep yet, and the figure measures how long a loop takes
 * to reach its poll instead of a wake-up: a loop that does more work before it blocks (Netty)
 * looks faster. Waking a running loop is what {@link WakeThroughputBench} measures.
 *
 * <p>Sampled ({@code Mode.SampleTime}): a wake-up's cost is the scheduler's, and on a shared
 * machine its distribution has a long tail; the summary reports the median, JMH also prints
 * the mean and the tail percentiles.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
@Threads(1)
@State(Scope.Benchmark)
public class WakeLatencyBench {
    /** Far longer than any of the loops takes to get back into epoll_wait after a task. */
    static final long PAUSE_MICROS = 50;

    @Param({"epoll4j", "epoll4j-loop", "selector", "netty"})
    public String target;

    private WakeTarget loop;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        loop = WakeTarget.open(target);
        roundTrip(); // the loop thread is up and answering
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        loop.stop();
    }

    /** Lets the loop thread go back to sleep; not measured. */
    @Setup(Level.Invocation)
    public void letLoopSleep() {
        long until = System.nanoTime() + PAUSE_MICROS * 1_000L;
        while (System.nanoTime() < until) {
            Thread.onSpinWait();
        }
    }

    @Benchmark
    public long roundTrip() {
        long expected = loop.rounds() + 1;
        loop.wake();
        long seen;
        while ((seen = loop.rounds()) < expected) {
            Thread.onSpinWait();
        }
        return seen;
    }
}
