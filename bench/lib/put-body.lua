-- Frontgate bench: every request is a PUT of the file named by BENCH_BODY_FILE (read once per wrk thread).
-- Set at load time, so wrk formats the request once and keeps its fast path (no request() function).
local file = assert(io.open(os.getenv("BENCH_BODY_FILE"), "rb"))
wrk.method = "PUT"
wrk.body = file:read("*a")
file:close()
wrk.headers["Content-Type"] = "application/octet-stream"

done = function(summary, latency, requests)
  io.write(string.format(
    "BENCH_JSON {\"requests\":%d,\"bytes\":%d,\"duration_us\":%d,\"p50_us\":%d,\"p90_us\":%d,\"p99_us\":%d,\"max_us\":%d,\"err_connect\":%d,\"err_read\":%d,\"err_write\":%d,\"err_status\":%d,\"err_timeout\":%d}\n",
    summary.requests, summary.bytes, summary.duration,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.status, summary.errors.timeout))
end
