package io.epoll4j.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The malformed-request corpus over real sockets: each entry on a fresh connection gets its
 * status line, then the server closes; the next, valid connection is served.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MalformedOverSocketTest {
    private LiveServer server;

    @BeforeAll
    void start() throws IOException {
        server = LiveServer.start(null);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    static Stream<Arguments> entries() throws IOException {
        return MalformedRequestCorpusTest.entries();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("entries")
    void answeredWithItsStatusThenClosedAndTheServerGoesOn(String name, int status, byte[] request)
            throws IOException {
        try (RawClient client = server.connect()) {
            // A flood may be refused before all of it is taken: the answer is read all the same.
            client.trySend(request);
            RawClient.Response response = client.read();
            assertEquals(status, response.status(), response.toString());
            assertEquals("close", response.header("connection"), response.toString());
            assertTrue(client.closesWithin(Duration.ofSeconds(5)), "still open after the error");
            assertEquals(0, client.extraBytes, "bytes after the error response");
        }
        server.assertServes();
    }
}
