package io.epoll4j.http;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Several connections on one loop, each a long pipeline of {@code POST /echo} with distinct
 * bodies of 10 to 70 KB, read through a small receive window: the server's output passes its
 * bound, the session pauses with requests still in the kernel, and resumes (answers encoded
 * into the loop's one output segment, in onWritable) just before it reads the rest in the
 * same event. Every answer must carry its own request's body: length and SHA-256. Echoed as
 * a copy, and as the request's own bytes (a view of the loop's read buffer, or of the
 * session's buffer for a request split across reads or kept over a pause), which the
 * connection borrows until it flushes.
 */
class EchoUnderBackPressureTest {
    private static final int CONNECTIONS = 3;
    private static final int REQUESTS = 160;

    @ParameterizedTest
    @ValueSource(strings = {"/echo", "/echo-in-place"})
    void everyPipelinedEchoCarriesItsOwnBodyThroughPausesAndResumes(String target) throws Exception {
        try (LiveServer server = LiveServer.start(null, o -> o.withThreads(1).withMemoryBudget(256L << 20));
             ExecutorService pool = Executors.newFixedThreadPool(2 * CONNECTIONS)) {
            List<Future<String>> verdicts = new ArrayList<>();
            List<Callable<String>> checks = new ArrayList<>();
            for (int k = 0; k < CONNECTIONS; k++) {
                SplittableRandom random = new SplittableRandom(20261201L + k);
                List<byte[]> bodies = new ArrayList<>();
                ByteArrayOutputStream wire = new ByteArrayOutputStream();
                for (int i = 0; i < REQUESTS; i++) {
                    byte[] body = new byte[random.nextInt(10_000, 70_001)];
                    random.nextBytes(body);
                    bodies.add(body);
                    wire.writeBytes(("POST " + target + " HTTP/1.1\r\nHost: t\r\nContent-Length: " + body.length + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    wire.writeBytes(body);
                }
                RawClient client = new RawClient(server.port(), 8 * 1024);
                byte[] bytes = wire.toByteArray();
                // The writer blocks whenever the server stops reading; the reader takes the answers.
                CompletableFuture<Void> written = CompletableFuture.runAsync(() -> {
                    try {
                        client.socket.getOutputStream().write(bytes);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }, pool);
                checks.add(() -> {
                    try (client) {
                        String verdict = check(client, bodies);
                        written.get(10, TimeUnit.SECONDS);
                        return verdict;
                    }
                });
            }
            // The peers read nothing until every connection has stopped answering past its bound
            // with output waiting: its session is paused, its remaining requests in the kernel.
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (server.server.bufferedBytes() < CONNECTIONS * HttpSession.MAX_PENDING_BYTES) {
                assertTrue(System.nanoTime() < deadline, "the server never held its bound of output: "
                        + server.server.bufferedBytes() + " bytes buffered, "
                        + server.accessLog().lines().count() + " requests answered");
                LockSupport.parkNanos(1_000_000);
            }
            checks.forEach(check -> verdicts.add(pool.submit(check)));
            for (int k = 0; k < CONNECTIONS; k++) {
                assertEquals("ok", verdicts.get(k).get(60, TimeUnit.SECONDS), "connection " + k);
            }
            server.assertServes();
        }
    }

    /** "ok", or the first answer that is not its request's body. */
    private static String check(RawClient client, List<byte[]> bodies) throws Exception {
        for (int i = 0; i < bodies.size(); i++) {
            byte[] want = bodies.get(i);
            RawClient.Response r = client.read();
            if (r.status() != 200 || r.body().length != want.length) {
                return "answer " + i + " to an echo of " + want.length + " bytes: " + r;
            }
            if (!MessageDigest.isEqual(sha256(r.body()), sha256(want))) {
                return "answer " + i + " to an echo of " + want.length + " bytes: SHA-256 "
                        + HexFormat.of().formatHex(sha256(r.body()));
            }
        }
        return "ok";
    }

    private static byte[] sha256(byte[] bytes) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(bytes);
    }
}
