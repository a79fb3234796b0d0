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
 * @param rpsBaseline   req/s at 256 connections without idle connections (mean of one run
 *                      before and one after)
 * @param rpsWithIdle   req/s at 256 connections with them
 * @param errors        wrk's socket errors and non-2xx responses in the run with them
 */
public record IdleResult(String peer, int idle, long rssBeforeKiB, long rssAfterKiB, long rssClosedKiB,
                         long heapBefore, long heapWith, long heapClosed, List<String> topClasses,
                         List<String> leftClasses,
                         long fdsBefore, long fdsWith, long fdsClosed,
                         double rpsBaseline, double rpsWithIdle, long errors) {

    /** Bytes of server RSS per idle connection. */
    public double bytesPerIdleConnection() {
        return idle > 0 ? (rssAfterKiB - rssBeforeKiB) * 1024.0 / idle : Double.NaN;
    }

    /** Live heap bytes per idle connection; NaN where no histogram was taken. */
    public double heapPerIdleConnection() {
        return idle > 0 && heapBefore >= 0 && heapWith >= 0 ? (double) (heapWith - heapBefore) / idle : Double.NaN;
    }

    /** Fraction of req/s lost to the idle connections (negative: none lost). */
    public double rpsLost() {
        return rpsBaseline > 0 ? 1 - rpsWithIdle / rpsBaseline : Double.NaN;
    }
}
