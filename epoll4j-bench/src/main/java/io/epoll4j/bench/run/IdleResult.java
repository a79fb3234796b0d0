package io.epoll4j.bench.run;

import java.util.List;

/**
 * The idle-scale measurement of one peer at one count: a separate client holds {@code idle}
 * keep-alive connections open while wrk runs the 256-connection case, then closes them.
 *
 * @param peer          peer name
 * @param idle          idle connections actually held
 * @param rssBeforeKiB  server RSS before the idle connections were opened
 * @param rssAfterKiB   server RSS with them open
 * @param rssClosedKiB  server RSS after the client closed them
 * @param heapBefore    live heap bytes before (class histogram; -1 for a server that is no JVM)
 * @param heapWith      live heap bytes with them open
 * @param heapClosed    live heap bytes after they closed
 * @param topClasses    the classes whose live bytes grew most with them open
 * @param leftClasses   the classes whose live bytes stayed above the baseline after they closed
 * @param fdsBefore     open fds of the server before
 * @param fdsWith       open fds with them open
 * @param fdsClosed     open fds after they closed
 * @param without       the runs of 256 busy connections without idle ones, before they opened
 *                      and after they closed
 * @param with          the runs of 256 busy connections while they were held
 */
public record IdleResult(String peer, int idle, long rssBeforeKiB, long rssAfterKiB, long rssClosedKiB,
                         long heapBefore, long heapWith, long heapClosed, List<String> topClasses,
                         List<String> leftClasses,
                         long fdsBefore, long fdsWith, long fdsClosed,
                         List<LoadRun> without, List<LoadRun> with) {

    public IdleResult {
        without = List.copyOf(without);
        with = List.copyOf(with);
    }

    /** Median req/s of the busy connections without idle ones. */
    public double rpsBaseline() {
        return Median.of(without, r -> r.wrk().rps());
    }

    /** Median req/s of the busy connections while the idle ones were held. */
    public double rpsWithIdle() {
        return Median.of(with, r -> r.wrk().rps());
    }

    /** Median server CPU µs per request without idle connections. */
    public double cpuMicrosBaseline() {
        return Median.of(without, LoadRun::cpuMicrosPerRequest);
    }

    /** Median server CPU µs per request while the idle ones were held. */
    public double cpuMicrosWithIdle() {
        return Median.of(with, LoadRun::cpuMicrosPerRequest);
    }

    /** wrk's socket errors and non-2xx responses in the runs with idle connections. */
    public long errors() {
        return with.stream().mapToLong(r -> r.wrk().socketErrors() + r.wrk().non2xx()).sum();
    }

    /** Bytes of server RSS per idle connection. */
    public double bytesPerIdleConnection() {
        return idle > 0 ? (rssAfterKiB - rssBeforeKiB) * 1024.0 / idle : Double.NaN;
    }

    /** Live heap bytes per idle connection; NaN where no histogram was taken. */
    public double heapPerIdleConnection() {
        return idle > 0 && heapBefore >= 0 && heapWith >= 0 ? (double) (heapWith - heapBefore) / idle : Double.NaN;
    }

    /** Fraction of req/s lost to the idle connections, of the medians (negative: none lost). */
    public double rpsLost() {
        double base = rpsBaseline();
        return base > 0 ? 1 - rpsWithIdle() / base : Double.NaN;
    }

    /** Fraction of CPU per request added by the idle connections, of the medians. */
    public double cpuAdded() {
        double base = cpuMicrosBaseline();
        return base > 0 ? cpuMicrosWithIdle() / base - 1 : Double.NaN;
    }
}
