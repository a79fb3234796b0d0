package io.epoll4j.fd;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The errors epoll_ctl(2) lists, each provoked for real and reported with call, errno and name. */
class EpollCtlErrorsTest {
    private Epoll epoll;
    private EventFd efd;

    @BeforeEach
    void open() throws ErrnoException {
        epoll = Epoll.create();
        efd = EventFd.create();
    }

    @AfterEach
    void close() {
        efd.close();
        epoll.close();
    }

    private static void assertErrno(ErrnoException e, int errno, String name, String op) {
        assertEquals(errno, e.errno());
        assertEquals(name, e.errnoName());
        assertFalse(e.strerror().isBlank());
        assertTrue(e.syscall().startsWith("epoll_ctl(" + op), e.syscall());
        assertTrue(e.getMessage().contains("epoll_ctl(" + op), e.getMessage());
        assertTrue(e.getMessage().contains(name), e.getMessage());
    }

    @Test
    void addingTheSameFdTwiceFailsWithEexist() throws ErrnoException {
        epoll.add(efd, EpollFlags.EPOLLIN, 1L);
        var e = assertThrows(ErrnoException.class, () -> epoll.add(efd, EpollFlags.EPOLLIN, 2L));
        assertErrno(e, ErrnoException.EEXIST, "EEXIST", "ADD");
        assertTrue(e.getMessage().contains("File exists"), e.getMessage());
    }

    @Test
    void modifyingAnUnregisteredFdFailsWithEnoent() {
        var e = assertThrows(ErrnoException.class, () -> epoll.modify(efd, EpollFlags.EPOLLIN, 1L));
        assertErrno(e, ErrnoException.ENOENT, "ENOENT", "MOD");
    }

    @Test
    void deletingAnUnregisteredFdFailsWithEnoent() {
        var e = assertThrows(ErrnoException.class, () -> epoll.delete(efd));
        assertErrno(e, ErrnoException.ENOENT, "ENOENT", "DEL");
    }

    @Test
    void deletingTwiceFailsTheSecondTime() throws ErrnoException {
        epoll.add(efd, EpollFlags.EPOLLIN, 1L);
        epoll.delete(efd);
        var e = assertThrows(ErrnoException.class, () -> epoll.delete(efd));
        assertErrno(e, ErrnoException.ENOENT, "ENOENT", "DEL");
    }

    @Test
    void addingARegularFileFailsWithEperm(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("plain.txt"), "regular files are always ready");
        try (OwnedFd regular = OwnedFd.open(file)) {
            var e = assertThrows(ErrnoException.class, () -> epoll.add(regular, EpollFlags.EPOLLIN, 1L));
            assertErrno(e, ErrnoException.EPERM, "EPERM", "ADD");
        }
    }

    @Test
    void addingAnEpollFdToItselfFailsWithEinval() {
        var e = assertThrows(ErrnoException.class, () -> epoll.add(epoll.fd(), EpollFlags.EPOLLIN, 1L));
        assertErrno(e, ErrnoException.EINVAL, "EINVAL", "ADD");
    }

    @Test
    void anEpollFdCanWatchAnotherEpollFd() throws ErrnoException {
        // The contrast to the EINVAL above: nesting is allowed, only a loop onto itself is not.
        try (Epoll inner = Epoll.create(); EpollEvents events = EpollEvents.allocate(4)) {
            inner.add(efd, EpollFlags.EPOLLIN, 1L);
            epoll.add(inner, EpollFlags.EPOLLIN, 2L);
            efd.write(1);
            assertEquals(1, epoll.wait(events, 1000));
            assertEquals(2L, events.data(0));
        }
    }

    @Test
    void anInvalidFdFailsWithEbadf() {
        // Far above any RLIMIT_NOFILE this process has: never an open descriptor.
        int invalid = 1 << 30;
        var add = assertThrows(ErrnoException.class, () -> epoll.add(invalid, EpollFlags.EPOLLIN, 1L));
        assertErrno(add, ErrnoException.EBADF, "EBADF", "ADD");
        assertTrue(add.getMessage().contains("fd " + invalid), add.getMessage());
        var del = assertThrows(ErrnoException.class, () -> epoll.delete(invalid));
        assertErrno(del, ErrnoException.EBADF, "EBADF", "DEL");
    }

    @Test
    void aClosedFdNumberFailsWithEbadf() throws ErrnoException {
        EventFd gone = EventFd.create();
        int number = gone.fd();
        gone.close();
        var e = assertThrows(ErrnoException.class, () -> epoll.add(number, EpollFlags.EPOLLIN, 1L));
        assertErrno(e, ErrnoException.EBADF, "EBADF", "ADD");
    }

    @Test
    void modifyWithExclusiveFailsWithEinval() throws ErrnoException {
        epoll.add(efd, EpollFlags.EPOLLIN, 1L);
        var e = assertThrows(ErrnoException.class,
                () -> epoll.modify(efd, EpollFlags.EPOLLIN | EpollFlags.EPOLLEXCLUSIVE, 1L));
        assertErrno(e, ErrnoException.EINVAL, "EINVAL", "MOD");
        assertTrue(e.getMessage().contains("EPOLLEXCLUSIVE"), e.getMessage());
    }

    @Test
    void modifyOfAnExclusiveRegistrationFailsWithEinval() throws ErrnoException {
        epoll.add(efd, EpollFlags.EPOLLIN | EpollFlags.EPOLLEXCLUSIVE, 1L);
        var e = assertThrows(ErrnoException.class, () -> epoll.modify(efd, EpollFlags.EPOLLIN, 1L));
        assertErrno(e, ErrnoException.EINVAL, "EINVAL", "MOD");
        // Only DEL then ADD changes it, which is what Poller does.
        epoll.delete(efd);
        epoll.add(efd, EpollFlags.EPOLLOUT, 2L);
    }

    @Test
    void exclusiveWithOneShotFailsWithEinval() {
        var e = assertThrows(ErrnoException.class, () -> epoll.add(efd,
                EpollFlags.EPOLLIN | EpollFlags.EPOLLEXCLUSIVE | EpollFlags.EPOLLONESHOT, 1L));
        assertErrno(e, ErrnoException.EINVAL, "EINVAL", "ADD");
    }
}
