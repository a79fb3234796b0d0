package io.epoll4j.bench.jmh;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Bytes allocated per operation by the calling thread alone, counted exactly with
 * {@code ThreadMXBean.getCurrentThreadAllocatedBytes} around a long run of the benchmark's own
 * methods, in this JVM.
 *
 * <p>Why besides {@code -prof gc}: JMH's {@code gc.alloc.rate.norm} divides the allocation of
 * every thread in the fork (its own control threads included) by the operations, so a path
 * that allocates nothing shows a fraction of a byte to a few bytes per operation, more the
 * slower the operation. This probe answers "does the hot path allocate" with a whole number:
 * 0 means not one byte in {@code operations} calls after warm-up.
 */
final class AllocationProbe {
    /** One probed operation; returns something so the JIT keeps the work. */
    @FunctionalInterface
    interface Op {
        long run() throws Exception;
    }

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final int operations;
    private final long warmupNanos;
    private final Map<String, Double> bytesPerOp = new LinkedHashMap<>();
    private long sink;

    /** {@code operations} per counted run, after at least 3 such runs and {@code warmupMillis}. */
    AllocationProbe(int operations, long warmupMillis) {
        this.operations = operations;
        this.warmupNanos = warmupMillis * 1_000_000;
    }

    /** Bytes per operation by {@code Class.method|params} key, as {@link MicroReport} keys rows. */
    Map<String, Double> results() {
        return bytesPerOp;
    }

    /** Probes every single-threaded hot path of the JMH set with the JMH classes themselves. */
    AllocationProbe probeAll() throws Exception {
        for (int ready : new int[] {0, 1, 64}) {
            PollReadyBench b = new PollReadyBench();
            b.ready = ready;
            b.setUp();
            try {
                probe("PollReadyBench.rawWait|ready=" + ready, b::rawWait);
                probe("PollReadyBench.pollerPoll|ready=" + ready, b::pollerPoll);
            } finally {
                b.tearDown();
            }
        }
        PollIdleScaleBench idle = new PollIdleScaleBench();
        for (int n : new int[] {10, 1_000, 10_000, 100_000}) {
            PollIdleScaleBench.RawList raw = new PollIdleScaleBench.RawList();
            raw.idle = n;
            raw.setUp();
            try {
                probe("PollIdleScaleBench.rawWait|idle=" + n, () -> idle.rawWait(raw));
            } finally {
                raw.tearDown();
            }
            PollIdleScaleBench.PollerList polled = new PollIdleScaleBench.PollerList();
            polled.idle = n;
            polled.setUp();
            try {
                probe("PollIdleScaleBench.pollerPoll|idle=" + n, () -> idle.pollerPoll(polled));
            } finally {
                polled.tearDown();
            }
        }
        for (int ready : new int[] {1, 64}) {
            NettyIoHandlerBench n = new NettyIoHandlerBench();
            n.ready = ready;
            n.setUp();
            try {
                probe("NettyIoHandlerBench.turn|ready=" + ready, n::turn);
            } finally {
                n.tearDown();
            }
        }
        SyscallFloorBench s = new SyscallFloorBench();
        s.setUp();
        try {
            probe("SyscallFloorBench.fdCtlMod|", () -> {
                s.fdCtlMod();
                return 0;
            });
            probe("SyscallFloorBench.fdEventfdWriteRead|", s::fdEventfdWriteRead);
            probe("SyscallFloorBench.fdWait0|", s::fdWait0);
            probe("SyscallFloorBench.fdWaitNanos0|", s::fdWaitNanos0);
        } finally {
            s.tearDown();
        }
        for (String target : new String[] {"epoll4j", "epoll4j-loop", "selector", "netty"}) {
            WakeThroughputBench w = new WakeThroughputBench();
            w.target = target;
            w.setUp();
            try {
                probe("WakeThroughputBench.wake|target=" + target, () -> {
                    w.wake();
                    return 0;
                });
            } finally {
                w.tearDown();
            }
        }
        return this;
    }

    /**
     * Warms {@code op} up, then counts this thread's allocation over {@code operations} calls.
     * Warm-up is by time as well as by count: until C2 has compiled the path, the interpreter
     * and C1 (which do no escape analysis) allocate on FFM paths that C2 keeps in registers,
     * and on a busy machine C2's queue can take seconds.
     */
    void probe(String key, Op op) throws Exception {
        long warmUntil = System.nanoTime() + warmupNanos;
        for (int round = 0; round < 3 || System.nanoTime() < warmUntil; round++) {
            for (int i = 0; i < operations; i++) {
                sink += op.run();
            }
        }
        long before = THREADS.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < operations; i++) {
            sink += op.run();
        }
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
        bytesPerOp.put(key, (double) allocated / operations);
    }
}
