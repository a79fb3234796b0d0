package io.epoll4j.fd;

import io.epoll4j.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A signal makes epoll_wait fail with EINTR (it is never restarted, whatever SA_RESTART says:
 * signal(7)); the wait must go on for the time that is left, never return early or throw.
 */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class InterruptedWaitTest {

    @org.junit.jupiter.api.BeforeAll
    static void sigpipeIsCaughtSoItInterruptsSyscalls() throws Exception {
        // The JVM catches SIGPIPE and ignores it in its handler: a harmless way to cause EINTR.
        // An ignored signal would not interrupt anything and these tests would prove nothing.
        String status = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/status"));
        String caught = status.lines().filter(l -> l.startsWith("SigCgt:")).findFirst().orElseThrow();
        long mask = Long.parseUnsignedLong(caught.substring(7).trim(), 16);
        assertTrue((mask & (1L << (Signals.SIGPIPE - 1))) != 0, "SIGPIPE has no handler: " + caught);
    }

    @FunctionalInterface
    private interface Wait {
        int run(Epoll epoll, EpollEvents events) throws ErrnoException;
    }

    /** Starts {@code wait} on a thread, interrupts it with signals while it sleeps; returns its result and duration. */
    private static long[] waitThroughSignals(String name, Wait wait, Epoll epoll, Runnable afterSignals) throws Exception {
        var result = new CompletableFuture<long[]>();
        EpollEvents events = EpollEvents.allocate(4);
        Thread t = Thread.ofPlatform().name(name).start(() -> {
            long start = System.nanoTime();
            try {
                int n = wait.run(epoll, events);
                result.complete(new long[] {n, System.nanoTime() - start});
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        for (int i = 0; i < 3; i++) {
            int tid = Fixtures.awaitBlockedIn(name, Fixtures.SYS_EPOLL_WAIT, Duration.ofSeconds(5));
            Signals.tgkill(ProcessHandle.current().pid(), tid, Signals.SIGPIPE);
        }
        // Back asleep in the kernel after the last signal: the EINTR was retried.
        Fixtures.awaitBlockedIn(name, Fixtures.SYS_EPOLL_WAIT, Duration.ofSeconds(5));
        assertFalse(result.isDone(), "the wait returned early on a signal");
        afterSignals.run();
        long[] r = result.get(10, TimeUnit.SECONDS);
        t.join();
        events.close();
        return r;
    }

    @Test
    void millisecondWaitGoesOnAfterASignal() throws Exception {
        try (Epoll epoll = Epoll.create()) {
            long[] r = waitThroughSignals("eintr-millis", (e, ev) -> e.wait(ev, 600), epoll, () -> {});
            assertEquals(0, r[0]);
            assertTrue(r[1] >= 600_000_000L, "returned after " + r[1] + " ns of 600 ms");
        }
    }

    @Test
    void nanosecondWaitGoesOnAfterASignal() throws Exception {
        try (Epoll epoll = Epoll.create()) {
            long[] r = waitThroughSignals("eintr-nanos", (e, ev) -> e.waitNanos(ev, 600_000_000L), epoll, () -> {});
            assertEquals(0, r[0]);
            assertTrue(r[1] >= 600_000_000L, "returned after " + r[1] + " ns of 600 ms");
        }
    }

    @Test
    void blockingWaitGoesOnAfterASignalUntilAnEvent() throws Exception {
        try (Epoll epoll = Epoll.create(); EventFd efd = EventFd.create()) {
            epoll.add(efd, EpollFlags.EPOLLIN, 9L);
            long[] r = waitThroughSignals("eintr-forever", (e, ev) -> e.wait(ev, -1), epoll, () -> {
                try {
                    efd.write(1);
                } catch (ErrnoException ex) {
                    throw new AssertionError(ex);
                }
            });
            assertEquals(1, r[0]);
        }
    }
}
