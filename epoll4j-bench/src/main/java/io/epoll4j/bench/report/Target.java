package io.epoll4j.bench.report;

import io.epoll4j.bench.run.LoadCase;
import java.util.ArrayList;
import java.util.List;

/**
 * One performance target of DESIGN.md, checked against one case of this run.
 *
 * @param description what is promised, e.g. "req/s ≥ 0.9 × c-floor"
 * @param caseName    the case it was checked on
 * @param ratio       epoll4j's value divided by the reference's; NaN when not measured
 * @param limit       the ratio the target allows
 * @param atLeast     true when the ratio must reach the limit, false when it must stay below
 */
public record Target(String description, String caseName, double ratio, double limit,
                     boolean atLeast) {

    /** "met", "missed" or "not measured". */
    public String status() {
        if (Double.isNaN(ratio)) {
            return "not measured";
        }
        return (atLeast ? ratio >= limit : ratio <= limit) ? "met" : "missed";
    }

    /** Checks every target on every case it applies to. */
    public static List<Target> evaluate(List<CaseSummary> all, List<LoadCase> cases) {
        List<Target> out = new ArrayList<>();
        for (LoadCase c : cases) {
            CaseSummary e = CaseSummary.find(all, "epoll4j", c.name());
            CaseSummary floor = CaseSummary.find(all, "c-floor", c.name());
            CaseSummary netty = CaseSummary.find(all, "netty-epoll", c.name());
            // issue 10: the same Netty application costs no more CPU on epoll4j than on Netty's JNI epoll.
            out.add(new Target("netty-http-epoll4j CPU/request ≤ 1.0 × netty-http-epoll", c.name(),
                    ratio(CaseSummary.find(all, "netty-http-epoll4j", c.name()),
                            CaseSummary.find(all, "netty-http-epoll", c.name()), CaseSummary::cpuMicros), 1.0, false));
            if (c.pipelined()) {
                out.add(new Target("req/s ≥ 0.9 × c-floor", c.name(),
                        ratio(e, floor, CaseSummary::rps), 0.9, true));
            } else {
                out.add(new Target("CPU/request ≤ 1.1 × c-floor", c.name(),
                        ratio(e, floor, CaseSummary::cpuMicros), 1.1, false));
                out.add(new Target("CPU/request ≤ 0.8 × netty-epoll", c.name(),
                        ratio(e, netty, CaseSummary::cpuMicros), 0.8, false));
                // Only where wrk's latency is per request and its correction applies as meant.
                out.add(new Target("p99 ≤ 2 × c-floor", c.name(),
                        ratio(e, floor, CaseSummary::p99), 2.0, false));
            }
        }
        return out;
    }

    static double ratio(CaseSummary a, CaseSummary b,
                        java.util.function.ToDoubleFunction<CaseSummary> f) {
        if (a == null || b == null || !(f.applyAsDouble(b) > 0)) {
            return Double.NaN;
        }
        return f.applyAsDouble(a) / f.applyAsDouble(b);
    }
}
