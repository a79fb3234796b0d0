package io.epoll4j.bench.run;

/**
 * One measured run: one peer, one case, one round.
 *
 * @param peer          peer name
 * @param caseName      load case name
 * @param round         1-based round
 * @param wrk           what the load generator saw
 * @param serverCpuNanos server CPU time (user + system) spent during the measured run
 * @param peakRssKiB    server peak resident set during the run (VmHWM)
 * @param responseBytes size of one response, headers included
 */
public record Sample(String peer, String caseName, int round, WrkResult wrk, long serverCpuNanos,
                     long peakRssKiB, int responseBytes) {

    /** Server CPU microseconds per request. */
    public double cpuMicrosPerRequest() {
        return wrk.requests() > 0 ? serverCpuNanos / 1000.0 / wrk.requests() : Double.NaN;
    }
}
