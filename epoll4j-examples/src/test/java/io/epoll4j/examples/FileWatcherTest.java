package io.epoll4j.examples;

import io.epoll4j.loop.EventLoop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The watcher reports what the kernel saw in the directory, in order. */
class FileWatcherTest {
    @Test
    void reportsCreateWriteMoveAndDeleteInOrder(@TempDir Path dir) throws Exception {
        BlockingQueue<String> seen = new LinkedBlockingQueue<>();
        try (EventLoop loop = EventLoop.start("watch-test");
             FileWatcher watcher = FileWatcher.start(loop, dir, seen::add)) {
            Files.writeString(dir.resolve("a.txt"), "x");
            Files.move(dir.resolve("a.txt"), dir.resolve("b.txt"));
            Files.delete(dir.resolve("b.txt"));
            for (String expected : new String[] {"IN_CREATE a.txt", "IN_CLOSE_WRITE a.txt",
                    "IN_MOVED_FROM a.txt", "IN_MOVED_TO b.txt", "IN_DELETE b.txt"}) {
                assertEquals(expected, seen.poll(10, TimeUnit.SECONDS));
            }
        }
    }

    @Test
    void aPathThatIsNotADirectoryIsRefused(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("f"), "");
        try (EventLoop loop = EventLoop.start("watch-test")) {
            IOException e = assertThrows(IOException.class, () -> FileWatcher.start(loop, file, s -> {}));
            assertTrue(e.getMessage().contains("ENOTDIR"), e.getMessage());
        }
    }
}
