package io.epoll4j.bench.jmh;

import io.epoll4j.fd.ErrnoException;
import io.epoll4j.fd.EventFd;
import io.epoll4j.fd.OwnedFd;

import java.util.ArrayList;
import java.util.List;

/**
 * Fills an epoll interest list with a given number of idle entries, past the open-files limit
 * where it must.
 *
 * <p>Up to {@link #MAX_REAL} entries are real: one idle eventfd each, registered by the caller.
 * Beyond that this machine's hard {@code RLIMIT_NOFILE} (20,000 here, and the process may not
 * raise it) leaves no numbers, so the rest are <em>aliases</em>: an epoll entry is keyed by
 * (open file, fd number) and outlives the number while the file stays open through another
 * descriptor (epoll(7), "Questions and answers", 6). Each alias is a dup of one of the real
 * eventfds, added under its own number, whose number is then closed. The kernel holds one
 * {@code epitem} per alias in the same red-black tree as the real ones, and all of them are
 * idle, which is what the poll cost is measured against; what aliases lack is a slot in a
 * {@code Poller}'s own table, whose lookup does not depend on its size.
 */
final class IdleRegistrations implements AutoCloseable {
    /** Real idle eventfds at most; the rest are aliases. */
    static final int MAX_REAL = 10_000;
    // Dups held open at once while aliasing: real fds plus this stay under a 20,000 limit.
    private static final int ALIAS_BATCH = 5_000;

    /** Adds one idle entry for an fd number to the interest list under test: 0 or {@code -errno}. */
    @FunctionalInterface
    interface Adder {
        int add(int fdNumber, int index);
    }

    /** Registers a real fd through the API under test (it stays open until {@link #close()}). */
    @FunctionalInterface
    interface Registrar {
        void register(EventFd fd, int index) throws ErrnoException;
    }

    private final List<EventFd> real = new ArrayList<>();
    private int aliases;

    /**
     * Creates {@code min(total, MAX_REAL)} idle eventfds and registers each with
     * {@code registrar}, then adds {@code total - MAX_REAL} aliases of them with {@code adder}.
     */
    IdleRegistrations(int total, Registrar registrar, Adder adder) throws ErrnoException {
        try {
            int realCount = Math.min(total, MAX_REAL);
            for (int i = 0; i < realCount; i++) {
                EventFd fd = EventFd.create();
                real.add(fd);
                registrar.register(fd, i);
            }
            int index = realCount;
            int round = 0;
            List<OwnedFd> batch = new ArrayList<>(ALIAS_BATCH);
            while (index < total) {
                // Hold a batch of dups open so their numbers are distinct, add them, close them.
                // Each round reuses about the same numbers, so each round shifts which file a
                // position dups: (file, number) is epoll's key and must not repeat.
                int size = Math.min(ALIAS_BATCH, total - index);
                for (int i = 0; i < size; i++) {
                    int file = (i + round) % realCount;
                    while (true) {
                        OwnedFd dup = real.get(file).dup();
                        int r = adder.add(dup.fd(), index + i);
                        if (r == 0) {
                            batch.add(dup);
                            break;
                        }
                        dup.close();
                        if (r != -ErrnoException.EEXIST) {
                            throw new ErrnoException("epoll_ctl(ADD) of alias " + (index + i), -r);
                        }
                        file = (file + 1) % realCount; // taken by an earlier round: next file
                    }
                }
                batch.forEach(OwnedFd::close);
                batch.clear();
                index += size;
                round++;
                aliases = index - realCount;
            }
        } catch (ErrnoException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Entries that are aliases rather than fds of their own. */
    int aliases() {
        return aliases;
    }

    /** Closes the real eventfds; the aliases go with their files. */
    @Override
    public void close() {
        real.forEach(EventFd::close);
        real.clear();
    }
}
