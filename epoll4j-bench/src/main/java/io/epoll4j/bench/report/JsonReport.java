package io.epoll4j.bench.report;

import io.epoll4j.bench.run.IdleResult;
import io.epoll4j.bench.run.LoadRun;
import io.epoll4j.bench.run.LoadCase;
import io.epoll4j.bench.run.Sample;
import java.util.LinkedHashMap;

import java.util.Map;

/**
 * Renders {@link Results} as JSON: the summaries the Markdown shows, plus every raw sample so
 * a later reader can recompute anything. Units are in the key names.
 */
public final class JsonReport {

    private JsonReport() {}

    /** The whole results document. */
    public static String render(Results r) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("started_at", r.startedAt());
        root.put("quick", r.quick());
        root.put("settings", r.settings());
        root.put("machine", r.machine());
        root.put("peers", r.peers());
        root.put("skipped", r.skipped());
        root.put("failures", r.failures());
        root.put("cases", r.cases().stream().map(JsonReport::caseMap).toList());
        root.put("summary", r.summaries().stream().map(JsonReport::summary).toList());
        root.put("targets", r.targets().stream().map(JsonReport::target).toList());
        root.put("idle", r.idle().stream().map(JsonReport::idle).toList());
        root.put("samples", r.samples().stream().map(JsonReport::sample).toList());
        return Json.write(root);
    }

    private static Map<String, Object> caseMap(LoadCase c) {
        return ordered("name", c.name(), "connections", c.connections(), "pipeline_depth", c.depth());
    }

    private static Map<String, Object> summary(CaseSummary s) {
        return ordered("server", s.peer(), "case", s.caseName(), "rounds", s.rounds(),
                "requests_per_s", s.rps(), "latency_p50_us", s.p50(), "latency_p99_us", s.p99(),
                "latency_p999_us", s.p999(), "cpu_us_per_request", s.cpuMicros(),
                "user_cpu_us_per_request", s.userMicros(),
                "peak_rss_kib", s.peakRssKiB(), "socket_errors", s.socketErrors(),
                "non_2xx", s.non2xx(), "response_bytes", s.responseBytes());
    }

    private static Map<String, Object> target(Target t) {
        return ordered("target", t.description(), "case", t.caseName(), "ratio", t.ratio(),
                "round_ratios", t.roundRatios(), "rounds_within", t.roundsWithin(),
                "limit", t.limit(), "status", t.status());
    }

    private static Map<String, Object> idle(IdleResult i) {
        Map<String, Object> m = ordered("server", i.peer(), "idle_connections", i.idle(),
                "heap_before_bytes", i.heapBefore(), "heap_with_idle_bytes", i.heapWith(),
                "heap_after_close_bytes", i.heapClosed(), "heap_per_idle_connection", i.heapPerIdleConnection(),
                "top_classes", i.topClasses(), "classes_left_after_close", i.leftClasses(),
                "rss_before_kib", i.rssBeforeKiB(), "rss_with_idle_kib", i.rssAfterKiB(),
                "rss_after_close_kib", i.rssClosedKiB(),
                "bytes_per_idle_connection", i.bytesPerIdleConnection(),
                "fds_before", i.fdsBefore(), "fds_with_idle", i.fdsWith(), "fds_after_close", i.fdsClosed(),
                "requests_per_s_without", i.rpsBaseline(), "requests_per_s_with", i.rpsWithIdle(),
                "requests_per_s_lost", i.rpsLost(), "cpu_us_per_request_without", i.cpuMicrosBaseline(),
                "cpu_us_per_request_with", i.cpuMicrosWithIdle(), "cpu_added", i.cpuAdded(),
                "runs_without", i.without().stream().map(JsonReport::run).toList(),
                "runs_with", i.with().stream().map(JsonReport::run).toList(), "errors_with_idle", i.errors());
        return m;
    }

    private static Map<String, Object> sample(Sample s) {
        var w = s.wrk();
        return ordered("server", s.peer(), "case", s.caseName(), "round", s.round(),
                "requests", w.requests(), "seconds", w.seconds(), "requests_per_s", w.rps(),
                "latency_p50_us", w.p50(), "latency_p99_us", w.p99(), "latency_p999_us", w.p999(),
                "errors_connect", w.connectErrors(), "errors_read", w.readErrors(),
                "errors_write", w.writeErrors(), "errors_timeout", w.timeouts(),
                "non_2xx", w.non2xx(), "server_cpu_ns", s.serverCpuNanos(),
                "server_user_cpu_ns", s.run().serverCpu().userNanos(),
                "cpu_us_per_request", s.cpuMicrosPerRequest(), "user_cpu_us_per_request", s.userMicrosPerRequest(),
                "peak_rss_kib", s.peakRssKiB(), "response_bytes", s.responseBytes());
    }

    private static Map<String, Object> run(LoadRun r) {
        var w = r.wrk();
        return ordered("requests", w.requests(), "seconds", w.seconds(), "requests_per_s", w.rps(),
                "latency_p99_us", w.p99(), "errors", w.socketErrors() + w.non2xx(),
                "server_cpu_ns", r.serverCpuNanos(), "server_user_cpu_ns", r.serverCpu().userNanos(),
                "cpu_us_per_request", r.cpuMicrosPerRequest(), "user_cpu_us_per_request", r.userMicrosPerRequest());
    }

    private static Map<String, Object> ordered(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

}
