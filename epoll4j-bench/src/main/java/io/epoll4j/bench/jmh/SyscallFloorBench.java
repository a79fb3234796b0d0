package io.epoll4j.bench.jmh;

import io.epoll4j.fd.Epoll;
import io.epoll4j.fd.EpollEvents;
import io.epoll4j.fd.EpollFlags;
import io.epoll4j.fd.ErrnoException;
import io.epoll4j.fd.EventFd;
import io.epoll4j.fd.Kernel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Single syscalls through epoll4j, to set against the same calls in a C loop
 * ({@code bench/c/syscall_floor.c}, run by {@link CFloor} in the same run): epoll_ctl(MOD),
 * an eventfd write then read, and epoll_wait (and epoll_pwait2) with timeout 0 and nothing
 * ready. Same
 * descriptors as the C program: one eventfd that is written and read, one that stays idle.
 *
 * <p>Three arms per call. {@code fd*}: the public fd layer ({@link Epoll}, {@link EventFd}),
 * with its use count, per-thread scratch and errno handling. {@code sys*}: the bare downcall
 * with errno capture, linked by the bench as the core's sys layer links it ({@link RawCalls});
 * the gap between the two is what the fd layer costs. {@code critical*}: the same downcall
 * linked with {@code Linker.Option.critical}, to show whether the design's "critical where a
 * benchmark shows it helps" pays here.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
@State(Scope.Thread)
public class SyscallFloorBench {
    private static final long DATA = 1L;

    private Epoll epoll;
    private EpollEvents events;
    private EventFd readyFd;
    private EventFd idleFd;
    private int epfd;
    private int efd;
    private Arena arena;
    private MemorySegment event;
    private MemorySegment rawArray;
    private MemorySegment one;
    private MemorySegment value;
    private MemorySegment errno;
    private MemorySegment timespec;

    @Setup(Level.Trial)
    public void setUp() throws ErrnoException {
        epoll = Epoll.create();
        events = EpollEvents.allocate(64);
        readyFd = EventFd.create();
        idleFd = EventFd.create();
        epoll.add(readyFd, EpollFlags.EPOLLIN, DATA);
        epoll.add(idleFd, EpollFlags.EPOLLIN, 2L);
        epfd = epoll.fd();
        efd = readyFd.fd();
        arena = Arena.ofConfined();
        event = RawCalls.epollEvent(arena, EpollFlags.EPOLLIN, DATA);
        rawArray = arena.allocate(Kernel.epollEventSize() * 64, 8);
        one = arena.allocate(JAVA_LONG);
        one.set(JAVA_LONG, 0, 1L);
        value = arena.allocate(JAVA_LONG);
        errno = RawCalls.errnoState(arena);
        timespec = arena.allocate(16, 8);   // struct timespec {0, 0}
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
        idleFd.close();
        readyFd.close();
        events.close();
        epoll.close();
    }

    /** {@code Epoll.modify(int, mask, data)}: epoll_ctl(EPOLL_CTL_MOD), mask unchanged. */
    @Benchmark
    public void fdCtlMod() throws ErrnoException {
        epoll.modify(efd, EpollFlags.EPOLLIN, DATA);
    }

    /** {@code EventFd.write(1)} then {@code EventFd.read()}. */
    @Benchmark
    public long fdEventfdWriteRead() throws ErrnoException {
        readyFd.write(1);
        return readyFd.read();
    }

    /** {@code Epoll.wait(events, 0)} with nothing ready. */
    @Benchmark
    public int fdWait0() throws ErrnoException {
        return epoll.wait(events, 0);
    }

    /** {@code Epoll.waitNanos(events, 0)}: epoll_pwait2 with a zero timespec, as {@code Poller.poll} does. */
    @Benchmark
    public int fdWaitNanos0() throws ErrnoException {
        return epoll.waitNanos(events, 0);
    }

    @Benchmark
    public int sysCtlMod() throws Throwable {
        return (int) RawCalls.EPOLL_CTL.invokeExact(errno, epfd, RawCalls.EPOLL_CTL_MOD, efd, event);
    }

    @Benchmark
    public long sysEventfdWriteRead() throws Throwable {
        long w = (long) RawCalls.WRITE.invokeExact(errno, efd, one, 8L);
        long r = (long) RawCalls.READ.invokeExact(errno, efd, value, 8L);
        return w + r;
    }

    @Benchmark
    public int sysWait0() throws Throwable {
        return (int) RawCalls.EPOLL_WAIT.invokeExact(errno, epfd, rawArray, 64, 0);
    }

    @Benchmark
    public int sysPwait2_0() throws Throwable {
        return (int) RawCalls.EPOLL_PWAIT2.invokeExact(errno, epfd, rawArray, 64, timespec, MemorySegment.NULL);
    }

    @Benchmark
    public int criticalCtlMod() throws Throwable {
        return (int) RawCalls.EPOLL_CTL_CRITICAL.invokeExact(errno, epfd, RawCalls.EPOLL_CTL_MOD, efd, event);
    }

    @Benchmark
    public long criticalEventfdWriteRead() throws Throwable {
        long w = (long) RawCalls.WRITE_CRITICAL.invokeExact(errno, efd, one, 8L);
        long r = (long) RawCalls.READ_CRITICAL.invokeExact(errno, efd, value, 8L);
        return w + r;
    }

    @Benchmark
    public int criticalWait0() throws Throwable {
        return (int) RawCalls.EPOLL_WAIT_CRITICAL.invokeExact(errno, epfd, rawArray, 64, 0);
    }

    /**
     * A downcall that enters no kernel (labs), linked as the core links its calls (errno
     * captured): what FFM alone adds to each call above, so the gap to C can be split into
     * downcall and the rest.
     */
    @Benchmark
    public long downcallOnly() throws Throwable {
        return (long) RawCalls.LABS.invokeExact(errno, -DATA);
    }

    /** The same, linked critical. */
    @Benchmark
    public long downcallOnlyCritical() throws Throwable {
        return (long) RawCalls.LABS_CRITICAL.invokeExact(errno, -DATA);
    }
}
