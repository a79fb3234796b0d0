package io.epoll4j.bench.run;

/**
 * One run of load on a server and the server CPU it cost, as the idle-scale test repeats it.
 *
 * {@snippet :
 * LoadRun run = new LoadRun(wrk.run(host, port, c256, 6), cpuAfter - cpuBefore);
 * double micros = run.cpuMicrosPerRequest();
 * }
 *
 * @param wrk            what wrk measured
 * @param serverCpuNanos user + system CPU of the server's process tree during the run
 */
public record LoadRun(WrkResult wrk, long serverCpuNanos) {

    /** Server CPU microseconds per request. */
    public double cpuMicrosPerRequest() {
        return wrk.requests() > 0 ? serverCpuNanos / 1000.0 / wrk.requests() : Double.NaN;
    }
}
