package io.epoll4j.http;

import io.epoll4j.testing.Tools;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** h2load speaking HTTP/1.1 (--h1): 20,000 requests on 32 connections, 8 in flight on each. */
class H2loadTest {
    private LiveServer server;

    @BeforeEach
    void start() throws Exception {
        Tools.require("h2load");
        server = LiveServer.start(null);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private void load(String path, int requests) throws Exception {
        Tools.Result r = Tools.run(Duration.ofSeconds(60), "h2load", "--h1", "-n", Integer.toString(requests),
                "-c", "32", "-m", "8", server.url(path)).requireSuccess("h2load");
        String report = r.out() + r.err();
        assertTrue(report.contains("requests: " + requests + " total, " + requests + " started, " + requests
                + " done, " + requests + " succeeded, 0 failed, 0 errored, 0 timeout"), report);
        assertTrue(report.contains("status codes: " + requests + " 2xx, 0 3xx, 0 4xx, 0 5xx"), report);
    }

    @Test
    void plaintextAllSucceed() throws Exception {
        load("/plaintext", 20_000);
    }

    @Test
    void jsonAllSucceed() throws Exception {
        load("/json", 20_000);
    }
}
