package io.epoll4j.loop;

import io.epoll4j.fd.EventFd;
import io.epoll4j.poll.Interest;
import io.epoll4j.poll.Trigger;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

class EventLoopAllocationTest {
    private static final int WINDOW = 10_000;
    private static final int STEADY_WINDOWS = 3;
    private static final int MAX_WINDOWS = 300;
    /** Bytes per window tolerated once (under 0.1 byte per event): not a per-event allocation. */
    private static final long ONE_OFF = 1024;

    /**
     * A level-triggered eventfd that is never read is reported at every turn, so each turn is one
     * poll and one dispatch. Windows of 10,000 events are measured on the loop thread until the
     * JIT has compiled the path (the interpreter and C1 allocate where C2's escape analysis does
     * not); from then on, several windows in a row must stay at (almost) zero.
     */
    private static final LoopLocal<long[]> COUNTER = LoopLocal.withInitial(loop -> new long[1]);

    @Test
    void pollAndDispatchAllocateNothingPerEventOnceCompiled() throws Exception {
        assertNoAllocationPerEvent(false, false);
    }

    @Test
    void aPendingTimerAddsNoAllocationToTheNanosecondPoll() throws Exception {
        assertNoAllocationPerEvent(true, false);
    }

    @Test
    void readingALoopLocalInTheHandlerAllocatesNothing() throws Exception {
        assertNoAllocationPerEvent(false, true);
    }

    private static void assertNoAllocationPerEvent(boolean withTimer, boolean readLocal) throws Exception {
        try (EventLoop loop = EventLoop.start("allocation"); EventFd ready = EventFd.create()) {
            ready.write(1);
            if (withTimer) {
                loop.schedule(() -> { }, java.time.Duration.ofHours(1)); // every poll gets a timeout
            }
            CompletableFuture<String> result = new CompletableFuture<>();
            loop.register(ready, Interest.READABLE, Trigger.LEVEL, new FdHandler() {
                long events;
                long windowStart;
                int windows;
                int steady;
                long[] history = new long[MAX_WINDOWS];

                @Override
                public void ready(LoopRegistration registration, int readyMask) throws Exception {
                    if (readLocal) {
                        registration.loop().local(COUNTER)[0]++;
                    }
                    if (events++ == 0) {
                        windowStart = Allocations.currentThread();
                    }
                    if (events % WINDOW != 0) {
                        return;
                    }
                    long now = Allocations.currentThread();
                    long bytes = now - windowStart;
                    history[windows++] = bytes;
                    // A per-event allocation costs at least 16 bytes x WINDOW; a stray one-off in the
                    // JDK (a deoptimization, a lazily created object) costs a few dozen bytes once.
                    boolean clean = bytes < ONE_OFF;
                    steady = clean ? steady + 1 : steady > 0 ? -1 : 0;
                    if (steady >= STEADY_WINDOWS || steady < 0 || windows == MAX_WINDOWS) {
                        registration.deregister();
                        StringBuilder s = new StringBuilder();
                        for (int i = 0; i < windows; i++) {
                            s.append(history[i]).append(' ');
                        }
                        result.complete((steady >= STEADY_WINDOWS ? "ok " : "fail ") + s);
                        return;
                    }
                    windowStart = Allocations.currentThread();
                }
            });
            String outcome = result.get(25, TimeUnit.SECONDS);
            System.out.println("bytes per window of " + WINDOW + " events: " + outcome);
            assertTrue(outcome.startsWith("ok"), "bytes allocated per window of " + WINDOW + " events: " + outcome);
        }
    }
}
