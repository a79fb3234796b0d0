package io.epoll4j.poll;

import io.epoll4j.fd.ErrnoException;
import io.epoll4j.fd.EventFd;
import io.epoll4j.fd.OwnedFd;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hazard the generation in the data word exists for: within one batch a registration ends,
 * its fd number and slot are reused by a new registration, and the kernel's already-reported
 * event for the old one must not reach the new owner.
 */
class StaleEventTest {

    /** A new eventfd with exactly {@code number}, which must be free; Linux hands out the lowest free number. */
    private static EventFd eventFdNumbered(int number) throws ErrnoException {
        List<EventFd> misses = new ArrayList<>();
        try {
            for (int i = 0; i < 64; i++) {
                EventFd e = EventFd.create();
                if (e.fd() == number) {
                    return e;
                }
                misses.add(e);
            }
            throw new AssertionError("fd number " + number + " was not reused");
        } finally {
            misses.forEach(EventFd::close);
        }
    }

    @Test
    void closedAndReusedFdInOneBatchNeverDeliversTheOldEventToTheNewOwner() throws ErrnoException {
        closeAndReuseWithinABatch(true);
    }

    @Test
    void deregisteredAndReusedFdInOneBatchNeverDeliversTheOldEventToTheNewOwner() throws ErrnoException {
        closeAndReuseWithinABatch(false);
    }

    private static void closeAndReuseWithinABatch(boolean closeFd) throws ErrnoException {
        try (Poller poller = Poller.open(); Events events = Events.withCapacity(8)) {
            EventFd a = EventFd.create();
            EventFd b = EventFd.create();
            Registration ra = poller.register(a, 1L, Interest.READABLE, Trigger.LEVEL);
            Registration rb = poller.register(b, 2L, Interest.READABLE, Trigger.LEVEL);
            a.write(1);
            b.write(1);
            assertEquals(2, poller.poll(events, 1_000_000_000L));

            assertTrue(events.next());
            Registration first = events.registration();
            Registration other = first == ra ? rb : ra;
            OwnedFd otherFd = other.fd();
            int number = otherFd.fd();
            if (closeFd) {
                otherFd.close();
            } else {
                other.deregister();
                otherFd.close();
            }
            assertFalse(other.isRegistered());

            EventFd reused = eventFdNumbered(number);
            reused.write(1);
            Registration fresh = poller.register(reused, 99L, Interest.READABLE, Trigger.LEVEL);
            // Same number and same slot: only the generation tells the two apart.
            assertEquals(other.slot, fresh.slot);
            assertNotEquals(other.generation, fresh.generation);
            assertNotEquals(other.data(), fresh.data());

            // The old registration's event is still in this batch: it must be skipped.
            assertFalse(events.next(), "the stale event was delivered with token " + safeToken(events));
            assertEquals(2, events.count(), "the kernel did report it");

            // The next poll reports the new registration under its own token.
            assertEquals(2, poller.poll(events, 1_000_000_000L));
            long tokens = 0;
            while (events.next()) {
                tokens += events.token();
            }
            assertEquals(first.token() + 99L, tokens);
            reused.close();
            a.close();
            b.close();
        }
    }

    private static String safeToken(Events events) {
        try {
            return Long.toString(events.token());
        } catch (IllegalStateException e) {
            return "none";
        }
    }

    @Test
    void eventsOfARegistrationDeregisteredMidBatchAreSkipped() throws ErrnoException {
        try (Poller poller = Poller.open(); EventFd a = EventFd.create(); EventFd b = EventFd.create();
             Events events = Events.withCapacity(8)) {
            Registration ra = poller.register(a, 1L, Interest.READABLE, Trigger.LEVEL);
            Registration rb = poller.register(b, 2L, Interest.READABLE, Trigger.LEVEL);
            a.write(1);
            b.write(1);
            assertEquals(2, poller.poll(events, 1_000_000_000L));
            assertTrue(events.next());
            (events.registration() == ra ? rb : ra).deregister();
            assertFalse(events.next());
        }
    }
}
