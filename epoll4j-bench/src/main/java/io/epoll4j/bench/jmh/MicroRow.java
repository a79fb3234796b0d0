package io.epoll4j.bench.jmh;

/**
 * One line of the micro summary.
 *
 * @param benchmark   {@code Class.method}, without the package
 * @param params      JMH parameters as {@code key=value}, comma-separated; empty when none
 * @param nsPerOp     JMH's score (average time)
 * @param error       JMH's 99.9% half-interval, NaN with too few iterations
 * @param bytesPerOp  {@code gc.alloc.rate.norm} (all threads of the fork), NaN without {@code -prof gc}
 * @param threadBytes bytes per operation of the benchmark thread alone ({@link AllocationProbe}),
 *                    NaN where not probed
 * @param ratio       the score over its reference, NaN when the row has none
 * @param reference   what {@code ratio} divides by, such as "C epoll_ctl_mod"; empty when none
 * @param note        a target met or missed, or more ratios; empty when none
 */
record MicroRow(String benchmark, String params, double nsPerOp, double error, double bytesPerOp,
                double threadBytes,
                double ratio, String reference, String note) {
}
