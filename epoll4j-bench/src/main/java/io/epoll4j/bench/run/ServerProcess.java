package io.epoll4j.bench.run;

import io.epoll4j.bench.peer.Peer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One running server: started pinned to a core on a free port, checked with a real
 * GET /plaintext before it is measured, and killed (with its children) on {@link #close}.
 * A server that exits or does not answer within the start timeout is a {@link StartFailure},
 * never a hang.
 */
public final class ServerProcess implements AutoCloseable {

    /** Why a server could not be measured. */
    public static final class StartFailure extends Exception {
        private static final long serialVersionUID = 1L;

        StartFailure(String message) {
            super(message);
        }
    }

    private final Process process;
    private final int port;
    private final Path log;
    private final int responseBytes;

    private ServerProcess(Process process, int port, Path log, int responseBytes) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.responseBytes = responseBytes;
    }

    /**
     * Starts the peer and waits until it answers.
     *
     * @param core    CPU the server is pinned to with {@code taskset -c}
     * @param timeout milliseconds to wait for a correct first response
     */
    public static ServerProcess start(Peer peer, String host, int core, Path work, String tag,
                                      long timeout) throws StartFailure, IOException {
        int port = freePort(host);
        List<String> cmd = new ArrayList<>(List.of("taskset", "-c", Integer.toString(core)));
        cmd.addAll(peer.command(host, port, 1, work));
        Path log = work.resolve(peer.name() + "-" + tag + ".log");
        Process p = ChildProcesses.start(new ProcessBuilder(cmd)
                .redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))));
        long deadline = System.currentTimeMillis() + timeout;
        String lastError = "no answer";
        while (System.currentTimeMillis() < deadline) {
            if (!p.isAlive()) {
                ChildProcesses.kill(p);
                throw new StartFailure("exited with " + p.exitValue() + ": " + tail(log));
            }
            try {
                int bytes = probe(host, port);
                return new ServerProcess(p, port, log, bytes);
            } catch (IOException e) {
                lastError = e.getMessage();
            }
            sleep(100);
        }
        ChildProcesses.kill(p);
        throw new StartFailure("no correct answer within " + timeout + " ms (" + lastError + "): "
                + tail(log));
    }

    /** The port it listens on. */
    public int port() {
        return port;
    }

    /** The process the harness started (the server itself, or its launcher). */
    public ProcessHandle handle() {
        return process.toHandle();
    }

    /** Size in bytes of one complete response to GET /plaintext, headers included. */
    public int responseBytes() {
        return responseBytes;
    }

    /** Whether it is still running. */
    public boolean alive() {
        return process.isAlive();
    }

    /** Last lines of its output, for a failure report. */
    public String logTail() {
        return tail(log);
    }

    @Override
    public void close() {
        ChildProcesses.kill(process);
    }

    /**
     * Sends one GET /plaintext and checks the status line and the body; returns the size of
     * the whole response. Throws when the answer is missing or wrong.
     */
    static int probe(String host, int port) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 500);
            s.setSoTimeout(2000);
            OutputStream out = s.getOutputStream();
            out.write(("GET /plaintext HTTP/1.1\r\nHost: " + host + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            byte[] buf = new byte[4096];
            int len = 0;
            while (len < buf.length) {
                int n = in.read(buf, len, buf.length - len);
                if (n < 0) {
                    break;
                }
                len += n;
                String text = new String(buf, 0, len, StandardCharsets.US_ASCII);
                if (text.endsWith("Hello, World!")) {
                    if (!text.startsWith("HTTP/1.1 200")) {
                        throw new IOException("unexpected status: " + text.lines().findFirst().orElse(""));
                    }
                    return len;
                }
            }
            throw new IOException("incomplete response: "
                    + new String(buf, 0, len, StandardCharsets.US_ASCII).strip());
        }
    }

    private static int freePort(String host) throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(host, 0));
            return s.getLocalPort();
        }
    }

    private static String tail(Path log) {
        try {
            // The reason is usually the first line (a usage error) or the last (a stack trace).
            List<String> lines = Files.readAllLines(log).stream().filter(l -> !l.isBlank()).toList();
            if (lines.size() <= 3) {
                return String.join(" | ", lines);
            }
            return lines.getFirst() + " | " + lines.get(1) + " | … | " + lines.getLast();
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
