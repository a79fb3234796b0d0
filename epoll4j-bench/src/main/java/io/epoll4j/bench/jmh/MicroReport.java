package io.epoll4j.bench.jmh;

import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns JMH results and the C floor into the micro summary: one {@link MicroRow} per benchmark
 * and parameter set, each with the ratio that answers its question (epoll4j over the C floor,
 * over Selector and Netty, over the 10-fd case, poller over raw), printed as a table and
 * written as Markdown and JSON.
 */
final class MicroReport {
    /** Below this {@code gc.alloc.rate.norm} counts as zero: JMH's own bookkeeping shows as fractions. */
    static final double ZERO_BYTES = 1.0;
    /** The poll cost is "flat" while within this factor of the 10-fd case. */
    static final double FLAT = 1.25;

    private static final Map<String, String> C_NAMES = Map.of(
            "CtlMod", "epoll_ctl_mod",
            "EventfdWriteRead", "eventfd_write_read",
            "Wait0", "epoll_wait_0",
            "WaitNanos0", "epoll_pwait2_0",
            "Pwait2_0", "epoll_pwait2_0");

    private final List<MicroRow> rows = new ArrayList<>();
    private final Map<String, Double> cFloor;
    private final Map<String, Double> threadBytes;
    private final Map<String, String> context;

    /**
     * @param cFloor      ns per call of the C program by its names; empty when not run
     * @param threadBytes exact bytes per operation of the benchmark thread by
     *                    {@code Class.method|params} ({@link AllocationProbe}); empty when not run
     * @param context     free-form facts for the header: machine, JDK, mode
     */
    MicroReport(Collection<RunResult> results, Map<String, Double> cFloor, Map<String, Double> threadBytes,
                Map<String, String> context) {
        this.cFloor = cFloor;
        this.threadBytes = threadBytes;
        this.context = context;
        // Sorted by name and parameters, so related rows sit together and references are found.
        Map<String, RunResult> byKey = new TreeMap<>();
        for (RunResult r : results) {
            byKey.put(name(r) + "|" + params(r), r);
        }
        for (RunResult r : byKey.values()) {
            rows.add(row(r, byKey));
        }
    }

    List<MicroRow> rows() {
        return rows;
    }

    private MicroRow row(RunResult r, Map<String, RunResult> all) {
        String name = name(r);
        String params = params(r);
        double score = r.getPrimaryResult().getScore();
        double error = r.getPrimaryResult().getScoreError();
        String sampled = "";
        if (r.getParams().getMode() == Mode.SampleTime) {
            // Sampled benchmarks have long tails: their median is the figure, the mean a note.
            sampled = String.format(Locale.ROOT, "p50 (mean %s, p99 %s)", fmt(score),
                    fmt(r.getPrimaryResult().getStatistics().getPercentile(99)));
            score = r.getPrimaryResult().getStatistics().getPercentile(50);
            error = Double.NaN;
        }
        Result<?> gc = r.getSecondaryResults().get("gc.alloc.rate.norm");
        double bytes = gc == null ? Double.NaN : gc.getScore();
        String cls = name.substring(0, name.indexOf('.'));
        String method = name.substring(name.indexOf('.') + 1);

        double ratio = Double.NaN;
        String reference = "";
        String note = "";
        switch (cls) {
            case "SyscallFloorBench" -> {
                String call = C_NAMES.get(method.replaceFirst("^(fd|sys|critical)", ""));
                Double c = call == null ? null : cFloor.get(call);
                if (c != null) {
                    ratio = score / c;
                    reference = String.format(Locale.ROOT, "C %s (%.1f ns)", call, c);
                }
            }
            case "WakeLatencyBench", "WakeThroughputBench" -> {
                if (params.startsWith("target=epoll4j")) {
                    double selector = scoreOf(all, name, "target=selector");
                    double netty = scoreOf(all, name, "target=netty");
                    ratio = score / selector;
                    reference = "Selector";
                    note = String.format(Locale.ROOT, "%.2f × Netty", score / netty);
                }
            }
            case "PollIdleScaleBench" -> {
                double base = scoreOf(all, name, "idle=10");
                ratio = score / base;
                reference = "idle=10";
                // Judged with the error bars: one noisy iteration on a shared machine is not a slope.
                note = ratio <= FLAT ? "flat"
                        : score - error <= base * FLAT ? "flat within error"
                        : "NOT FLAT (> " + FLAT + " × idle=10)";
            }
            case "PollReadyBench" -> {
                if (method.equals("pollerPoll")) {
                    ratio = score / scoreOf(all, "PollReadyBench.rawWait", params);
                    reference = "rawWait";
                }
            }
            default -> { }
        }
        note = join(sampled, note);
        double exact = threadBytes.getOrDefault(name + "|" + params, Double.NaN);
        if (cls.startsWith("Poll") || cls.startsWith("Wake") && !Double.isNaN(exact)) {
            // The exact count decides where there is one; JMH's all-thread figure otherwise.
            String alloc = !Double.isNaN(exact)
                    ? (exact == 0 ? "0 B/op (exact)" : "ALLOCATES " + fmt(exact) + " B/op (exact)")
                    : Double.isNaN(bytes) ? "" : bytes < ZERO_BYTES ? "~0 B/op" : "ALLOCATES? " + fmt(bytes) + " B/op";
            note = join(note, alloc);
        }
        return new MicroRow(name, params, score, error, bytes, exact, ratio, reference, note);
    }

