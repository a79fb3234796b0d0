package io.epoll4j.http;

import io.epoll4j.testing.Tools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Differential test against real parsers: the same generated request streams go to epoll4j,
 * to Node's llhttp (a tiny {@code node} server) and to nginx, each of which answers every
 * request it accepts with the method and target it saw (an absolute-form target compared by
 * its path, as nginx shows it; nginx's 405 for TRACE counts as framed, since it is policy). No stream may be one where epoll4j
 * accepts a request, at some position of the stream, that neither of the others accepted
 * there as the same request: that would be epoll4j framing what both reject, or framing it
 * differently from both (the shape request smuggling needs).
 */
class ParserDifferentialTest {
    private static final int CASES = 1500;
    private static final String FOLLOWER = "GET /follower HTTP/1.1\r\nHost: h\r\n\r\n";

    @TempDir
    static Path dir;
    private static HttpServer epoll4j;
    private static Process node;
    private static Process nginx;
    private static int nodePort;
    private static int nginxPort;

    @BeforeAll
    static void startServers() throws Exception {
        Tools.require("node", "nginx");
        HttpHandler seen = (request, response) -> response.status(200)
                .header("X-Seen", request.method().name() + " " + request.target())
                .contentType("text/plain").body("ok\n");
        epoll4j = HttpServer.start(HttpServerOptions.DEFAULTS.withPort(0).withThreads(1), seen);

        Path script = dir.resolve("seen.js");
        Files.writeString(script, """
                const http = require('http');
                const server = http.createServer((req, res) => {
                  req.resume();
                  req.on('end', () => {
                    try { res.setHeader('X-Seen', req.method + ' ' + req.url); } catch (e) { res.setHeader('X-Seen', 'UNSHOWABLE'); }
                    res.setHeader('Content-Length', 3);
                    res.end('ok\\n');
                  });
                });
                server.listen(0, '127.0.0.1', () => console.log('PORT ' + server.address().port));
                """);
        node = new ProcessBuilder("node", script.toString()).redirectError(dir.resolve("node.err").toFile()).start();
        nodePort = Integer.parseInt(firstLine(node).substring(5));

        nginxPort = freePort();
        Path conf = dir.resolve("nginx.conf");
        Files.createDirectories(dir.resolve("nginx"));
        Files.writeString(conf, """
                daemon off;
                worker_processes 1;
                error_log %1$s/nginx/error.log;
                pid %1$s/nginx/nginx.pid;
                events { worker_connections 64; }
                http {
                  access_log off;
                  client_body_temp_path %1$s/nginx;
                  server {
                    listen 127.0.0.1:%2$d;
                    location / {
                      add_header X-Seen "$request_method $request_uri" always;
                      return 200 "ok\\n";
                    }
                  }
                }
                """.formatted(dir, nginxPort));
        nginx = new ProcessBuilder("nginx", "-p", dir.resolve("nginx").toString(), "-c", conf.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
        awaitListening(nginxPort, nginx);
    }

    @AfterAll
    static void stopServers() throws Exception {
        if (epoll4j != null) {
            epoll4j.close();
        }
        for (Process p : new Process[] {node, nginx}) {
            if (p != null) {
                p.destroy();
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        }
    }

    @Test
    void epoll4jNeverAcceptsWhatNodeAndNginxBothRejectOrFrameDifferently() throws Exception {
        List<String> violations = new ArrayList<>();
        int epoll4jAccepted = 0;
        int allAccepted = 0;
        SplittableRandom random = new SplittableRandom(20261201);
        List<byte[]> corpus = new ArrayList<>(classics());
        for (int i = 0; i < CASES; i++) {
            corpus.add(concat(HttpCorpus.request(random), FOLLOWER.getBytes(StandardCharsets.ISO_8859_1)));
        }
        for (byte[] input : corpus) {
            List<String> e = exchange(epoll4j.localAddress().getPort(), input);
            List<String> n = exchange(nodePort, input);
            List<String> x = exchange(nginxPort, input);
            if (!e.isEmpty()) {
                epoll4jAccepted++;
            }
            if (!e.isEmpty() && !n.isEmpty() && !x.isEmpty()) {
                allAccepted++;
            }
            for (int i = 0; i < e.size(); i++) {
                boolean nodeAgrees = i < n.size() && n.get(i).equals(e.get(i));
                boolean nginxAgrees = i < x.size() && x.get(i).equals(e.get(i));
                if (!nodeAgrees && !nginxAgrees) {
                    violations.add(show(input) + "\n    epoll4j " + e + "\n    node    " + n + "\n    nginx   " + x);
                    break;
                }
            }
        }
        assertTrue(violations.isEmpty(), violations.size() + " of " + corpus.size()
                + " streams framed by epoll4j unlike both node and nginx:\n" + String.join("\n", violations));
        // The corpus must exercise acceptance, or the check says nothing.
        assertTrue(epoll4jAccepted > corpus.size() / 4 && allAccepted > corpus.size() / 5,
                "epoll4j accepted " + epoll4jAccepted + ", all three " + allAccepted + " of " + corpus.size());
    }

    /** The classic smuggling shapes, each followed by a plain request. */
    private static List<byte[]> classics() {
        List<String> heads = List.of(
                "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nX",
                "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n8\r\nSMUGGLED\r\n0\r\n\r\n",
                "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\nContent-Length: 5\r\n\r\nGET /",
                "POST / HTTP/1.1\r\nHost: h\r\nContent-Length : 5\r\n\r\nGET /",
                "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding : chunked\r\n\r\n0\r\n\r\n",
                "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: xchunked\r\n\r\n0\r\n\r\n",
                "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n",
                "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding:\r\n chunked\r\n\r\n0\r\n\r\n",
                "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5 ;x\r\nhello\r\n0\r\n\r\n",
                "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5\nhello\n0\n\n",
                "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n0x5\r\nhello\r\n0\r\n\r\n",
                "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: +5\r\n\r\nhello",
                "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5, 5\r\n\r\nhello",
                "GET / HTTP/1.1\r\nHost: h\r\nX: a\rb\r\n\r\n",
                "GET / HTTP/1.1\nHost: h\n\n",
                "GET /?q={x}&filter[a]=1&a=100% HTTP/1.1\r\nHost: h\r\n\r\n",
                "GET /a[1]|b HTTP/1.1\r\nHost: h\r\n\r\n");
        return heads.stream().map(h -> concat(h.getBytes(StandardCharsets.ISO_8859_1),
                FOLLOWER.getBytes(StandardCharsets.ISO_8859_1))).toList();
    }

    /**
     * Sends {@code input}, half-closes, and reads the answers until the server closes (or 2 s of
     * silence): the "METHOD target" of each 2xx answer in order, up to the first other status.
     */
    private static List<String> exchange(int port, byte[] input) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            socket.setSoTimeout(2000);
            socket.getOutputStream().write(input);
            socket.shutdownOutput();
            return accepted(readAll(socket.getInputStream()));
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            for (int n; (n = in.read(buf)) >= 0; ) {
                out.write(buf, 0, n);
            }
        } catch (SocketTimeoutException e) {
            // silent for 2 s: what came is all that comes
        } catch (IOException e) {
            // reset after the answers: what came is all that came
        }
        return out.toByteArray();
    }

    /** Walks the responses in {@code bytes}: interim 1xx skipped, bodies by Content-Length (none for HEAD). */
    static List<String> accepted(byte[] bytes) {
        String s = new String(bytes, StandardCharsets.ISO_8859_1);
        List<String> seen = new ArrayList<>();
        int at = 0;
        while (at < s.length()) {
            int end = s.indexOf("\r\n\r\n", at);
            if (end < 0 || !s.startsWith("HTTP/1.", at)) {
                break;
            }
            String[] lines = s.substring(at, end).split("\r\n");
            int status = Integer.parseInt(lines[0].substring(9, 12));
            String what = null;
            int length = 0;
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                String name = lines[i].substring(0, colon).toLowerCase(Locale.ROOT);
                String value = lines[i].substring(colon + 1).strip();
                if (name.equals("x-seen")) {
                    what = value;
                } else if (name.equals("content-length")) {
                    length = Integer.parseInt(value);
                }
            }
            at = end + 4;
            if (status < 200) {
                continue;
            }
            // 405 is nginx refusing a method (TRACE) it parsed and framed: policy, not parsing.
            if ((status >= 300 && status != 405) || what == null) {
                break;
            }
            seen.add(originForm(what));
            if (!what.startsWith("HEAD ")) {
                at += length;
            }
        }
        return seen;
    }

    /** "METHOD http://host/p" as "METHOD /p": nginx shows an absolute-form target by its path. */
    private static String originForm(String seen) {
        int space = seen.indexOf(' ');
        String target = seen.substring(space + 1);
        String lower = target.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            int slash = target.indexOf('/', lower.indexOf("//") + 2);
            int query = target.indexOf('?', lower.indexOf("//") + 2);
            int cut = slash < 0 ? query : query < 0 ? slash : Math.min(slash, query);
            target = cut < 0 ? "/" : (target.charAt(cut) == '?' ? "/" : "") + target.substring(cut);
        }
        return seen.substring(0, space + 1) + target;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static String firstLine(Process p) throws IOException {
        String line = p.inputReader(StandardCharsets.UTF_8).readLine();
        assertTrue(line != null && line.startsWith("PORT "), "said " + line);
        return line;
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void awaitListening(int port, Process p) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                assertTrue(p.isAlive(), "nginx exited: " + Files.readString(dir.resolve("nginx.out")));
                assertTrue(System.nanoTime() < deadline, "nginx not listening after 20 s");
                Thread.onSpinWait();
            }
        }
    }

    private static String show(byte[] input) {
        StringBuilder b = new StringBuilder("\"");
        for (byte v : input) {
            int c = v & 0xFF;
            switch (c) {
                case '\r' -> b.append("\\r");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                default -> b.append(c >= 0x20 && c < 0x7F ? String.valueOf((char) c) : String.format("\\x%02X", c));
            }
        }
        return b.append('"').toString();
    }
}
