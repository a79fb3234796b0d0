package io.epoll4j.http;

import io.epoll4j.testing.Tools;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Python's http.client reads pipelined responses: ten mixed requests in one write, then the
 * same bytes cut at every byte boundary on fresh connections (pipeline_client.py).
 */
class PythonPipelineTest {

    @Test
    void pipelinedResponsesComeInOrderWithExactBodiesHoweverTheBytesAreSplit(@TempDir Path tmp) throws Exception {
        Tools.require("python3");
        Path root = Files.createDirectory(tmp.resolve("www"));
        Path file = root.resolve("page.html");
        Files.writeString(file, "<p>a small file, served by sendfile</p>\n".repeat(20), StandardCharsets.UTF_8);
        Path script = tmp.resolve("pipeline_client.py");
        try (InputStream in = PythonPipelineTest.class.getResourceAsStream("pipeline_client.py")) {
            Files.copy(in, script);
        }
        try (LiveServer server = LiveServer.start(root)) {
            Tools.Result r = Tools.run(Duration.ofSeconds(120), null, List.of("python3", script.toString(),
                    Integer.toString(server.port()), "/page.html", file.toString()));
            r.requireSuccess("pipeline_client.py");
            assertTrue(r.out().startsWith("OK "), r.out());
            server.assertServes();
        }
    }
}
