package io.epoll4j.fd;

import io.epoll4j.sys.Errno;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static io.epoll4j.fd.FdTestSupport.DEADLINE;
import static io.epoll4j.fd.FdTestSupport.assertErrno;
import static io.epoll4j.fd.FdTestSupport.awaitReadable;
import static io.epoll4j.fd.FdTestSupport.isReadableNow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class PidFdTest {
    private Process child;

    @BeforeAll
    static void needsLinux53() {
        assumeTrue(PidFd.isSupported(), "pidfd_open needs Linux 5.3; this is " + Kernel.release());
    }

    @AfterEach
    void killChild() {
        if (child != null) {
            child.destroyForcibly();
        }
    }

    @Test
    void readableOnlyAfterTheProcessExits() throws Exception {
        child = new ProcessBuilder("sleep", "30").start();
        try (PidFd pidfd = PidFd.of(child.toHandle())) {
            assertEquals(child.pid(), pidfd.pid());
            assertFalse(isReadableNow(pidfd), "readable while sleep runs");
            assertFalse(pidfd.hasExited());
            pidfd.sendSignal(Signals.SIGTERM);
            assertTrue(awaitReadable(pidfd, DEADLINE), "not readable after SIGTERM");
            assertTrue(pidfd.hasExited());
            assertTrue(child.waitFor(10, TimeUnit.SECONDS));
            assertEquals(128 + Signals.SIGTERM, child.exitValue(), "killed by our SIGTERM");
            assertTrue(awaitReadable(pidfd, Duration.ZERO), "stays readable after the reap");
        }
    }

    @Test
    void readableWhenTheProcessExitsByItself() throws Exception {
        // The child waits for its stdin to close: the JDK reaps a child as soon as it exits, and
        // a pidfd can only be opened before that (ESRCH after).
        child = new ProcessBuilder("sh", "-c", "read line; exit 3").start();
        try (PidFd pidfd = PidFd.of(child.pid())) {
            assertFalse(isReadableNow(pidfd));
            child.getOutputStream().close();
            assertTrue(awaitReadable(pidfd, DEADLINE));
            assertTrue(child.waitFor(10, TimeUnit.SECONDS));
            assertEquals(3, child.exitValue());
        }
    }

    @Test
    void signalAfterTheReapIsEsrchNeverAnotherProcess() throws Exception {
        child = new ProcessBuilder("sleep", "30").start();
        try (PidFd pidfd = PidFd.of(child.pid())) {
            pidfd.sendSignal(Signals.SIGKILL);
            assertTrue(child.waitFor(10, TimeUnit.SECONDS));
            // Reaped: the number is free for reuse, but the pidfd still means the dead process.
            ErrnoException e = assertThrows(ErrnoException.class, () -> pidfd.sendSignal(0));
            assertErrno(Errno.ESRCH, e);
        }
    }

    @Test
    void ownProcessIsOpenAndRunning() throws Exception {
        try (PidFd self = PidFd.of(ProcessHandle.current())) {
            assertFalse(self.hasExited());
            self.sendSignal(0); // permission and existence check only
        }
    }

    @Test
    void missingProcessIsEsrch() {
        ErrnoException e = assertThrows(ErrnoException.class, () -> PidFd.of(Integer.MAX_VALUE));
        assertErrno(Errno.ESRCH, e);
        assertThrows(IllegalArgumentException.class, () -> PidFd.of(0));
    }

    @Test
    void threadThatIsNotTheLeaderIsRefused() {
        // The JVM runs main() on a thread it started, never on the process's first thread.
        int tid = Signals.gettid();
        assumeTrue(tid != ProcessHandle.current().pid());
        ErrnoException e = assertThrows(ErrnoException.class, () -> PidFd.of(tid));
        // EINVAL as pidfd_open(2) documents it; recent kernels (seen on 6.18) say ENOENT.
        assertTrue(e.errno() == Errno.EINVAL || e.errno() == Errno.ENOENT, e.getMessage());
    }

    @Test
    void useAfterCloseThrowsAndCloseTwiceIsNoOp() throws Exception {
        PidFd self = PidFd.of(ProcessHandle.current());
        FdTestSupport.assertCloseRules(self, self::hasExited);
        assertThrows(IllegalStateException.class, () -> self.sendSignal(0));
    }

    @Test
    void noFdLeakOver500Cycles() throws Exception {
        long pid = ProcessHandle.current().pid();
        FdTestSupport.assertNoFdLeak(() -> PidFd.of(pid));
    }
}
