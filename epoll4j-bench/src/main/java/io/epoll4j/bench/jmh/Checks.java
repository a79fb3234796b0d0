package io.epoll4j.bench.jmh;

import java.util.List;

/** What every benchmark's setup and teardown needs: a sanity check and closing in reverse. */
final class Checks {
    private Checks() {}

    /** A benchmark that measures the wrong thing is worse than none: fail the trial at once. */
    static void expect(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException("benchmark setup is wrong: expected that " + what);
        }
    }

    /** Closes in reverse order of opening (registrations before the fds they name), then clears. */
    static void closeAll(List<? extends AutoCloseable> resources) throws Exception {
        Exception first = null;
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        resources.clear();
        if (first != null) {
            throw first;
        }
    }
}
