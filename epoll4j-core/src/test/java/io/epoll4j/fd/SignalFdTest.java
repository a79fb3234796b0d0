package io.epoll4j.fd;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

import static io.epoll4j.fd.FdTestSupport.DEADLINE;
import static io.epoll4j.fd.FdTestSupport.awaitReadable;
import static io.epoll4j.fd.FdTestSupport.isReadableNow;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every test blocks its signals in the test thread and sends them to that thread with tgkill:
 * the one way a signalfd works dependably inside a JVM (see {@link SignalFd}).
 */
class SignalFdTest {
    // SIGWINCH is ignored by default; a real-time signal would kill the JVM if it were
    // delivered, so the tests drain them before unblocking.
    private static final int RT = Signals.rtMin() + 5;

    @AfterEach
    void drainAndUnblock() throws Exception {
        try (SignalFd drain = SignalFd.create(Signals.SIGWINCH, RT)) {
            SignalInfo info = new SignalInfo();
            while (drain.read(info)) {
                // discard what a failed test left pending
            }
        }
        SignalFd.unblock(Signals.SIGWINCH, RT);
    }

    @Test
    void blockedSignalSentToThisThreadIsReadFromTheSignalFd() throws Exception {
        SignalFd.block(Signals.SIGWINCH);
        try (SignalFd signals = SignalFd.create(Signals.SIGWINCH)) {
            assertFalse(isReadableNow(signals));
            Signals.sendToCurrentThread(Signals.SIGWINCH);
            assertTrue(awaitReadable(signals, DEADLINE), "the signalfd did not become readable");
            SignalInfo info = new SignalInfo();
            assertTrue(signals.read(info));
            assertEquals(Signals.SIGWINCH, info.signo());
            assertEquals(ProcessHandle.current().pid(), info.pid());
            assertEquals(myUid(), info.uid());
            assertEquals(SignalInfo.SI_TKILL, info.code());
            assertFalse(signals.read(info), "one signal, one read");
            assertFalse(isReadableNow(signals));
        }
    }

    @Test
    void standardSignalsMergeRealTimeSignalsQueue() throws Exception {
        SignalFd.block(Signals.SIGWINCH, RT);
        try (SignalFd signals = SignalFd.create(Signals.SIGWINCH, RT)) {
            for (int i = 0; i < 3; i++) {
                Signals.sendToCurrentThread(Signals.SIGWINCH);
                Signals.sendToCurrentThread(RT);
            }
            assertTrue(awaitReadable(signals, DEADLINE));
            int winch = 0;
            int rt = 0;
            SignalInfo info;
            while ((info = signals.read()) != null) {
                if (info.signo() == Signals.SIGWINCH) {
                    winch++;
                } else if (info.signo() == RT) {
                    rt++;
                }
            }
            assertEquals(1, winch, "a pending standard signal absorbs the next ones");
            assertEquals(3, rt, "real-time signals are queued one per send");
        }
    }

    @Test
    void readReturnsNothingWhenNoSignalIsPending() throws Exception {
        SignalFd.block(Signals.SIGWINCH);
        try (SignalFd signals = SignalFd.create(Signals.SIGWINCH)) {
            assertNull(signals.read());
            assertFalse(signals.read(new SignalInfo()));
        }
    }

    @Test
    void signalNotInTheMaskIsNotReported() throws Exception {
        SignalFd.block(Signals.SIGWINCH, RT);
        try (SignalFd signals = SignalFd.create(RT)) {
            Signals.sendToCurrentThread(Signals.SIGWINCH);
            assertFalse(isReadableNow(signals));
            signals.setSignals(Signals.SIGWINCH, RT);
            assertArrayEquals(new int[] {Signals.SIGWINCH, RT}, signals.signals());
            SignalInfo info = signals.read();
            assertNotNull(info, "the pending SIGWINCH is readable once in the mask");
            assertEquals(Signals.SIGWINCH, info.signo());
        }
    }

    @Test
    void blockChangesTheCallingThreadAndTheThreadsItStartsLater() throws Exception {
        CountDownLatch blocked = new CountDownLatch(1);
        boolean[] inEarlierThread = new boolean[1];
        Thread earlier = Thread.ofPlatform().start(() -> {
            awaitQuietly(blocked);
            inEarlierThread[0] = SignalFd.isBlocked(Signals.SIGWINCH);
        });
        assertFalse(SignalFd.isBlocked(Signals.SIGWINCH));
        SignalFd.block(Signals.SIGWINCH);
        assertTrue(SignalFd.isBlocked(Signals.SIGWINCH));
        blocked.countDown();
        boolean[] inLaterThread = new boolean[1];
        Thread later = Thread.ofPlatform().start(() -> inLaterThread[0] = SignalFd.isBlocked(Signals.SIGWINCH));
        earlier.join();
        later.join();
        assertFalse(inEarlierThread[0], "a thread that already ran keeps its own mask");
        assertTrue(inLaterThread[0], "a new thread inherits its creator's mask");
        SignalFd.unblock(Signals.SIGWINCH);
        assertFalse(SignalFd.isBlocked(Signals.SIGWINCH));
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void badSignalNumbersAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> SignalFd.create(0));
        assertThrows(IllegalArgumentException.class, () -> SignalFd.create(65));
        assertThrows(IllegalArgumentException.class, () -> SignalFd.block(-1));
    }

    @Test
    void signalNames() {
        assertEquals("SIGWINCH", Signals.name(Signals.SIGWINCH));
        assertEquals("SIGRTMIN+5", Signals.name(RT));
        assertEquals(64, Signals.rtMax());
    }

    @Test
    void useAfterCloseThrowsAndCloseTwiceIsNoOp() throws Exception {
        SignalFd signals = SignalFd.create(Signals.SIGWINCH);
        FdTestSupport.assertCloseRules(signals, signals::read);
        assertThrows(IllegalStateException.class, () -> signals.setSignals(Signals.SIGWINCH));
    }

    @Test
    void noFdLeakOver500Cycles() throws Exception {
        FdTestSupport.assertNoFdLeak(() -> SignalFd.create(Signals.SIGWINCH));
    }

    private static int myUid() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("Uid:")) {
                return Integer.parseInt(line.split("\\s+")[1]);
            }
        }
        throw new AssertionError("no Uid line in /proc/self/status");
    }
}