    private static double scoreOf(Map<String, RunResult> all, String name, String params) {
        RunResult r = all.get(name + "|" + params);
        if (r == null) {
            return Double.NaN;
        }
        return r.getParams().getMode() == Mode.SampleTime
                ? r.getPrimaryResult().getStatistics().getPercentile(50)
                : r.getPrimaryResult().getScore();
    }

    private static String name(RunResult r) {
        String full = r.getParams().getBenchmark();
        int method = full.lastIndexOf('.');
        int cls = full.lastIndexOf('.', method - 1);
        return full.substring(cls + 1);
    }

    private static String params(RunResult r) {
        List<String> kv = new ArrayList<>();
        for (String key : r.getParams().getParamsKeys()) {
            kv.add(key + "=" + r.getParams().getParam(key));
        }
        return String.join(",", kv);
    }

    /** The summary as a fixed-width text table, for the console. */
    String table() {
        StringBuilder b = new StringBuilder();
        String format = "%-42s %-20s %10s %9s %8s %8s %8s  %s%n";
        b.append(String.format(Locale.ROOT, format, "benchmark", "params", "ns/op", "±", "B/op", "thr B/op",
                "ratio", "vs / note"));
        for (MicroRow r : rows) {
            b.append(String.format(Locale.ROOT, format, r.benchmark(), r.params(), fmt(r.nsPerOp()),
                    fmt(r.error()), fmt(r.bytesPerOp()), fmt(r.threadBytes()), fmt(r.ratio()),
                    join(r.reference(), r.note())));
        }
        return b.toString();
    }

    /** The summary as Markdown: the context, the C floor, then the table. */
    String markdown() {
        StringBuilder b = new StringBuilder("# epoll4j JMH microbenchmarks\n\n");
        context.forEach((k, v) -> b.append("- ").append(k).append(": ").append(v).append('\n'));
        if (!cFloor.isEmpty()) {
            b.append("\nC floor (`bench/c/syscall_floor.c`, gcc -O2, ns per call):");
            cFloor.forEach((k, v) -> b.append(String.format(Locale.ROOT, " `%s` %.1f;", k, v)));
            b.setLength(b.length() - 1);
            b.append("\n");
        }
        b.append("\nB/op is JMH's `gc.alloc.rate.norm` (every thread of the fork, JMH's own included);"
                + " thread B/op is the benchmark thread alone, counted exactly over a long run.\n");
        b.append("\n| benchmark | params | ns/op | ± | B/op | thread B/op | ratio | vs / note |\n");
        b.append("|---|---|---:|---:|---:|---:|---:|---|\n");
        for (MicroRow r : rows) {
            b.append("| ").append(r.benchmark()).append(" | ").append(r.params()).append(" | ")
                    .append(fmt(r.nsPerOp())).append(" | ").append(fmt(r.error())).append(" | ")
                    .append(fmt(r.bytesPerOp())).append(" | ").append(fmt(r.threadBytes())).append(" | ")
                    .append(fmt(r.ratio())).append(" | ")
                    .append(join(r.reference(), r.note())).append(" |\n");
        }
        return b.toString();
    }

    /** The summary as JSON: context, C floor and rows, NaN as null. */
    String json() {
        StringBuilder b = new StringBuilder("{\n  \"context\": {");
        appendMap(b, context);
        b.append("},\n  \"cFloorNsPerOp\": {");
        Map<String, String> c = new HashMap<>();
        cFloor.forEach((k, v) -> c.put(k, num(v)));
        appendRaw(b, new TreeMap<>(c));
        b.append("},\n  \"rows\": [");
        for (int i = 0; i < rows.size(); i++) {
            MicroRow r = rows.get(i);
            b.append(i == 0 ? "\n" : ",\n").append("    {\"benchmark\": ").append(str(r.benchmark()))
                    .append(", \"params\": ").append(str(r.params()))
                    .append(", \"nsPerOp\": ").append(num(r.nsPerOp()))
                    .append(", \"error\": ").append(num(r.error()))
                    .append(", \"bytesPerOp\": ").append(num(r.bytesPerOp()))
                    .append(", \"threadBytesPerOp\": ").append(num(r.threadBytes()))
                    .append(", \"ratio\": ").append(num(r.ratio()))
                    .append(", \"reference\": ").append(str(r.reference()))
                    .append(", \"note\": ").append(str(r.note())).append('}');
        }
        return b.append("\n  ]\n}\n").toString();
    }

    /** Writes {@code micro-latest.md} and {@code micro-latest.json} into {@code dir}. */
    void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("micro-latest.md"), markdown(), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("micro-latest.json"), json(), StandardCharsets.UTF_8);
    }

    private static void appendMap(StringBuilder b, Map<String, String> m) {
        Map<String, String> quoted = new java.util.LinkedHashMap<>();
        m.forEach((k, v) -> quoted.put(k, str(v)));
        appendRaw(b, quoted);
    }

    private static void appendRaw(StringBuilder b, Map<String, String> m) {
        boolean first = true;
        for (Map.Entry<String, String> e : m.entrySet()) {
            b.append(first ? "" : ", ").append(str(e.getKey())).append(": ").append(e.getValue());
            first = false;
        }
    }

    static String join(String a, String b) {
        return a.isEmpty() ? b : b.isEmpty() ? a : a + "; " + b;
    }

    private static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "";
        }
        return String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%.0f" : Math.abs(v) >= 10 ? "%.1f" : "%.2f", v);
    }

    private static String num(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? "null" : String.format(Locale.ROOT, "%.3f", v);
    }

    private static String str(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                default -> {
                    if (ch < 0x20) {
                        b.append(String.format("\\u%04x", (int) ch));
                    } else {
                        b.append(ch);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
