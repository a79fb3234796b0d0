package io.epoll4j.examples;

import io.epoll4j.fd.Inotify;
import io.epoll4j.fd.InotifyEvents;
import io.epoll4j.loop.EventLoop;
import io.epoll4j.loop.LoopRegistration;
import io.epoll4j.poll.Interest;
import io.epoll4j.poll.Trigger;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Watches a directory with inotify(7) on an event loop and reports what happens in it: files
 * created, written, moved and deleted.
 *
 * {@snippet lang=sh :
 * epoll4j-examples/run watch /tmp     # then, elsewhere: touch /tmp/x; rm /tmp/x
 * }
 *
 * <p>The inotify fd is edge-triggered: each wake-up reads until {@link Inotify#read} says it
 * would block (0). One read returns many events; {@link InotifyEvents} is a cursor over them,
 * so nothing is allocated per event except the name, and only when it is asked for.
 */
public final class FileWatcher implements AutoCloseable {
    /** What is reported: the changes a user of a watched directory cares about. */
    public static final int MASK = Inotify.IN_CREATE | Inotify.IN_CLOSE_WRITE | Inotify.IN_MOVED_FROM
            | Inotify.IN_MOVED_TO | Inotify.IN_DELETE | Inotify.IN_DELETE_SELF;

    private final LoopRegistration registration;
    private final InotifyEvents events = InotifyEvents.allocate();

    private FileWatcher(EventLoop loop, Path dir, Consumer<String> report) throws IOException {
        Inotify inotify = Inotify.create(Inotify.IN_NONBLOCK | Inotify.IN_CLOEXEC);
        try {
            inotify.addWatch(dir, MASK | Inotify.IN_ONLYDIR);
            // From here the loop owns the fd: closing the registration closes it.
            registration = loop.register(inotify, Interest.READABLE, Trigger.EDGE,
                    (r, ready) -> drain(inotify, report));
        } catch (IOException | RuntimeException e) {
            inotify.close();
            events.close();
            throw e;
        }
    }

    /**
     * Starts watching {@code dir}; each event is handed to {@code report} on the loop thread,
     * as {@code "IN_CREATE name"}.
     *
     * @param loop   the loop that waits for the inotify fd
     * @param dir    the directory to watch
     * @param report where the events go
     * @return the watcher; close it to stop watching
     * @throws IOException if {@code dir} is not a directory, or the watch limit is reached
     */
    public static FileWatcher start(EventLoop loop, Path dir, Consumer<String> report) throws IOException {
        return new FileWatcher(loop, dir, report);
    }

    private void drain(Inotify inotify, Consumer<String> report) throws IOException {
        while (inotify.read(events) > 0) {
            while (events.next()) {
                String what = Inotify.toString(events.mask() & ~Inotify.IN_ISDIR);
                report.accept(events.hasName() ? what + " " + events.name() : what);
            }
        }
    }

    /** Stops watching: deregisters and closes the inotify fd, on the loop (never mid-drain). */
    @Override
    public void close() {
        registration.loop().submit(() -> {
            registration.close();
            events.close();
            return null;
        }).join();
    }

    /**
     * Prints the events of a directory until Ctrl-C.
     *
     * @param args the directory (default: the current one)
     * @throws Exception if it cannot be watched
     */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : ".");
        try (EventLoop loop = EventLoop.start("watch");
             FileWatcher watcher = start(loop, dir, System.out::println)) {
            System.out.println("watching " + dir.toAbsolutePath() + "; Ctrl-C to stop");
            loop.awaitTermination(Duration.ofDays(365));
        }
    }
}
