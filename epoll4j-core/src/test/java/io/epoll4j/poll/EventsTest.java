package io.epoll4j.poll;

import io.epoll4j.fd.EpollEvents;
import io.epoll4j.fd.ErrnoException;
import io.epoll4j.sys.EpollEvent;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The event array's limits and lifecycle, and what a poll says about a closed one. */
class EventsTest {
    @Test
    void theLargestCapacityIsTheKernelsIntMaxOverTheStructSize() {
        assertEquals(Integer.MAX_VALUE / EpollEvent.SIZE, Events.MAX_CAPACITY);
        assertEquals(EpollEvents.MAX_CAPACITY, Events.MAX_CAPACITY);
    }

    @Test
    void capacitiesTheKernelWouldRefuseAreRefusedBeforeAllocating() {
        for (int capacity : new int[] {0, -1, Integer.MIN_VALUE, Events.MAX_CAPACITY + 1, Integer.MAX_VALUE}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Events.withCapacity(capacity), "capacity " + capacity);
            assertTrue(e.getMessage().contains(Integer.toString(capacity)), e.getMessage());
            assertTrue(e.getMessage().contains("INT_MAX / sizeof(struct epoll_event)"), e.getMessage());
        }
    }

    @Test
    void aClosedEventsPassedToPollIsAnIllegalStateExceptionNamingIt() throws ErrnoException {
        try (Poller poller = Poller.open()) {
            Events events = Events.withCapacity(4);
            events.close();
            assertTrue(events.isClosed());
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> poller.poll(events, 0));
            assertTrue(e.getMessage().contains("Events[capacity 4, closed]"), e.getMessage());
            assertThrows(IllegalStateException.class, () -> poller.poll(events, null));
        }
    }

    @Test
    void closingTwiceDoesNothing() {
        Events events = Events.withCapacity(1);
        assertFalse(events.isClosed());
        events.close();
        events.close();
        assertTrue(events.isClosed());
        assertEquals("Events[capacity 1, closed]", events.toString());
    }
}
