package io.epoll4j.bench.jmh;

import io.epoll4j.fd.EventFd;
import io.epoll4j.fd.OwnedFd;
import io.epoll4j.netty.Epoll4jIoHandle;
import io.epoll4j.netty.Epoll4jIoHandler;
import io.epoll4j.netty.Epoll4jIoOps;
import io.epoll4j.poll.Interest;
import io.epoll4j.poll.Trigger;
import io.netty.channel.IoEvent;
import io.netty.channel.IoHandler;
import io.netty.channel.IoHandlerContext;
import io.netty.channel.IoRegistration;
import io.netty.util.concurrent.ThreadAwareExecutor;
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
 * One turn of the Netty transport's {@link Epoll4jIoHandler} ({@code IoHandler.run} with a
 * context that may not block): one epoll wait that reports 1 or 64 ready eventfds, each handed
 * to its {@code IoHandle} as an {@code IoEvent}. The target is 0 bytes allocated per event
 * ({@code -prof gc}, and exactly with {@link AllocationProbe}).
 *
 * <p>The eventfds hold a counter of 1 and are registered level-triggered, so every turn
 * reports each again with no other work; the handles only count.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
@State(Scope.Thread)
public class NettyIoHandlerBench {
    private static final IoHandlerContext NON_BLOCKING = new IoHandlerContext() {
        @Override
        public boolean canBlock() {
            return false;
        }

        @Override
        public long delayNanos(long currentTimeNanos) {
            return 0;
        }

        @Override
        public long deadlineNanos() {
            return -1;
        }
    };

    /** How many registered eventfds are ready at every turn. */
    @Param({"1", "64"})
    public int ready;

    private final List<EventFd> fds = new ArrayList<>();
    private IoHandler handler;
    private long handled;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        handler = Epoll4jIoHandler.newFactory().newHandler(new ThreadAwareExecutor() {
            @Override
            public boolean isExecutorThread(Thread thread) {
                return true; // driven by the benchmark thread alone
            }

            @Override
            public void execute(Runnable command) {
                command.run();
            }
        });
        for (int i = 0; i < ready; i++) {
            EventFd fd = EventFd.create(1, EventFd.EFD_NONBLOCK | EventFd.EFD_CLOEXEC);
            fds.add(fd);
            IoRegistration r = handler.register(new Epoll4jIoHandle() {
                @Override
                public OwnedFd fd() {
                    return fd;
                }

                @Override
                public void handle(IoRegistration registration, IoEvent event) {
                    handled++;
                }

                @Override
                public void close() {
                    fd.close();
                }
            });
            r.submit(Epoll4jIoOps.of(Interest.READABLE, Trigger.LEVEL));
        }
        Checks.expect(handler.run(NON_BLOCKING) == ready, "every ready eventfd is handled at every turn");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        handler.prepareToDestroy();
        handler.destroy();
        fds.forEach(EventFd::close);
    }

    /** One turn: the events it handled (so the JIT keeps the work). */
    @Benchmark
    public long turn() {
        return handler.run(NON_BLOCKING) + handled;
    }
}
