package io.epoll4j.bench.run;

import java.util.HashMap;
import java.util.Map;

/**
 * What one wrk run reported, parsed from the {@code BENCH} lines that
 * {@code bench/lua/report.lua} prints. Latencies are in microseconds; for pipelined runs
 * they are per batch of requests, not per request.
 *
 * @param requests   responses received
 * @param seconds    measured duration
 * @param p50        median latency, µs
 * @param p99        99th percentile, µs
 * @param p999       99.9th percentile, µs
 * @param connectErrors socket errors by kind, as wrk counts them
 * @param readErrors    read errors
 * @param writeErrors   write errors
 * @param timeouts      requests that got no answer within wrk's --timeout
 * @param non2xx     responses whose status was not 2xx or 3xx
 */
public record WrkResult(long requests, double seconds, long p50, long p99, long p999,
                        long connectErrors, long readErrors, long writeErrors, long timeouts,
                        long non2xx) {

    /** Requests per second. */
    public double rps() {
        return seconds > 0 ? requests / seconds : 0;
    }

    /** All socket errors together. */
    public long socketErrors() {
        return connectErrors + readErrors + writeErrors + timeouts;
    }

    /** Parses wrk's output; throws when the report lines are missing. */
    static WrkResult parse(String output) {
        Map<String, Long> v = new HashMap<>();
        for (String line : output.split("\n")) {
            if (!line.startsWith("BENCH ")) {
                continue;
            }
            for (String token : line.substring(6).trim().split(" ")) {
                int eq = token.indexOf('=');
                if (eq > 0) {
                    v.put(token.substring(0, eq), (long) Double.parseDouble(token.substring(eq + 1)));
                }
            }
        }
        if (!v.containsKey("requests") || !v.containsKey("p99")) {
            throw new IllegalStateException("wrk printed no report: " + output.strip());
        }
        return new WrkResult(v.get("requests"), v.get("duration_us") / 1e6, v.get("p50"),
                v.get("p99"), v.get("p999"), v.get("connect"), v.get("read"), v.get("write"),
                v.get("timeout"), v.get("status"));
    }
}
