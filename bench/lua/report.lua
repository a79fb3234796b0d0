-- Prints wrk's results in a form the harness parses without guessing at units:
-- latency in microseconds (p99.9 included, which `wrk --latency` does not show),
-- and every error counter by name. Loaded by pipeline.lua too.
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d bytes=%d duration_us=%d connect=%d read=%d write=%d status=%d timeout=%d\n",
    summary.requests, summary.bytes, summary.duration,
    e.connect, e.read, e.write, e.status, e.timeout))
  io.write(string.format(
    "BENCH latency_us p50=%d p90=%d p99=%d p999=%d max=%d mean=%.1f\n",
    latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency:percentile(99.9), latency.max, latency.mean))
end
