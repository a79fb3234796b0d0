package io.epoll4j.bench.jmh;

import io.epoll4j.fd.Epoll;
import io.epoll4j.fd.EpollEvents;
import io.epoll4j.fd.EpollFlags;
import io.epoll4j.fd.ErrnoException;
import io.epoll4j.fd.EventFd;
import io.epoll4j.poll.Events;
import io.epoll4j.poll.Interest;
import io.epoll4j.poll.Poller;
import io.epoll4j.poll.Trigger;
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
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One non-blocking poll ({@code timeout 0}) that returns 0, 1 or 64 events, and the walk over
 * them: the raw {@link Epoll#wait} with an index loop, and {@link Poller#poll} with the
 * {@link Events} cursor (token lookup and stale-event check included). The target is 0 bytes
 * allocated per poll ({@code -prof gc}, {@code gc.alloc.rate.norm}).
 *
 * <p>Readiness is kept without any work per poll: {@code ready} eventfds hold a counter of 1
 * and are registered level-triggered, so every poll reports each of them again. 64 more idle
 * eventfds are registered in every case, so "0 ready" is not an empty interest list.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
@State(Scope.Thread)
public class PollReadyBench {
    private static final int IDLE = 64;

    /** How many registered eventfds are ready at every poll. */
    @Param({"0", "1", "64"})
    public int ready;

    private final List<AutoCloseable> open = new ArrayList<>();
    private Epoll epoll;
    private EpollEvents rawEvents;
    private Poller poller;
    private Events events;

    @Setup(Level.Trial)
    public void setUp() throws ErrnoException {
        epoll = keep(Epoll.create());
        rawEvents = keep(EpollEvents.allocate(256));
        poller = keep(Poller.open());
        events = keep(Events.withCapacity(256));
        for (int i = 0; i < ready + IDLE; i++) {
            boolean isReady = i < ready;
            EventFd fd = keep(EventFd.create(isReady ? 1 : 0, EventFd.EFD_NONBLOCK | EventFd.EFD_CLOEXEC));
            epoll.add(fd, EpollFlags.EPOLLIN, i);
            poller.register(fd, i, Interest.READABLE, Trigger.LEVEL);
        }
        Checks.expect(epoll.wait(rawEvents, 0) == ready, "raw wait sees every ready eventfd");
        Checks.expect(poller.poll(events, 0) == ready, "poller sees every ready eventfd");
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        Checks.closeAll(open);
    }

    private <T extends AutoCloseable> T keep(T resource) {
        open.add(resource);
        return resource;
    }

    /** {@code Epoll.wait(events, 0)} and an index loop over data word and mask. */
    @Benchmark
    public long rawWait() throws ErrnoException {
        int n = epoll.wait(rawEvents, 0);
        long sum = n;
        for (int i = 0; i < n; i++) {
            sum += rawEvents.data(i) ^ rawEvents.events(i);
        }
        return sum;
    }

    /** {@code Poller.poll(events, 0)} and the cursor: {@code next()}, {@code token()}, readiness. */
    @Benchmark
    public long pollerPoll() throws ErrnoException {
        long sum = poller.poll(events, 0);
        while (events.next()) {
            sum += events.token();
            if (events.isReadable()) {
                sum++;
            }
        }
        return sum;
    }
}
