package io.epoll4j.fd;

import io.epoll4j.testing.ChildJvm;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A class-path user who forgot {@code --enable-native-access} is told the flag on every
 * attempt: a child JVM without the flag tries three different calls, twice each.
 */
class NativeAccessTest {
    /** The child: each attempt prints the exception it got, one per line. */
    public static final class Child {
        private Child() {}

        public static void main(String[] args) {
            for (int round = 0; round < 2; round++) {
                attempt(() -> Epoll.create().close());
                attempt(() -> Pipe.open().close());
                attempt(Kernel::hasEpollPwait2);
            }
        }

        private interface Attempt {
            void run() throws Exception;
        }

        private static void attempt(Attempt attempt) {
            try {
                attempt.run();
                System.out.println("no exception");
            } catch (Throwable t) {
                System.out.println(t.getClass().getName() + ": " + t.getMessage());
            }
        }
    }

    @Test
    void everyAttemptWithoutNativeAccessNamesTheFlag() throws Exception {
        Process child = new ProcessBuilder(ChildJvm.java(), "-cp", ChildJvm.classPath(NativeAccessTest.class),
                Child.class.getName())
                .redirectErrorStream(true).start();
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child JVM did not finish");
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        List<String> lines = output.lines().filter(l -> !l.startsWith("WARNING")).toList();
        assertEquals(6, lines.size(), output);
        for (String line : lines) {
            assertTrue(line.startsWith("java.lang.IllegalCallerException: "), output);
            assertTrue(line.contains("--enable-native-access=ALL-UNNAMED"), output);
        }
    }

}
