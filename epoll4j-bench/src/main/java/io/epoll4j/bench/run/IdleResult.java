package io.epoll4j.bench.run;

/**
 * The idle-scale measurement of one peer: a separate client holds {@code idle} keep-alive
 * connections open while wrk runs the 256-connection case.
 *
 * @param peer         peer name
 * @param idle         idle connections actually held
 * @param rssBeforeKiB server RSS before the idle connections were opened
 * @param rssAfterKiB  server RSS with them open
 * @param rpsBaseline  req/s at 256 connections without idle connections (mean of one run
 *                     before and one after)
 * @param rpsWithIdle  req/s at 256 connections with them
 */
public record IdleResult(String peer, int idle, long rssBeforeKiB, long rssAfterKiB,
                         double rpsBaseline, double rpsWithIdle) {

    /** Bytes of server RSS per idle connection. */
    public double bytesPerIdleConnection() {
        return idle > 0 ? (rssAfterKiB - rssBeforeKiB) * 1024.0 / idle : Double.NaN;
    }

    /** Fraction of req/s lost to the idle connections (negative: none lost). */
    public double rpsLost() {
        return rpsBaseline > 0 ? 1 - rpsWithIdle / rpsBaseline : Double.NaN;
    }
}
