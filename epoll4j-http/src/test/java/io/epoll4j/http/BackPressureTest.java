package io.epoll4j.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client that pipelines large responses and reads slowly: the server stops reading while its
 * output waits, and every response still arrives whole and in order; a closing request at the
 * end closes only after all of it is sent.
 */
class BackPressureTest {

    @Test
    void largeResponsesToASlowReaderArriveWholeAndInOrder(@TempDir Path root) throws Exception {
        Random random = new Random(11);
        byte[] big = new byte[3 << 20];
        random.nextBytes(big);
        Files.write(root.resolve("big.bin"), big);
        byte[] upload = new byte[700_000];
        random.nextBytes(upload);

        List<byte[]> expected = new ArrayList<>();
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        for (int i = 0; i < 12; i++) {
            switch (i % 4) {
                case 0 -> {
                    wire.writeBytes(Wire.latin1("GET /big.bin HTTP/1.1\r\nHost: t\r\n\r\n"));
                    expected.add(big);
                }
                case 1 -> {
                    wire.writeBytes(Wire.latin1("GET /plaintext HTTP/1.1\r\nHost: t\r\n\r\n"));
                    expected.add("Hello, World!".getBytes(StandardCharsets.US_ASCII));
                }
                case 2 -> {
                    wire.writeBytes(Wire.latin1("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: "
                            + upload.length + "\r\n\r\n"));
                    wire.writeBytes(upload);
                    expected.add(upload);
                }
                default -> {
                    wire.writeBytes(Wire.latin1("GET /big.bin HTTP/1.1\r\nHost: t\r\nRange: bytes=1000-1999999\r\n\r\n"));
                    expected.add(Arrays.copyOfRange(big, 1000, 2_000_000));
                }
            }
        }
        wire.writeBytes(Wire.latin1("GET /big.bin HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n"));
        expected.add(big);
        byte[] bytes = wire.toByteArray();

        try (LiveServer server = LiveServer.start(root); RawClient client = new RawClient(server.port(), 64 * 1024)) {
            // The server stops reading while its output waits: write from another thread.
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    client.send(bytes);
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            for (int i = 0; i < expected.size(); i++) {
                RawClient.Response r = client.read();
                assertTrue(r.status() == 200 || r.status() == 206, "response " + i + ": " + r);
                assertEquals(expected.get(i).length, r.body().length, "response " + i);
                assertArrayEquals(expected.get(i), r.body(), "response " + i);
            }
            writer.get(10, TimeUnit.SECONDS);
            assertTrue(client.closesWithin(java.time.Duration.ofSeconds(5)), "Connection: close left open");
            assertEquals(0, client.extraBytes);
            server.assertServes();
        }
    }
}
