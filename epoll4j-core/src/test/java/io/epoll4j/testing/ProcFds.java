package io.epoll4j.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * This process's open file descriptors, as {@code /proc/self/fd} lists them: what the leak
 * checks of every module count.
 *
 * {@snippet :
 * int before = ProcFds.count();
 * try (Pipe pipe = Pipe.open()) {
 *     assertEquals(before + 2, ProcFds.count());
 * }
 * assertEquals(before, ProcFds.count(), ProcFds.describe());
 * }
 *
 * <p>The directory stream that lists them holds one fd while it does, so every count includes
 * it: counts compare with counts, not with a number of fds a test opened.
 */
public final class ProcFds {
    private static final Path SELF = Path.of("/proc/self/fd");

    private ProcFds() {}

    /** How many descriptors this process has open. */
    public static int count() {
        try (Stream<Path> fds = Files.list(SELF)) {
            return (int) fds.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Each open descriptor's number and what it refers to ({@code socket:[4711]},
     * {@code anon_inode:[eventpoll]}, a path), in number order; {@code ""} for one closed
     * between the listing and the look.
     */
    public static Map<Integer, String> targets() {
        try (Stream<Path> fds = Files.list(SELF)) {
            return fds.collect(Collectors.toMap(p -> Integer.parseInt(p.getFileName().toString()), ProcFds::target,
                    (a, b) -> a, TreeMap::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether descriptor number {@code fd} is open in this process. */
    public static boolean isOpen(int fd) {
        return Files.exists(SELF.resolve(Integer.toString(fd)), LinkOption.NOFOLLOW_LINKS);
    }

    /** The open descriptors as {@code 3->socket:[4711], 4->...}, for failure messages. */
    public static String describe() {
        return targets().entrySet().stream().map(e -> e.getKey() + "->" + e.getValue())
                .collect(Collectors.joining(", "));
    }

    private static String target(Path fd) {
        try {
            return Files.readSymbolicLink(fd).toString();
        } catch (IOException e) {
            return "";
        }
    }
}
