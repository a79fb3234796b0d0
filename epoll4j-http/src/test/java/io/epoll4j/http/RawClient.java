package io.epoll4j.http;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A plain blocking socket speaking HTTP/1.1 by hand, for what real clients will not do:
 * pipelines, malformed bytes, stalls. Every read has a deadline (SO_TIMEOUT).
 */
final class RawClient implements AutoCloseable {
    static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

    /** One response as it came off the wire; header names lower-cased, in order. */
    record Response(String version, int status, String reason, List<String[]> headers, byte[] body) {
        String header(String name) {
            String lower = name.toLowerCase(Locale.ROOT);
            for (String[] h : headers) {
                if (h[0].equals(lower)) {
                    return h[1];
                }
            }
            return null;
        }

        String text() {
            return new String(body, StandardCharsets.ISO_8859_1);
        }

        @Override
        public String toString() {
            StringBuilder b = new StringBuilder(version + " " + status + " " + reason);
            headers.forEach(h -> b.append(" | ").append(h[0]).append(": ").append(h[1]));
            return b.append(" | body ").append(body.length).append(" bytes").toString();
        }
    }

    final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RawClient(int port) throws IOException {
        this(port, 0);
    }

    /** Connects to 127.0.0.1:port; a receive buffer > 0 is set before connecting (it bounds the window). */
    RawClient(int port, int receiveBuffer) throws IOException {
        socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.setTcpNoDelay(true);
        socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        out = socket.getOutputStream();
    }

    void send(String latin1) throws IOException {
        send(latin1.getBytes(StandardCharsets.ISO_8859_1));
    }

    void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Sends what the peer lets through; false if it reset or closed before taking it all. */
    boolean trySend(byte[] bytes) {
        try {
            send(bytes);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    InputStream input() {
        return in;
    }

    /** Reads one response to a GET (or any request whose response may carry a body). */
    Response read() throws IOException {
        return read(false);
    }

    /** Reads one response; {@code head}: it answers a HEAD, so it has no body whatever it says. */
    Response read(boolean head) throws IOException {
        String statusLine = line();
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
            throw new IOException("not a status line: " + statusLine);
        }
        int status = Integer.parseInt(parts[1]);
        List<String[]> headers = new ArrayList<>();
        for (String line = line(); !line.isEmpty(); line = line()) {
            int colon = line.indexOf(':');
            headers.add(new String[] {line.substring(0, colon).toLowerCase(Locale.ROOT),
                    line.substring(colon + 1).strip()});
        }
        Response r = new Response(parts[0], status, parts.length > 2 ? parts[2] : "", headers, new byte[0]);
        byte[] body = new byte[0];
        if (!head && status != 204 && status != 304 && status / 100 != 1) {
            String te = r.header("transfer-encoding");
            String length = r.header("content-length");
            if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
                body = readChunked();
            } else if (length != null) {
                body = in.readNBytes(Integer.parseInt(length));
                if (body.length != Integer.parseInt(length)) {
                    throw new EOFException("body cut at " + body.length + " of " + length + " bytes: " + r);
                }
            } else {
                body = in.readAllBytes();   // delimited by the close
            }
        }
        return new Response(r.version(), status, r.reason(), headers, body);
    }

    private byte[] readChunked() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String size = line();
            int semi = size.indexOf(';');
            int n = Integer.parseInt((semi < 0 ? size : size.substring(0, semi)).strip(), 16);
            if (n == 0) {
                while (!line().isEmpty()) {
                    // trailers
                }
                return body.toByteArray();
            }
            body.write(in.readNBytes(n));
            line();
        }
    }

    /** A line without its CRLF; fails on EOF. */
    private String line() throws IOException {
        StringBuilder b = new StringBuilder();
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new EOFException("connection closed mid-line after \"" + b + "\"");
            }
            if (c == '\n') {
                int end = b.length();
                if (end > 0 && b.charAt(end - 1) == '\r') {
                    b.setLength(end - 1);
                }
                return b.toString();
            }
            b.append((char) c);
        }
    }

    /**
     * Waits up to {@code deadline} for the server to close: true on end of stream or a reset,
     * false if the connection is still open then. Bytes arriving meanwhile are discarded and
     * counted in the failure message of callers through {@link #extraBytes}.
     */
    boolean closesWithin(Duration deadline) throws IOException {
        int old = socket.getSoTimeout();
        long end = System.nanoTime() + deadline.toNanos();
        try {
            byte[] sink = new byte[8192];
            while (true) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
                int n;
                try {
                    n = in.read(sink);
                } catch (SocketTimeoutException e) {
                    return false;
                } catch (SocketException e) {
                    return true;   // reset: closed as well
                }
                if (n < 0) {
                    return true;
                }
                extraBytes += n;
            }
        } finally {
            if (!socket.isClosed()) {
                socket.setSoTimeout(old);
            }
        }
    }

    /** Bytes {@link #closesWithin} read and threw away. */
    long extraBytes;

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
