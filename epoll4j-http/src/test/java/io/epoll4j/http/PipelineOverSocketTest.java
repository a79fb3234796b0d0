package io.epoll4j.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fifty pipelined requests written in random fragments over one socket: fifty answers in order. */
class PipelineOverSocketTest {

    private record Exchange(String request, boolean head, int status, String body) {
    }

    @Test
    void fiftyRequestsInRandomFragmentsGetFiftyResponsesInOrder(@TempDir Path root) throws IOException {
        String page = "<p>page</p>\n".repeat(300);
        Files.writeString(root.resolve("page.html"), page);
        Random random = new Random(20261123);
        List<Exchange> exchanges = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String body = "body-" + i + "-" + "x".repeat(random.nextInt(200));
            exchanges.add(switch (i % 7) {
                case 0 -> new Exchange("GET /plaintext?i=" + i + " HTTP/1.1\r\nHost: t\r\n\r\n", false, 200,
                        "Hello, World!");
                case 1 -> new Exchange("GET /json HTTP/1.1\r\nHost: t\r\nX-I: " + i + "\r\n\r\n", false, 200,
                        "{\"message\":\"Hello, World!\"}");
                case 2 -> new Exchange("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: " + body.length()
                        + "\r\n\r\n" + body, false, 200, body);
                case 3 -> new Exchange("GET /page.html HTTP/1.1\r\nHost: t\r\n\r\n", false, 200, page);
                case 4 -> new Exchange("HEAD /page.html HTTP/1.1\r\nHost: t\r\n\r\n", true, 200, "");
                case 5 -> new Exchange("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n", false, 200, body);
                default -> new Exchange("GET /nothing-" + i + " HTTP/1.1\r\nHost: t\r\n\r\n", false, 404,
                        "404 Not Found\n");
            });
        }
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        exchanges.forEach(e -> wire.writeBytes(e.request().getBytes(StandardCharsets.ISO_8859_1)));
        byte[] bytes = wire.toByteArray();

        try (LiveServer server = LiveServer.start(root); RawClient client = server.connect()) {
            // Fragments from 1 byte to 300; the responses (about 100 KiB) fit the socket buffers,
            // so writing everything before reading cannot deadlock.
            int fragments = 0;
            for (int at = 0; at < bytes.length; fragments++) {
                int n = Math.min(bytes.length - at, 1 + random.nextInt(300));
                client.socket.getOutputStream().write(bytes, at, n);
                client.socket.getOutputStream().flush();
                at += n;
            }
            for (int i = 0; i < exchanges.size(); i++) {
                Exchange e = exchanges.get(i);
                RawClient.Response r = client.read(e.head());
                assertEquals(e.status(), r.status(), "response " + i + " of " + fragments + " fragments: " + r);
                assertEquals(e.body(), r.text(), "response " + i);
                if (e.head()) {
                    assertEquals(Integer.toString(page.length()), r.header("content-length"));
                }
            }
            server.assertServes();
        }
    }
}
