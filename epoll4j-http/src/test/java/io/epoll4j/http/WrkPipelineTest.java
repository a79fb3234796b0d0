package io.epoll4j.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** wrk, 256 connections pipelining 16 deep for 10 s: every response 2xx, no socket error. */
class WrkPipelineTest {
    private static final Pattern RESULT = Pattern.compile("RESULT ((?:\\w+=\\d+ ?)+)");

    @Test
    void pipelinedLoadOnPlaintextHasNoErrorsAndOnly2xx(@TempDir Path tmp) throws Exception {
        Tools.require("wrk");
        Path script = tmp.resolve("wrk-pipeline.lua");
        try (InputStream in = WrkPipelineTest.class.getResourceAsStream("wrk-pipeline.lua")) {
            Files.copy(in, script);
        }
        try (LiveServer server = LiveServer.start(null)) {
            // --timeout 8s: the machine is shared and has two cores; a response later than that is an error.
            Tools.Result r = Tools.run(Duration.ofSeconds(60), "wrk", "-t2", "-c256", "-d10s", "--timeout", "8s",
                    "-s", script.toString(), server.url("/plaintext"), "--", "16").requireSuccess("wrk");
            Matcher m = RESULT.matcher(r.out());
            assertTrue(m.find(), r.out() + r.err());
            Map<String, Long> counts = new HashMap<>();
            for (String pair : m.group(1).trim().split(" ")) {
                String[] kv = pair.split("=");
                counts.put(kv[0], Long.parseLong(kv[1]));
            }
            String report = r.out();
            for (String error : List.of("connect", "read", "write", "status", "timeout", "other")) {
                assertEquals(0L, counts.get(error), error + " errors\n" + report);
            }
            assertTrue(counts.get("requests") > 0, report);
            assertTrue(counts.get("ok") > 0, report);
            // wrk counts what it parsed; its Lua thread states count the same responses.
            assertEquals(counts.get("requests"), counts.get("ok"), report);
            server.assertServes();
        }
    }
}
