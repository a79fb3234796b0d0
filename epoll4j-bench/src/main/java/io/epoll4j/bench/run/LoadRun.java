package io.epoll4j.bench.run;

/**
 * One run of load on a server and the server CPU it cost: each measured {@link Sample} holds
 * one, and the idle-scale test repeats them.
 *
 * {@snippet :
 * LoadRun run = LoadRun.measure(wrk, host, server.port(), c256, 6, server.handle());
 * double micros = run.cpuMicrosPerRequest();
 * }
 *
 * @param wrk            what wrk measured
 * @param serverCpuNanos user + system CPU of the server's process tree during the run
 */
public record LoadRun(WrkResult wrk, long serverCpuNanos) {

    /** Runs {@code c} for {@code seconds} and charges it the CPU of {@code server}'s process tree. */
    public static LoadRun measure(Wrk wrk, String host, int port, LoadCase c, int seconds, ProcessHandle server)
            throws java.io.IOException {
        long cpuBefore = ProcStats.cpuNanos(server);
        WrkResult r = wrk.run(host, port, c, seconds);
        return new LoadRun(r, ProcStats.cpuNanos(server) - cpuBefore);
    }

    /** Server CPU microseconds per request. */
    public double cpuMicrosPerRequest() {
        return wrk.requests() > 0 ? serverCpuNanos / 1000.0 / wrk.requests() : Double.NaN;
    }
}
