-- Frontgate bench: wrk done() hook only. Without request()/response() functions wrk keeps its fast path;
-- this prints exact counts and latency percentiles as one JSON line that bench/lib/wrk.ts parses.
done = function(summary, latency, requests)
  io.write(string.format(
    "BENCH_JSON {\"requests\":%d,\"bytes\":%d,\"duration_us\":%d,\"p50_us\":%d,\"p90_us\":%d,\"p99_us\":%d,\"max_us\":%d,\"err_connect\":%d,\"err_read\":%d,\"err_write\":%d,\"err_status\":%d,\"err_timeout\":%d}\n",
    summary.requests, summary.bytes, summary.duration,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.status, summary.errors.timeout))
end
