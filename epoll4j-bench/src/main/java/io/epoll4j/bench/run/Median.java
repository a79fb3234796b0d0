package io.epoll4j.bench.run;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The median of a value over repeated runs: what the bench reports, because one run of a
 * shared machine can be far off and a mean would carry it.
 *
 * {@snippet :
 * double rps = Median.of(runs, r -> r.wrk().rps());
 * }
 */
public final class Median {

    private Median() {}

    /** The median of {@code f} over {@code items} (the mean of the middle two for an even count); NaN when empty. */
    public static <T> double of(List<T> items, ToDoubleFunction<? super T> f) {
        double[] v = items.stream().mapToDouble(f).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        int m = v.length / 2;
        return v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2;
    }
}
