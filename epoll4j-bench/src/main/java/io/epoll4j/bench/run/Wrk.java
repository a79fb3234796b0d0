package io.epoll4j.bench.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs wrk, pinned to the client core, one thread ({@code taskset -c 1 wrk -t1}), against
 * {@code http://HOST:PORT/plaintext}. Every run is bounded: wrk gets its duration plus a
 * grace period, then it is killed and the run counts as failed.
 */
public final class Wrk {

    private final Path luaDir;
    private final int core;

    /**
     * @param luaDir {@code bench/lua}
     * @param core   CPU wrk is pinned to
     */
    public Wrk(Path luaDir, int core) {
        this.luaDir = luaDir;
        this.core = core;
    }

    /** Runs one case for the given number of seconds and returns what wrk measured. */
    public WrkResult run(String host, int port, LoadCase c, int seconds) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("taskset", "-c", Integer.toString(core),
                "wrk", "-t1", "-c" + c.connections(), "-d" + seconds + "s", "--timeout", "2s",
                "--latency"));
        if (c.pipelined()) {
            cmd.addAll(List.of("-s", luaDir.resolve("pipeline.lua").toString()));
        } else {
            cmd.addAll(List.of("-s", luaDir.resolve("report.lua").toString()));
        }
        cmd.add("http://" + host + ":" + port + "/plaintext");
        if (c.pipelined()) {
            cmd.addAll(List.of("--", Integer.toString(c.depth())));
        }
        Process p = ChildProcesses.start(new ProcessBuilder(cmd).redirectErrorStream(true));
        try {
            // Read in the background so a full pipe cannot stall wrk.
            var output = p.getInputStream();
            var text = new StringBuilder();
            Thread reader = Thread.ofVirtual().start(() -> {
                try {
                    text.append(new String(output.readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException ignored) {
                    // wrk was killed; what arrived is kept
                }
            });
            if (!p.waitFor(seconds + 20L, TimeUnit.SECONDS)) {
                throw new IOException("wrk did not finish within " + (seconds + 20) + " s");
            }
            reader.join(5000);
            synchronized (text) {
                return WrkResult.parse(text.toString());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            ChildProcesses.kill(p);
        }
    }
}
