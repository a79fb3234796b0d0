package io.epoll4j.fd;

import io.epoll4j.sys.Errno;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import static io.epoll4j.fd.FdTestSupport.DEADLINE;
import static io.epoll4j.fd.FdTestSupport.assertErrno;
import static io.epoll4j.fd.FdTestSupport.awaitReadable;
import static io.epoll4j.fd.FdTestSupport.isReadableNow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InotifyTest {
    @TempDir
    Path dir;

    /** One event as the test keeps it, copied out of the reusable buffer. */
    record Event(int wd, int mask, int cookie, String name) {
        boolean is(int bit) {
            return (mask & bit) != 0;
        }

        @Override
        public String toString() {
            return "wd " + wd + " " + Inotify.toString(mask) + " " + name;
        }
    }

    @Test
    void createModifyDeleteInAWatchedDirectory() throws Exception {
        try (Inotify inotify = Inotify.create(); InotifyEvents events = InotifyEvents.allocate()) {
            int wd = inotify.addWatch(dir, Inotify.IN_CREATE | Inotify.IN_MODIFY | Inotify.IN_DELETE);
            assertFalse(isReadableNow(inotify));
            Path file = dir.resolve("hello.txt");
            Files.writeString(file, "hello");
            Files.delete(file);
            List<Event> seen = collect(inotify, events, e -> e.is(Inotify.IN_DELETE));
            assertEquals(List.of(
                    new Event(wd, Inotify.IN_CREATE, 0, "hello.txt"),
                    new Event(wd, Inotify.IN_MODIFY, 0, "hello.txt"),
                    new Event(wd, Inotify.IN_DELETE, 0, "hello.txt")), seen);
            assertEquals(0, inotify.read(events), "nothing left: EAGAIN reads as 0");
        }
    }

    @Test
    void removeWatchEndsWithInIgnored() throws Exception {
        try (Inotify inotify = Inotify.create(); InotifyEvents events = InotifyEvents.allocate()) {
            int wd = inotify.addWatch(dir, Inotify.IN_CREATE);
            inotify.removeWatch(wd);
            List<Event> seen = collect(inotify, events, e -> e.is(Inotify.IN_IGNORED));
            assertEquals(List.of(new Event(wd, Inotify.IN_IGNORED, 0, null)), seen);
            ErrnoException e = assertThrows(ErrnoException.class, () -> inotify.removeWatch(wd));
            assertErrno(Errno.EINVAL, e);
        }
    }

    @Test
    void directoriesCarryInIsdirAndRenamesShareACookie() throws Exception {
        try (Inotify inotify = Inotify.create(); InotifyEvents events = InotifyEvents.allocate()) {
            int wd = inotify.addWatch(dir, Inotify.IN_CREATE | Inotify.IN_MOVE);
            Files.createDirectory(dir.resolve("sub"));
            Files.move(dir.resolve("sub"), dir.resolve("renamed"));
            List<Event> seen = collect(inotify, events, e -> e.is(Inotify.IN_MOVED_TO));
            assertEquals(3, seen.size(), seen.toString());
            assertEquals(new Event(wd, Inotify.IN_CREATE | Inotify.IN_ISDIR, 0, "sub"), seen.get(0));
            Event from = seen.get(1);
            Event to = seen.get(2);
            assertEquals(Inotify.IN_MOVED_FROM | Inotify.IN_ISDIR, from.mask());
            assertEquals("sub", from.name());
            assertEquals(Inotify.IN_MOVED_TO | Inotify.IN_ISDIR, to.mask());
            assertEquals("renamed", to.name());
            assertNotEquals(0, from.cookie());
            assertEquals(from.cookie(), to.cookie());
        }
    }

    @Test
    void watchOnAFileReportsItsOwnEventsWithoutAName() throws Exception {
        Path file = Files.writeString(dir.resolve("watched"), "x");
        try (Inotify inotify = Inotify.create(); InotifyEvents events = InotifyEvents.allocate()) {
            int wd = inotify.addWatch(file, Inotify.IN_DELETE_SELF);
            assertEquals(wd, inotify.addWatch(file, Inotify.IN_DELETE_SELF | Inotify.IN_MASK_ADD),
                    "the same inode, the same watch descriptor");
            Files.delete(file);
            List<Event> seen = collect(inotify, events, e -> e.is(Inotify.IN_IGNORED));
            assertEquals(List.of(new Event(wd, Inotify.IN_DELETE_SELF, 0, null),
                    new Event(wd, Inotify.IN_IGNORED, 0, null)), seen);
        }
    }

    @Test
    void cursorReadsManyEventsFromOneReadAndMatchesNamesWithoutAllocating() throws Exception {
        try (Inotify inotify = Inotify.create(); InotifyEvents events = InotifyEvents.allocate()) {
            inotify.addWatch(dir, Inotify.IN_CREATE);
            for (int i = 0; i < 50; i++) {
                Files.createFile(dir.resolve("f" + i));
            }
            assertTrue(awaitReadable(inotify, DEADLINE));
            int n = inotify.read(events);
            assertEquals(50, n, "all 50 events fit into one 64 KiB read");
            assertEquals(n, events.count());
            for (int i = 0; i < 50; i++) {
                assertTrue(events.next());
                assertTrue(events.nameEquals("f" + i), "event " + i + " is " + events.name());
                assertFalse(events.nameEquals("f" + i + "x"));
                assertFalse(events.nameEquals("f"));
            }
            assertFalse(events.next());
            assertThrows(IllegalStateException.class, events::wd);
        }
    }

    @Test
    void missingPathIsEnoentAndOnlydirRefusesAFile() throws Exception {
        Path file = Files.writeString(dir.resolve("file"), "x");
        try (Inotify inotify = Inotify.create()) {
            assertErrno(Errno.ENOENT, assertThrows(ErrnoException.class,
                    () -> inotify.addWatch(dir.resolve("missing"), Inotify.IN_CREATE)));
            assertErrno(Errno.ENOTDIR, assertThrows(ErrnoException.class,
                    () -> inotify.addWatch(file, Inotify.IN_ATTRIB | Inotify.IN_ONLYDIR)));
        }
    }

    @Test
    void maskToString() {
        assertEquals("IN_CREATE|IN_ISDIR", Inotify.toString(Inotify.IN_CREATE | Inotify.IN_ISDIR));
        assertEquals("IN_CLOSE_WRITE|IN_CLOSE_NOWRITE", Inotify.toString(Inotify.IN_CLOSE));
        assertEquals("IN_ONESHOT", Inotify.toString(Inotify.IN_ONESHOT));
        assertEquals("IN_Q_OVERFLOW|0x1000", Inotify.toString(Inotify.IN_Q_OVERFLOW | 0x1000));
        assertEquals("0", Inotify.toString(0));
    }

    @Test
    void bufferSmallerThanOneEventIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> InotifyEvents.allocate(InotifyEvents.MIN_CAPACITY - 1));
        try (InotifyEvents events = InotifyEvents.allocate(InotifyEvents.MIN_CAPACITY)) {
            assertFalse(events.next());
        }
    }

    @Test
    void useAfterCloseThrowsAndCloseTwiceIsNoOp() throws Exception {
        Inotify inotify = Inotify.create();
        try (InotifyEvents events = InotifyEvents.allocate()) {
            FdTestSupport.assertCloseRules(inotify, () -> inotify.read(events));
        }
        assertThrows(IllegalStateException.class, () -> inotify.addWatch(dir, Inotify.IN_CREATE));
        assertThrows(IllegalStateException.class, () -> inotify.removeWatch(1));
    }

    @Test
    void noFdLeakOver500Cycles() throws Exception {
        int[] cycle = new int[1];
        FdTestSupport.assertNoFdLeak(() -> {
            Inotify inotify = Inotify.create();
            // Closing an instance with watches waits for the kernel to free them (about 10 ms
            // each here): watch in a tenth of the cycles only, to keep the test short.
            if (cycle[0]++ % 10 == 0) {
                inotify.addWatch(dir, Inotify.IN_CREATE);
            }
            return inotify;
        });
    }

    /** Reads events, waiting with a poller, until one matches {@code last}; all read so far in order. */
    private static List<Event> collect(Inotify inotify, InotifyEvents events, Predicate<Event> last)
            throws ErrnoException {
        List<Event> seen = new ArrayList<>();
        while (true) {
            assertTrue(awaitReadable(inotify, DEADLINE), "no more events after " + seen);
            inotify.read(events);
            while (events.next()) {
                Event e = new Event(events.wd(), events.mask(), events.cookie(), events.name());
                if (events.hasName()) {
                    assertEquals(e.name(), events.name());
                } else {
                    assertNull(events.name());
                }
                seen.add(e);
                if (last.test(e)) {
                    return seen;
                }
            }
        }
    }
}
