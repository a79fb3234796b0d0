package io.epoll4j.fd;

import io.epoll4j.sys.Unistd;
import io.epoll4j.testing.Fixtures;
import io.epoll4j.testing.ProcFds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Ownership of a descriptor: read/write conventions, dup, close listeners, use counts. */
class OwnedFdTest {

    @Test
    void readReturnsBytesThenZeroWhenItWouldBlockThenMinusOneAtEnd() throws ErrnoException {
        try (Pipe pipe = Pipe.open(); Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(16);
            assertEquals(0, pipe.source().read(buf), "empty non-blocking pipe: EAGAIN reads as 0");
            Fixtures.write(pipe.sink(), "hi");
            assertEquals(2, pipe.source().read(buf));
            pipe.sink().close();
            assertEquals(-1, pipe.source().read(buf));
            assertEquals(0, pipe.source().read(buf.asSlice(0, 0)), "an empty buffer is not end of file");
        }
    }

    @Test
    void writeReturnsZeroWhenThePipeIsFull() throws ErrnoException {
        try (Pipe pipe = Pipe.open(); Arena arena = Arena.ofConfined()) {
            long filled = Fixtures.fill(pipe.sink());
            assertTrue(filled >= 4096, "pipe took " + filled);
            assertEquals(0, pipe.sink().write(arena.allocate(1)));
        }
    }

