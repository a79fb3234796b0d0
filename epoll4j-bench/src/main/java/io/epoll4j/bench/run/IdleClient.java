package io.epoll4j.bench.run;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Holds N idle keep-alive connections to a server, as its own process (started by the
 * harness on the client core). Each connection sends one GET /plaintext, reads the whole
 * response, then stays open and silent. Source addresses rotate over 127.0.0.2 … so the
 * idle connections do not use up one address's ephemeral ports, which wrk also needs.
 *
 * <pre>IdleClient HOST PORT CONNECTIONS SOURCES</pre>
 *
 * Prints {@code ready N} once all are open (or {@code failed N reason} when it had to stop
 * early), then holds them until its standard input closes or it is killed.
 */
public final class IdleClient {

    private IdleClient() {}

    /** Entry point. */
    public static void main(String[] args) throws IOException {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        int count = Integer.parseInt(args[2]);
        int sources = Integer.parseInt(args[3]);
        byte[] request = ("GET /plaintext HTTP/1.1\r\nHost: " + host + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        List<Socket> held = new ArrayList<>(count);
        byte[] buf = new byte[4096];
        try {
            for (int i = 0; i < count; i++) {
                Socket s = new Socket();
                s.bind(new InetSocketAddress("127.0.0." + (2 + i % sources), 0));
                s.connect(new InetSocketAddress(host, port), 5000);
                s.setSoTimeout(5000);
                s.getOutputStream().write(request);
                readResponse(s.getInputStream(), buf);
                held.add(s);
            }
            System.out.println("ready " + held.size());
        } catch (IOException e) {
            System.out.println("failed " + held.size() + " " + e);
        }
        System.out.flush();
        // Hold until the harness closes our stdin (or kills us).
        while (System.in.read() >= 0) {
            // discard
        }
        for (Socket s : held) {
            s.close();
        }
    }

    private static void readResponse(InputStream in, byte[] buf) throws IOException {
        int len = 0;
        while (true) {
            int n = in.read(buf, len, buf.length - len);
            if (n < 0) {
                throw new IOException("closed before the response ended");
            }
            len += n;
            if (new String(buf, 0, len, StandardCharsets.US_ASCII).endsWith("Hello, World!")) {
                return;
            }
        }
    }
}
