package io.epoll4j.bench.run;

/**
 * One measured run: one peer, one case, one round.
 *
 * @param peer          peer name
 * @param caseName      load case name
 * @param round         1-based round
 * @param run           what the load generator saw, and the server CPU spent during it
 * @param peakRssKiB    server peak resident set during the run (VmHWM)
 * @param responseBytes size of one response, headers included
 */
public record Sample(String peer, String caseName, int round, LoadRun run, long peakRssKiB, int responseBytes) {

    /** What the load generator saw. */
    public WrkResult wrk() {
        return run.wrk();
    }

    /** Server CPU time (user + system) spent during the measured run. */
    public long serverCpuNanos() {
        return run.serverCpuNanos();
    }

    /** Server CPU microseconds per request. */
    public double cpuMicrosPerRequest() {
        return run.cpuMicrosPerRequest();
    }

    /** Server CPU microseconds per request in user space. */
    public double userMicrosPerRequest() {
        return run.userMicrosPerRequest();
    }
}
