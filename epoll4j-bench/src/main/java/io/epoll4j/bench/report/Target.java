package io.epoll4j.bench.report;

import io.epoll4j.bench.run.LoadCase;
import io.epoll4j.bench.run.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * One performance target (of DESIGN.md or an issue), checked against one case of this run.
 *
 * {@snippet :
 * for (Target t : Target.evaluate(summaries, samples, cases)) {
 *     System.out.println(t.description() + " " + t.caseName() + ": " + t.status()
 *             + ", " + t.roundsWithin() + " of " + t.roundRatios().size() + " rounds within");
 * }
 * }
 *
 * <p>Why the rounds are shown beside the median: on a shared machine one server's cost moves by
 * ±10 % from one run to the next, as much as some limits allow. The bench runs every server once
 * per round, so the two servers of a ratio are measured minutes apart within a round: the ratio
 * of each round pairs runs that saw about the same machine, and how far those ratios spread says
 * whether a miss (or a pass) is more than that noise.
 *
 * @param description what is promised, e.g. "req/s ≥ 0.9 × c-floor"
 * @param caseName    the case it was checked on
 * @param ratio       epoll4j's median divided by the reference's median; NaN when not measured
 * @param roundRatios the same ratio round by round, in round order, for the rounds both measured
 * @param limit       the ratio the target allows
 * @param atLeast     true when the ratio must reach the limit, false when it must stay below
 */
public record Target(String description, String caseName, double ratio, List<Double> roundRatios,
                     double limit, boolean atLeast) {

    /** "met", "missed" or "not measured", judged on the medians' ratio. */
    public String status() {
        if (Double.isNaN(ratio)) {
            return "not measured";
        }
        return within(ratio) ? "met" : "missed";
    }

    /** How many rounds' own ratios are within the limit. */
    public int roundsWithin() {
        int n = 0;
        for (double r : roundRatios) {
            n += within(r) ? 1 : 0;
        }
        return n;
    }

    /** The smallest round's ratio, NaN when no round measured both. */
    public double lowest() {
        return roundRatios.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    /** The largest round's ratio, NaN when no round measured both. */
    public double highest() {
        return roundRatios.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    private boolean within(double r) {
        return atLeast ? r >= limit : r <= limit;
    }

    /** Checks every target on every case it applies to. */
    public static List<Target> evaluate(List<CaseSummary> all, List<Sample> samples, List<LoadCase> cases) {
        List<Target> out = new ArrayList<>();
        for (LoadCase c : cases) {
            Checker check = new Checker(all, samples, c.name());
            // issue 10: the same Netty application costs no more CPU on epoll4j than on Netty's JNI epoll.
            out.add(check.target("netty-http-epoll4j CPU/request ≤ 1.0 × netty-http-epoll",
                    "netty-http-epoll4j", "netty-http-epoll", CaseSummary::cpuMicros, Sample::cpuMicrosPerRequest,
                    1.0, false));
            // DESIGN.md and issue 8: CPU per request within 1.1 × the C floor's, pipelined or not.
            out.add(check.target("CPU/request ≤ 1.1 × c-floor", "epoll4j", "c-floor",
                    CaseSummary::cpuMicros, Sample::cpuMicrosPerRequest, 1.1, false));
            // issue 8: cheaper than the plain JDK Selector server at every count.
            out.add(check.target("CPU/request ≤ 1.0 × jdk-selector", "epoll4j", "jdk-selector",
                    CaseSummary::cpuMicros, Sample::cpuMicrosPerRequest, 1.0, false));
            if (c.pipelined()) {
                out.add(check.target("req/s ≥ 0.9 × c-floor", "epoll4j", "c-floor",
                        CaseSummary::rps, s -> s.wrk().rps(), 0.9, true));
            } else {
                out.add(check.target("CPU/request ≤ 0.8 × netty-epoll", "epoll4j", "netty-epoll",
                        CaseSummary::cpuMicros, Sample::cpuMicrosPerRequest, 0.8, false));
                // Only where wrk's latency is per request and its correction applies as meant.
                out.add(check.target("p99 ≤ 2 × c-floor", "epoll4j", "c-floor",
                        CaseSummary::p99, s -> s.wrk().p99(), 2.0, false));
            }
        }
        return out;
    }

    /** The targets of one case: finds the two servers' summaries and pairs their samples by round. */
    private record Checker(List<CaseSummary> all, List<Sample> samples, String caseName) {

        Target target(String description, String peer, String reference, ToDoubleFunction<CaseSummary> median,
                      ToDoubleFunction<Sample> perRound, double limit, boolean atLeast) {
            double r = ratio(CaseSummary.find(all, peer, caseName), CaseSummary.find(all, reference, caseName), median);
            return new Target(description, caseName, r, roundRatios(peer, reference, perRound), limit, atLeast);
        }

        private List<Double> roundRatios(String peer, String reference, ToDoubleFunction<Sample> f) {
            Map<Integer, Double> of = new TreeMap<>();
            for (Sample s : samples) {
                if (s.peer().equals(peer) && s.caseName().equals(caseName) && f.applyAsDouble(s) > 0) {
                    of.put(s.round(), f.applyAsDouble(s));
                }
            }
            List<Double> ratios = new ArrayList<>();
            for (Sample s : samples) {
                Double v = of.get(s.round());
                // A value of 0 is none (wrk could not compute that percentile): no ratio that round.
                if (v != null && s.peer().equals(reference) && s.caseName().equals(caseName) && f.applyAsDouble(s) > 0) {
                    ratios.add(v / f.applyAsDouble(s));
                }
            }
            return List.copyOf(ratios);
        }
    }

    static double ratio(CaseSummary a, CaseSummary b, ToDoubleFunction<CaseSummary> f) {
        if (a == null || b == null || !(f.applyAsDouble(b) > 0)) {
            return Double.NaN;
        }
        return f.applyAsDouble(a) / f.applyAsDouble(b);
    }
}
