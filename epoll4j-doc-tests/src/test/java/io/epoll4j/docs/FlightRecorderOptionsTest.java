package io.epoll4j.docs;

import io.epoll4j.loop.EventLoop;
import io.epoll4j.testing.ChildJvm;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's Flight Recorder command line does what its comment says: a child JVM started
 * with exactly its {@code -XX:StartFlightRecording} option records every poll
 * ({@code io.epoll4j.PollWait}, off by default) and turns from 1 ms ({@code io.epoll4j.SlowTurn},
 * 10 ms by default). Settings of an event that no {@code .jfc} file lists need a '+' before the
 * event's name; without it the JVM warns that the setting "doesn't exist" and records with the
 * defaults, which is how the README's first version of this line recorded no poll and no turn
 * under 10 ms.
 */
class FlightRecorderOptionsTest {
    private static final Pattern OPTION = Pattern.compile("(?m)^java (-XX:StartFlightRecording:\\S+) \\.\\.\\.$");
    private static final String LOOP = "jfr-options";
    /** Each of the child's slow turns: over the README's 1 ms, well under the default 10 ms. */
    private static final Duration SPIN = Duration.ofMillis(2);
    private static final int TURNS = 5;

    /** The child: a loop that runs {@link #TURNS} tasks one after another, each computing for {@link #SPIN}. */
    public static final class Child {
        private Child() {}

        public static void main(String[] args) throws Exception {
            try (EventLoop loop = EventLoop.start(LOOP)) {
                for (int i = 0; i < TURNS; i++) {
                    CountDownLatch ran = new CountDownLatch(1);
                    loop.execute(() -> {
                        long end = System.nanoTime() + SPIN.toNanos();
                        while (System.nanoTime() - end < 0) {
                            Thread.onSpinWait();
                        }
                        ran.countDown();
                    });
                    if (!ran.await(20, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("task " + i + " did not run");
                    }
                }
            }
        }
    }

    @Test
    void theReadmesRecordingOptionRecordsEveryPollAndTurnsFromOneMillisecond(@TempDir Path tmp) throws Exception {
        Path repo = Path.of("").toAbsolutePath().getParent();
        Matcher m = OPTION.matcher(Files.readString(repo.resolve("README.md")));
        assertTrue(m.find(), "the README has no line 'java -XX:StartFlightRecording:... ...'");
        String option = m.group(1);
        assertTrue(option.contains("filename=poll.jfr"), option);
        Path file = tmp.resolve("poll.jfr");
        option = option.replace("filename=poll.jfr", "filename=" + file);

        Process child = new ProcessBuilder(ChildJvm.java(), option, "--enable-native-access=ALL-UNNAMED",
                "-cp", ChildJvm.classPath(FlightRecorderOptionsTest.class), Child.class.getName())
                .redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child JVM did not finish:\n" + output);
        assertEquals(0, child.exitValue(), output);

        int polls = 0;
        List<Duration> slowTurns = new ArrayList<>();
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            if (!e.hasField("loop") || !LOOP.equals(e.getString("loop"))) {
                continue;
            }
            switch (e.getEventType().getName()) {
                case "io.epoll4j.PollWait" -> polls++;
                case "io.epoll4j.SlowTurn" -> {
                    if (e.getString("slowest").contains(Child.class.getName())) {
                        slowTurns.add(e.getDuration());
                    }
                }
                default -> { }
            }
        }
        // One poll before each task at least: the loop waits for each of them.
        assertTrue(polls >= TURNS, polls + " PollWait events: io.epoll4j.PollWait was not enabled\n" + output);
        assertEquals(TURNS, slowTurns.size(), "SlowTurn events of the child's tasks: " + slowTurns + "\n" + output);
        assertTrue(slowTurns.stream().anyMatch(d -> d.compareTo(Duration.ofMillis(10)) < 0),
                "every recorded turn took 10 ms or more, so the 1 ms threshold is not shown to apply: " + slowTurns);
    }

}