    @Test
    void openReadsARegularFile(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("f"), "content");
        try (OwnedFd fd = OwnedFd.open(file)) {
            assertEquals("content", Fixtures.readOnce(fd));
            assertNull(Fixtures.readOnce(fd));
            int flags = Unistd.fcntl(fd.fd(), Unistd.F_GETFD, 0);
            assertEquals(Unistd.FD_CLOEXEC, flags & Unistd.FD_CLOEXEC);
        }
        var e = assertThrows(ErrnoException.class, () -> OwnedFd.open(dir.resolve("missing")));
        assertEquals(ErrnoException.ENOENT, e.errno());
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
    }

    @Test
    void dupSharesTheFileAndIsCloseOnExec() throws ErrnoException {
        try (Pipe pipe = Pipe.open(); OwnedFd dup = pipe.sink().dup()) {
            assertTrue(dup.fd() != pipe.sink().fd());
            assertEquals(Unistd.FD_CLOEXEC, Unistd.fcntl(dup.fd(), Unistd.F_GETFD, 0) & Unistd.FD_CLOEXEC);
            Fixtures.write(dup, "via dup");
            assertEquals("via dup", Fixtures.readOnce(pipe.source()));
            pipe.sink().close();
            // The dup still holds the write end open: no end of file yet.
            assertEquals("", Fixtures.readOnce(pipe.source()));
        }
    }

    @Test
    void setNonBlockingTogglesTheFlag() throws ErrnoException {
        try (Pipe pipe = Pipe.open(Unistd.O_CLOEXEC)) {
            int fd = pipe.source().fd();
            assertEquals(0, Unistd.fcntl(fd, Unistd.F_GETFL, 0) & Unistd.O_NONBLOCK);
            pipe.source().setNonBlocking(true);
            assertEquals(Unistd.O_NONBLOCK, Unistd.fcntl(fd, Unistd.F_GETFL, 0) & Unistd.O_NONBLOCK);
            pipe.source().setNonBlocking(false);
            assertEquals(0, Unistd.fcntl(fd, Unistd.F_GETFL, 0) & Unistd.O_NONBLOCK);
        }
    }

    @Test
    void closeListenersRunOnceWhileTheNumberIsStillOpen() throws ErrnoException {
        EventFd efd = EventFd.create();
        int number = efd.fd();
        List<String> calls = new ArrayList<>();
        efd.addCloseListener(fd -> calls.add("first " + fd + " open=" + ProcFds.isOpen(fd)));
        OwnedFd.CloseListener removed = fd -> calls.add("removed");
        efd.addCloseListener(removed);
        efd.removeCloseListener(removed);
        efd.addCloseListener(fd -> calls.add("second"));
        efd.close();
        efd.close();
        assertEquals(List.of("first " + number + " open=true", "second"), calls);
        assertThrows(IllegalStateException.class, () -> efd.addCloseListener(fd -> calls.add("late")));
        assertEquals(2, calls.size());
    }

    @Test
    void closeListenersRunInTheOrderAddedWhicheverWereRemoved() throws ErrnoException {
        EventFd efd = EventFd.create();
        List<String> calls = new ArrayList<>();
        OwnedFd.CloseListener[] listeners = new OwnedFd.CloseListener[5];
        for (int i = 0; i < listeners.length; i++) {
            String name = "l" + i;
            listeners[i] = fd -> calls.add(name);
            efd.addCloseListener(listeners[i]);
        }
        efd.removeCloseListener(listeners[2]);   // from the middle
        efd.removeCloseListener(listeners[0]);   // the first
        efd.removeCloseListener(listeners[2]);   // not there any more: nothing happens
        efd.removeCloseListener(fd -> { });      // never added: nothing happens
        efd.close();
        assertEquals(List.of("l1", "l3", "l4"), calls);
    }

    @Test
    void closeListenersAddedAndRemovedFromManyThreadsAreNeitherLostNorRunTwice() throws Exception {
        int threads = 4;
        int perThread = 2_000;
        EventFd efd = EventFd.create();
        java.util.concurrent.atomic.AtomicIntegerArray runs = new java.util.concurrent.atomic.AtomicIntegerArray(threads);
        List<CompletableFuture<Void>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            workers.add(CompletableFuture.runAsync(() -> {
                // Each thread churns its own listeners and keeps the last one.
                for (int i = 0; i < perThread; i++) {
                    OwnedFd.CloseListener l = fd -> runs.incrementAndGet(id);
                    efd.addCloseListener(l);
                    if (i < perThread - 1) {
                        efd.removeCloseListener(l);
                    }
                }
            }));
        }
        CompletableFuture.allOf(workers.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        efd.close();
        for (int t = 0; t < threads; t++) {
            assertEquals(1, runs.get(t), "listeners of thread " + t + " that ran");
        }
    }

    @Test
    void useAfterCloseThrowsAndCloseTwiceDoesNothing() throws ErrnoException {
        Pipe pipe = Pipe.open();
        OwnedFd source = pipe.source();
        pipe.close();
        pipe.close();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(1);
            assertThrows(IllegalStateException.class, () -> source.read(buf));
            assertThrows(IllegalStateException.class, () -> pipe.sink().write(buf));
        }
        assertThrows(IllegalStateException.class, source::fd);
        assertThrows(IllegalStateException.class, source::acquire);
        assertThrows(IllegalStateException.class, source::dup);
        assertThrows(IllegalStateException.class, () -> source.setNonBlocking(true));
        var e = assertThrows(IllegalStateException.class, source::fd);
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }

    @Test
    void adoptRefusesANegativeNumber() {
        assertThrows(IllegalArgumentException.class, () -> OwnedFd.adopt(-1));
    }

    @Test
    @Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void closeDuringABlockedReadKeepsTheNumberUntilTheReadReturns() throws Exception {
        // A blocking pipe: the reader sleeps in read(2) holding a use of the descriptor.
        try (Pipe pipe = Pipe.open(Unistd.O_CLOEXEC)) {
            OwnedFd source = pipe.source();
            int number = source.fd();
            var result = new CompletableFuture<String>();
            Thread reader = Thread.ofPlatform().name("owned-fd-reader").start(() -> {
                try {
                    result.complete(Fixtures.readOnce(source));
                } catch (Throwable t) {
                    result.completeExceptionally(t);
                }
            });
            Fixtures.awaitBlockedIn("owned-fd-reader", Fixtures.SYS_READ, Duration.ofSeconds(5));
            source.close();
            assertFalse(source.isOpen());
            assertThrows(IllegalStateException.class, source::fd);
            // The kernel number is still the reader's: no new file can take it under the read.
            assertTrue(ProcFds.isOpen(number));
            Fixtures.write(pipe.sink(), "late data");
            assertEquals("late data", result.get(5, TimeUnit.SECONDS));
            reader.join();
            assertFalse(ProcFds.isOpen(number), "released once the last use ended");
        }
    }
}
