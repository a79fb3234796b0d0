package io.epoll4j.fd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What the kernel says about an epoll instance: its interest list, read from
 * {@code /proc/PID/fdinfo/FD} (the {@code tfd:} lines, Linux 3.8).
 *
 * {@snippet :
 * for (EpollInfo.Watch w : EpollInfo.of(ProcessHandle.current().pid(), poller.fd()).watches()) {
 *     System.out.println(w.fd() + " " + EpollFlags.toString(w.events()));
 * }
 * for (int epfd : EpollInfo.epollFds(pid)) {       // every epoll instance of a process
 *     System.out.println("epoll fd " + epfd);
 * }
 * }
 *
 * @param pid     the process
 * @param epfd    the epoll fd in that process
 * @param watches the interest list, in the kernel's order
 */
public record EpollInfo(long pid, int epfd, List<Watch> watches) {
    /**
     * One registration: {@code tfd: 5 events: 19 data: 5 pos:0 ino:3f0 sdev:d}.
     *
     * @param fd     the registered fd number (in the registering process)
     * @param events the mask as registered, {@link EpollFlags} bits
     * @param data   the data word
     * @param inode  the inode of the registered file
     */
    public record Watch(int fd, int events, long data, long inode) {}

    /** Copies the watches: an instance never changes. */
    public EpollInfo {
        watches = List.copyOf(watches);
    }

    /** Reads the interest list of {@code epfd} in process {@code pid}. */
    public static EpollInfo of(long pid, int epfd) throws IOException {
        List<Watch> watches = new ArrayList<>();
        for (String line : Files.readAllLines(fdinfo(pid, epfd))) {
            if (line.startsWith("tfd:")) {
                watches.add(parse(line));
            }
        }
        return new EpollInfo(pid, epfd, watches);
    }

    /** The fds of {@code pid} that are epoll instances ({@code anon_inode:[eventpoll]}). */
    public static List<Integer> epollFds(long pid) throws IOException {
        List<Integer> fds = new ArrayList<>();
        try (Stream<Path> entries = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                try {
                    if (Files.readSymbolicLink(entry).toString().equals("anon_inode:[eventpoll]")) {
                        fds.add(Integer.parseInt(entry.getFileName().toString()));
                    }
                } catch (NoSuchFileException e) {
                    // closed while we listed: not an instance any more
                }
            }
        }
        fds.sort(null);
        return fds;
    }

    private static Path fdinfo(long pid, int fd) {
        return Path.of("/proc", Long.toString(pid), "fdinfo", Integer.toString(fd));
    }

    static Watch parse(String line) {
        // Fields are "key: value" or "key:value" with variable padding; values of events, data
        // and ino are hexadecimal.
        String[] t = line.replace(":", ": ").trim().split("\\s+");
        int fd = -1;
        int events = 0;
        long data = 0;
        long inode = 0;
        for (int i = 0; i + 1 < t.length; i += 2) {
            switch (t[i]) {
                case "tfd:" -> fd = Integer.parseInt(t[i + 1]);
                case "events:" -> events = (int) Long.parseUnsignedLong(t[i + 1], 16);
                case "data:" -> data = Long.parseUnsignedLong(t[i + 1], 16);
                case "ino:" -> inode = Long.parseUnsignedLong(t[i + 1], 16);
                default -> { }
            }
        }
        return new Watch(fd, events, data, inode);
    }
}
