package io.epoll4j.bench.run;

/**
 * One run of load on a server and the server CPU it cost: each measured {@link Sample} holds
 * one, and the idle-scale test repeats them.
 *
 * {@snippet :
 * LoadRun run = LoadRun.measure(wrk, host, server.port(), c256, 6, server.handle());
 * double micros = run.cpuMicrosPerRequest();       // user and system
 * double inUserSpace = run.userMicrosPerRequest();
 * }
 *
 * @param wrk       what wrk measured
 * @param serverCpu CPU of the server's process tree during the run
 */
public record LoadRun(WrkResult wrk, CpuTime serverCpu) {

    /** Runs {@code c} for {@code seconds} and charges it the CPU of {@code server}'s process tree. */
    public static LoadRun measure(Wrk wrk, String host, int port, LoadCase c, int seconds, ProcessHandle server)
            throws java.io.IOException {
        CpuTime before = ProcStats.cpu(server);
        WrkResult r = wrk.run(host, port, c, seconds);
        return new LoadRun(r, ProcStats.cpu(server).minus(before));
    }

    /** Server CPU (user and system) during the run, in nanoseconds. */
    public long serverCpuNanos() {
        return serverCpu.totalNanos();
    }

    /** Server CPU microseconds per request, user and system. */
    public double cpuMicrosPerRequest() {
        return perRequest(serverCpu.totalNanos());
    }

    /** Server CPU microseconds per request spent in user space (utime). */
    public double userMicrosPerRequest() {
        return perRequest(serverCpu.userNanos());
    }

    private double perRequest(long nanos) {
        return wrk.requests() > 0 ? nanos / 1000.0 / wrk.requests() : Double.NaN;
    }
}
