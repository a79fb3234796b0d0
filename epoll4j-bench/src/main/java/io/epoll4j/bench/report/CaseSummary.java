package io.epoll4j.bench.report;

import io.epoll4j.bench.run.Median;
import io.epoll4j.bench.run.Sample;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * One peer in one case over all rounds: medians of the rates and latencies, the largest
 * peak RSS, and error counts summed (an error in any round is worth seeing).
 *
 * @param peer          peer name
 * @param caseName      load case
 * @param rounds        measured rounds that produced a sample
 * @param rps           median requests per second
 * @param p50           median of the rounds' p50 latency, µs
 * @param p99           median p99, µs
 * @param p999          median p99.9, µs
 * @param cpuMicros     median server CPU µs per request
 * @param userMicros    median server CPU µs per request in user space (the rest is the kernel's)
 * @param peakRssKiB    largest VmHWM seen
 * @param socketErrors  connect + read + write + timeout errors, all rounds
 * @param non2xx        non-2xx/3xx responses, all rounds
 * @param responseBytes bytes of one response
 */
public record CaseSummary(String peer, String caseName, int rounds, double rps, double p50,
                          double p99, double p999, double cpuMicros, double userMicros, long peakRssKiB,
                          long socketErrors, long non2xx, int responseBytes) {

    /** Groups samples by peer and case, keeping the order in which they first appear. */
    public static List<CaseSummary> of(List<Sample> samples) {
        Map<String, List<Sample>> groups = new LinkedHashMap<>();
        for (Sample s : samples) {
            groups.computeIfAbsent(s.peer() + "\0" + s.caseName(), k -> new ArrayList<>()).add(s);
        }
        List<CaseSummary> out = new ArrayList<>();
        for (List<Sample> g : groups.values()) {
            Sample first = g.getFirst();
            out.add(new CaseSummary(first.peer(), first.caseName(), g.size(),
                    Median.of(g, s -> s.wrk().rps()),
                    latencyMedian(g, s -> s.wrk().p50()),
                    latencyMedian(g, s -> s.wrk().p99()),
                    latencyMedian(g, s -> s.wrk().p999()),
                    Median.of(g, Sample::cpuMicrosPerRequest),
                    Median.of(g, Sample::userMicrosPerRequest),
                    g.stream().mapToLong(Sample::peakRssKiB).max().orElse(0),
                    g.stream().mapToLong(s -> s.wrk().socketErrors()).sum(),
                    g.stream().mapToLong(s -> s.wrk().non2xx()).sum(),
                    first.responseBytes()));
        }
        return out;
    }

    /** The summary of a peer in a case, or null. */
    public static CaseSummary find(List<CaseSummary> all, String peer, String caseName) {
        for (CaseSummary s : all) {
            if (s.peer.equals(peer) && s.caseName.equals(caseName)) {
                return s;
            }
        }
        return null;
    }

    /**
     * Median of a latency percentile, leaving out rounds where wrk reported 0. wrk corrects
     * its histogram for coordinated omission assuming one request per round trip; with
     * pipelining it adds synthetic samples below the smallest recorded one, which its own
     * percentile walk then skips, and a percentile comes out as 0. Such a round has no
     * usable value; when no round has one the result is NaN (shown as "—").
     */
    static double latencyMedian(List<Sample> g, ToDoubleFunction<Sample> f) {
        return Median.of(g.stream().filter(s -> f.applyAsDouble(s) > 0).toList(), f);
    }
}
