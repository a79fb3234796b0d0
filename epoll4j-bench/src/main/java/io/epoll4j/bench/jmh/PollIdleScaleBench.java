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

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;

/**
 * A non-blocking poll with one ready eventfd among 10 to 100,000 idle registrations: epoll's
 * ready list makes the cost independent of the interest list's size, and the target is that
 * epoll4j keeps it so (flat from 10 to 100,000).
 *
 * <p>Past 10,000 the idle entries are aliases of real eventfds (see {@link IdleRegistrations}):
 * the open-files hard limit here is 20,000 and cannot be raised from inside the container.
 * For the {@link Poller}, aliases go into its epoll instance directly with epoll_ctl(2), the
 * sys layer being reachable on the class path: the kernel's tree is as large as with real
 * registrations; the poller's slot table holds the 10,000 real ones.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
public class PollIdleScaleBench {
    // A data word no registration has: slot Integer.MAX_VALUE, generation 0. Idle anyway.
    private static final long ALIAS_DATA = Integer.MAX_VALUE;

    /**
     * The size parameter, shared by both interest lists. Each list is its own state so a fork
     * builds only the one its benchmark polls: two lists of 10,000 real eventfds would not fit
     * under the open-files limit together.
     */
    @State(Scope.Thread)
    public abstract static class Size {
        /** Registered idle entries besides the one ready eventfd. */
        @Param({"10", "1000", "10000", "100000"})
        public int idle;
    }

    /** A raw {@link Epoll} with one ready eventfd and {@code idle} idle entries. */
    public static class RawList extends Size {
        Epoll epoll;
        EpollEvents events;
        private EventFd ready;
        private IdleRegistrations idleEntries;

        @Setup(Level.Trial)
        public void setUp() throws ErrnoException {
            epoll = Epoll.create();
            events = EpollEvents.allocate(64);
            ready = EventFd.create(1, EventFd.EFD_NONBLOCK | EventFd.EFD_CLOEXEC);
            epoll.add(ready, EpollFlags.EPOLLIN, -1L);
            idleEntries = new IdleRegistrations(idle,
                    (fd, i) -> epoll.add(fd, EpollFlags.EPOLLIN, i),
                    (number, i) -> {
                        try {
                            epoll.add(number, EpollFlags.EPOLLIN, i);
                            return 0;
                        } catch (ErrnoException e) {
                            return -e.errno();
                        }
                    });
            Checks.expect(epoll.wait(events, 0) == 1, "raw wait sees exactly the ready eventfd");
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            idleEntries.close();
            ready.close();
            events.close();
            epoll.close();
        }
    }

    /** A {@link Poller} with one ready eventfd and {@code idle} idle entries. */
    public static class PollerList extends Size {
        Poller poller;
        Events events;
        private EventFd ready;
        private IdleRegistrations idleEntries;
        private Arena arena;

        @Setup(Level.Trial)
        public void setUp() throws ErrnoException {
            poller = Poller.open();
            events = Events.withCapacity(64);
            ready = EventFd.create(1, EventFd.EFD_NONBLOCK | EventFd.EFD_CLOEXEC);
            poller.register(ready, -1L, Interest.READABLE, Trigger.LEVEL);
            arena = Arena.ofConfined();
            MemorySegment alias = RawCalls.epollEvent(arena, EpollFlags.EPOLLIN, ALIAS_DATA);
            MemorySegment errno = RawCalls.errnoState(arena);
            int epfd = poller.fd();
            idleEntries = new IdleRegistrations(idle,
                    (fd, i) -> poller.register(fd, i, Interest.READABLE, Trigger.LEVEL),
                    (number, i) -> RawCalls.epollCtl(errno, epfd, RawCalls.EPOLL_CTL_ADD, number, alias));
            Checks.expect(poller.poll(events, 0) == 1, "poller sees exactly the ready eventfd");
            Checks.expect(poller.registrations() == Math.min(idle, IdleRegistrations.MAX_REAL) + 1,
                    "the poller holds every real registration");
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            idleEntries.close();
            ready.close();
            events.close();
            poller.close();
            arena.close();
        }
    }

    /** {@code Epoll.wait(events, 0)} returning the one ready event. */
    @Benchmark
    public long rawWait(RawList list) throws ErrnoException {
        EpollEvents events = list.events;
        int n = list.epoll.wait(events, 0);
        long sum = n;
        for (int i = 0; i < n; i++) {
            sum += events.data(i);
        }
        return sum;
    }

    /** {@code Poller.poll(events, 0)} and the cursor over the one ready event. */
    @Benchmark
    public long pollerPoll(PollerList list) throws ErrnoException {
        Events events = list.events;
        long sum = list.poller.poll(events, 0);
        while (events.next()) {
            sum += events.token();
        }
        return sum;
    }
}
