package io.epoll4j.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * wrk pipelining requests against a server, every response's status counted: the load test
 * that a server under pipelined keep-alive load answers everything with a 2xx and loses no
 * connection.
 *
 * {@snippet :
 * WrkPipeline.run("http://127.0.0.1:8080/plaintext", 2, 256, Duration.ofSeconds(10), 16)
 *         .requireClean();   // no socket error, every response a 2xx, as many as wrk counted
 * }
 *
 * <p>The counting is done by {@code wrk-pipeline.lua} (a resource of this package), whose
 * {@code done()} prints one line: {@code RESULT requests=N ok=N other=N connect=N read=N
 * write=N status=N timeout=N}. wrk's own {@code requests} is what it parsed; {@code ok} and
 * {@code other} are what the script's {@code response()} saw, over all threads.
 *
 * @param counts the RESULT line's counters, by name
 * @param report all that wrk printed, for failure messages
 */
public record WrkPipeline(Map<String, Long> counts, String report) {

    private static final Pattern RESULT = Pattern.compile("RESULT ((?:\\w+=\\d+ ?)+)");
    private static final List<String> ERRORS = List.of("connect", "read", "write", "status", "timeout", "other");

    /**
     * Runs wrk (installed first if missing) for {@code duration} with {@code threads} threads
     * and {@code connections} connections, each write carrying {@code depth} requests. A
     * response later than 8 s counts as a timeout: the machine is shared and has two cores.
     */
    public static WrkPipeline run(String url, int threads, int connections, Duration duration, int depth)
            throws IOException, InterruptedException {
        Tools.require("wrk");
        Path dir = Files.createTempDirectory("wrk-pipeline");
        Path script = dir.resolve("wrk-pipeline.lua");
        try {
            try (InputStream in = WrkPipeline.class.getResourceAsStream("wrk-pipeline.lua")) {
                assertNotNull(in, "wrk-pipeline.lua is missing from io.epoll4j.testing");
                Files.copy(in, script);
            }
            Tools.Result r = Tools.run(duration.plusSeconds(50), "wrk", "-t" + threads, "-c" + connections,
                    "-d" + duration.toSeconds() + "s", "--timeout", "8s", "-s", script.toString(), url,
                    "--", Integer.toString(depth)).requireSuccess("wrk");
            Matcher m = RESULT.matcher(r.out());
            assertTrue(m.find(), "no RESULT line from wrk-pipeline.lua\n" + r.out() + r.err());
            Map<String, Long> counts = new HashMap<>();
            for (String pair : m.group(1).trim().split(" ")) {
                String[] kv = pair.split("=");
                counts.put(kv[0], Long.parseLong(kv[1]));
            }
            return new WrkPipeline(Map.copyOf(counts), r.out());
        } finally {
            Files.deleteIfExists(script);
            Files.deleteIfExists(dir);
        }
    }

    /** The responses wrk parsed. */
    public long requests() {
        return counts.get("requests");
    }

    /**
     * Fails unless there was load and nothing went wrong: no connect, read, write or timeout
     * error, no status wrk could not parse, no response outside 2xx, and the script saw as
     * many 2xx responses as wrk counted.
     */
    public void requireClean() {
        for (String error : ERRORS) {
            assertEquals(0L, counts.get(error), error + " errors\n" + report);
        }
        assertTrue(requests() > 0, "no load went through\n" + report);
        assertEquals(requests(), counts.get("ok"), "2xx responses against wrk's count\n" + report);
    }
}
