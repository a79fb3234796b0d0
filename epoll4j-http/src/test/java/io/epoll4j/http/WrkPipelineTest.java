package io.epoll4j.http;

import io.epoll4j.testing.WrkPipeline;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** wrk, 256 connections pipelining 16 deep for 10 s: every response 2xx, no socket error. */
class WrkPipelineTest {

    @Test
    void pipelinedLoadOnPlaintextHasNoErrorsAndOnly2xx() throws Exception {
        try (LiveServer server = LiveServer.start(null)) {
            WrkPipeline.run(server.url("/plaintext"), 2, 256, Duration.ofSeconds(10), 16).requireClean();
            server.assertServes();
        }
    }
}
