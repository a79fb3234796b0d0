package io.epoll4j.bench.report;

import io.epoll4j.bench.run.IdleResult;
import io.epoll4j.bench.run.LoadCase;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders {@link Results} as the Markdown that goes to {@code bench/results/*.md} and stdout. */
public final class MarkdownReport {

    private MarkdownReport() {}

    /** The whole report. */
    public static String render(Results r) {
        StringBuilder b = new StringBuilder();
        b.append("# epoll4j macro benchmark — ").append(r.startedAt())
                .append(r.quick() ? " (quick: noisy, for development only)" : "").append("\n\n");
        b.append("Servers pinned to one core, wrk (`-t1`) pinned to the other; rounds interleaved; "
                + "medians over rounds. Latency of pipelined cases is per batch of requests and only "
                + "indicative: wrk's coordinated-omission correction assumes one request per round "
                + "trip (— marks a percentile it could not compute). CPU is the server's user and system "
                + "time (`/proc/PID/stat`); \"user\" is the part in user space, the rest the kernel's, which "
                + "is about the same for servers making the same system calls.\n\n");
        for (LoadCase c : r.cases()) {
            caseTable(b, r, c);
        }
        nettyTransports(b, r);
        cpuByConnections(b, r);
        targets(b, r);
        idle(b, r);
        b.append("## Peers\n\n");
        r.peers().forEach((k, v) -> b.append("- **").append(k).append("**: ").append(v).append('\n'));
        r.skipped().forEach((k, v) -> b.append("- **").append(k).append("**: skipped — ").append(v).append('\n'));
        if (!r.failures().isEmpty()) {
            b.append("\n## Failed runs\n\n");
            r.failures().forEach(f -> b.append("- ").append(f).append('\n'));
        }
        b.append("\n## Machine and settings\n\n");
        pairs(b, r.machine());
        pairs(b, r.settings());
        return b.toString();
    }

    private static void caseTable(StringBuilder b, Results r, LoadCase c) {
        b.append("## ").append(c.name()).append(" — ").append(c.label()).append("\n\n");
        b.append("| server | req/s | × c-floor | × netty-epoll | p50 ms | p99 ms | p99.9 ms "
                + "| CPU µs/req | user µs/req | peak RSS MiB | socket errors | non-2xx | response bytes | rounds |\n");
        b.append("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
        CaseSummary floor = CaseSummary.find(r.summaries(), "c-floor", c.name());
        CaseSummary netty = CaseSummary.find(r.summaries(), "netty-epoll", c.name());
        for (CaseSummary s : r.summaries()) {
            if (!s.caseName().equals(c.name())) {
                continue;
            }
            b.append("| ").append(s.peer())
                    .append(" | ").append(fmt("%,.0f", s.rps()))
                    .append(" | ").append(fmt("%.2f", Target.ratio(s, floor, CaseSummary::rps)))
                    .append(" | ").append(fmt("%.2f", Target.ratio(s, netty, CaseSummary::rps)))
                    .append(" | ").append(fmt("%.2f", s.p50() / 1000))
                    .append(" | ").append(fmt("%.2f", s.p99() / 1000))
                    .append(" | ").append(fmt("%.2f", s.p999() / 1000))
                    .append(" | ").append(fmt("%.2f", s.cpuMicros()))
                    .append(" | ").append(fmt("%.3f", s.userMicros()))
                    .append(" | ").append(fmt("%.1f", s.peakRssKiB() / 1024.0))
                    .append(" | ").append(s.socketErrors())
                    .append(" | ").append(s.non2xx())
                    .append(" | ").append(s.responseBytes())
                    .append(" | ").append(s.rounds()).append(" |\n");
        }
        b.append('\n');
    }

    /** The same Netty HttpServerCodec application on its three transports, next to each other. */
    private static void nettyTransports(StringBuilder b, Results r) {
        List<String> peers = List.of("netty-http-epoll", "netty-http-nio", "netty-http-epoll4j");
        if (r.summaries().stream().noneMatch(s -> peers.contains(s.peer()))) {
            return;
        }
        b.append("## Netty HttpServerCodec on three transports\n\n"
                + "| case | transport | req/s | CPU µs/req | CPU × netty-http-epoll | req/s × netty-http-epoll "
                + "| p99 ms |\n|---|---|--:|--:|--:|--:|--:|\n");
        for (LoadCase c : r.cases()) {
            CaseSummary jni = CaseSummary.find(r.summaries(), "netty-http-epoll", c.name());
            for (String peer : peers) {
                CaseSummary s = CaseSummary.find(r.summaries(), peer, c.name());
                if (s == null) {
                    continue;
                }
                b.append("| ").append(c.name()).append(" | ").append(peer)
                        .append(" | ").append(fmt("%,.0f", s.rps()))
                        .append(" | ").append(fmt("%.2f", s.cpuMicros()))
                        .append(" | ").append(fmt("%.2f", Target.ratio(s, jni, CaseSummary::cpuMicros)))
                        .append(" | ").append(fmt("%.2f", Target.ratio(s, jni, CaseSummary::rps)))
                        .append(" | ").append(fmt("%.2f", s.p99() / 1000)).append(" |\n");
            }
        }
        b.append('\n');
    }

    private static void targets(StringBuilder b, Results r) {
        b.append("## Targets (DESIGN.md and the issues) for epoll4j\n\n"
                + "The ratio of the medians decides; beside it, the same ratio within each round (the two "
                + "servers measured minutes apart) and how many rounds were within the limit: a spread "
                + "across the limit means the verdict is within this machine's noise.\n\n"
                + "| target | case | ratio | rounds: lowest–highest | rounds within | limit | status |\n"
                + "|---|---|--:|--:|--:|--:|---|\n");
        for (Target t : r.targets()) {
            b.append("| ").append(t.description()).append(" | ").append(t.caseName())
                    .append(" | ").append(fmt("%.2f", t.ratio()))
                    .append(" | ").append(t.roundRatios().isEmpty() ? "—"
                            : fmt("%.2f", t.lowest()) + "–" + fmt("%.2f", t.highest()))
                    .append(" | ").append(t.roundRatios().isEmpty() ? "—"
                            : t.roundsWithin() + " of " + t.roundRatios().size())
                    .append(" | ").append(fmt("%.2f", t.limit()))
                    .append(" | ").append(t.status()).append(" |\n");
        }
        b.append('\n');
    }

    /** CPU per request of each server at each connection count, not pipelined (latest-cpu.png draws it). */
    private static void cpuByConnections(StringBuilder b, Results r) {
        java.util.List<LoadCase> cases = r.cases().stream().filter(c -> !c.pipelined())
                .sorted(java.util.Comparator.comparingInt(LoadCase::connections)).toList();
        if (cases.size() < 2) {
            return;
        }
        b.append("## CPU per request against connections (not pipelined; chart: latest-cpu.png)\n\n"
                + "µs of server CPU per request, and in brackets × c-floor's at the same count.\n\n| server |");
        cases.forEach(c -> b.append(' ').append(c.connections()).append(" conns |"));
        b.append("\n|---|");
        cases.forEach(c -> b.append("--:|"));
        b.append('\n');
        java.util.Set<String> peers = new java.util.LinkedHashSet<>();
        r.summaries().forEach(s -> peers.add(s.peer()));
        for (String peer : peers) {
            b.append("| ").append(peer).append(" |");
            for (LoadCase c : cases) {
                CaseSummary s = CaseSummary.find(r.summaries(), peer, c.name());
                CaseSummary floor = CaseSummary.find(r.summaries(), "c-floor", c.name());
                double cpu = s == null ? Double.NaN : s.cpuMicros();
                double ratio = floor == null ? Double.NaN : cpu / floor.cpuMicros();
                b.append(' ').append(fmt("%.2f", cpu)).append(" (").append(fmt("%.2f", ratio)).append(") |");
            }
            b.append('\n');
        }
        b.append('\n');
    }

    private static void idle(StringBuilder b, Results r) {
        if (r.idle().isEmpty()) {
            return;
        }
        b.append("## Idle scale — idle keep-alive connections held while wrk runs c256\n\n"
                + "Live heap from `jcmd PID GC.class_histogram` (a full GC first) before the idle "
                + "connections open and while they are held; RSS from `/proc/PID/status`; fds from "
                + "`/proc/PID/fd`; \"after close\" once the client has closed them all. req/s and "
                + "server CPU µs per request are medians of the runs without idle connections (before "
                + "they opened and after they closed) and of the runs with them.\n\n"
                + "| server | idle conns | heap B/conn | RSS B/conn | req/s without | req/s with | req/s lost "
                + "| CPU µs/req without / with | runs without / with "
                + "| errors | fds before / with / after close | heap MiB before / with / after close "
                + "| RSS MiB before / with / after close |\n"
                + "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
        for (IdleResult i : r.idle()) {
            b.append("| ").append(i.peer()).append(" | ").append(fmt("%,.0f", i.idle()))
                    .append(" | ").append(fmt("%,.0f", i.heapPerIdleConnection()))
                    .append(" | ").append(fmt("%,.0f", i.bytesPerIdleConnection()))
                    .append(" | ").append(fmt("%,.0f", i.rpsBaseline()))
                    .append(" | ").append(fmt("%,.0f", i.rpsWithIdle()))
                    .append(" | ").append(fmt("%.1f %%", 100 * i.rpsLost()))
                    .append(" | ").append(fmt("%.2f", i.cpuMicrosBaseline())).append(" / ")
                    .append(fmt("%.2f", i.cpuMicrosWithIdle()))
                    .append(" | ").append(i.without().size()).append(" / ").append(i.with().size())
                    .append(" | ").append(i.errors())
                    .append(" | ").append(i.fdsBefore()).append(" / ").append(i.fdsWith()).append(" / ").append(i.fdsClosed())
                    .append(" | ").append(mib(i.heapBefore())).append(" / ").append(mib(i.heapWith()))
                    .append(" / ").append(mib(i.heapClosed()))
                    .append(" | ").append(fmt("%.1f", i.rssBeforeKiB() / 1024.0)).append(" / ")
                    .append(fmt("%.1f", i.rssAfterKiB() / 1024.0)).append(" / ")
                    .append(fmt("%.1f", i.rssClosedKiB() / 1024.0)).append(" |\n");
        }
        b.append("\nWhat grew with the idle connections (live bytes and instances, top classes):\n\n");
        for (IdleResult i : r.idle()) {
            b.append("- ").append(i.peer()).append(", ").append(fmt("%,.0f", i.idle())).append(": ")
                    .append(i.topClasses().isEmpty() ? "no histogram" : String.join("; ", i.topClasses()))
                    .append('\n');
        }
        b.append("\nWhat stayed above the baseline after they closed:\n\n");
        for (IdleResult i : r.idle()) {
            b.append("- ").append(i.peer()).append(", ").append(fmt("%,.0f", i.idle())).append(": ")
                    .append(i.leftClasses().isEmpty() ? "nothing" : String.join("; ", i.leftClasses()))
                    .append('\n');
        }
        b.append('\n');
    }

    private static String mib(long bytes) {
        return bytes < 0 ? "—" : fmt("%.1f", bytes / 1048576.0);
    }

    private static void pairs(StringBuilder b, Map<String, String> m) {
        m.forEach((k, v) -> b.append("- ").append(k).append(": ").append(v).append('\n'));
    }

    static String fmt(String format, double v) {
        return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, format, v);
    }
}
