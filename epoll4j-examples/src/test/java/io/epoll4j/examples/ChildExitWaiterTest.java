package io.epoll4j.examples;

import io.epoll4j.fd.PidFd;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pidfd turns readable when the child exits, and not before. */
class ChildExitWaiterTest {
    @Test
    void returnsWhenTheChildExitsNotBefore() throws Exception {
        // The child waits for its stdin to close: it is certainly alive when the pidfd opens.
        Process child = new ProcessBuilder("sh", "-c", "read line; exit 7").start();
        try (PidFd pidfd = PidFd.of(child.toHandle())) {
            assertFalse(ChildExitWaiter.awaitExit(pidfd, Duration.ofMillis(50)), "still reading its stdin");
            child.getOutputStream().close();
            assertTrue(ChildExitWaiter.awaitExit(pidfd, Duration.ofSeconds(20)));
        } finally {
            child.destroyForcibly();
        }
        assertTrue(child.waitFor(5, TimeUnit.SECONDS), "the pidfd said it exited");
        assertEquals(7, child.exitValue());
    }

    @Test
    void aChildAlreadyReapedCountsAsExited() throws Exception {
        Process child = new ProcessBuilder("true").start();
        assertTrue(child.waitFor(20, TimeUnit.SECONDS));   // the JDK has reaped it: pidfd_open says ESRCH
        assertTrue(ChildExitWaiter.awaitExit(child, Duration.ofSeconds(1)));
    }
}
