package io.epoll4j.fd;

import io.epoll4j.sys.Stat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** fstat(2) on the open descriptor: type, size, inode and mtime as the kernel reports them. */
class FileStatTest {

    @Test
    void structStatHasTheKernelsSizeOnEachArchitecture() {
        assertEquals(144, Stat.layoutFor("amd64").byteSize());
        assertEquals(128, Stat.layoutFor("aarch64").byteSize());
    }

    @Test
    void regularFileReportsItsSizeInodeAndModificationTime(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("f.txt");
        Files.write(file, new byte[12345]);
        Instant when = Instant.parse("2024-05-06T07:08:09.123456789Z");
        Files.setLastModifiedTime(file, FileTime.from(when));
        try (OwnedFd fd = OwnedFd.open(file, OwnedFd.O_RDONLY | OwnedFd.O_NONBLOCK | OwnedFd.O_NOFOLLOW)) {
            FileStat stat = FileStat.of(fd);
            assertTrue(stat.isRegularFile());
            assertFalse(stat.isDirectory());
            assertEquals(12345, stat.size());
            assertEquals(((Number) Files.getAttribute(file, "unix:ino")).longValue(), stat.inode());
            assertEquals(Files.getLastModifiedTime(file).to(TimeUnit.NANOSECONDS), stat.modifiedNanos());
        }
    }

    @Test
    void directoryIsNotARegularFile(@TempDir Path dir) throws Exception {
        try (OwnedFd fd = OwnedFd.open(dir, OwnedFd.O_RDONLY | OwnedFd.O_DIRECTORY)) {
            FileStat stat = FileStat.of(fd);
            assertTrue(stat.isDirectory());
            assertFalse(stat.isRegularFile());
        }
    }

    @Test
    void fifoOpenedNonBlockingDoesNotWaitForAWriterAndIsNoRegularFile(@TempDir Path dir) throws Exception {
        Path fifo = dir.resolve("pipe");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertTrue(mk.waitFor(10, TimeUnit.SECONDS) && mk.exitValue() == 0, "mkfifo failed");
        // Without O_NONBLOCK this open would block until a writer appears (fifo(7)).
        try (OwnedFd fd = OwnedFd.open(fifo, OwnedFd.O_RDONLY | OwnedFd.O_NONBLOCK | OwnedFd.O_NOFOLLOW)) {
            FileStat stat = FileStat.of(fd);
            assertTrue(stat.isFifo());
            assertFalse(stat.isRegularFile());
        }
    }
}
