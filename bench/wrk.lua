-- wrk script for bench/run.py: the request comes from environment variables, and the
-- summary is printed as one JSON line that run.py parses (wrk's own text is for people).
--
--   BENCH_METHOD           GET (default) or POST
--   BENCH_BODY             form body for a POST (application/x-www-form-urlencoded)
--   BENCH_COOKIE           Cookie header (session and CSRF cookies)
--   BENCH_ACCEPT_ENCODING  Accept-Encoding header, as a browser sends it

local method = os.getenv("BENCH_METHOD") or "GET"
local body = os.getenv("BENCH_BODY") or ""
local cookie = os.getenv("BENCH_COOKIE") or ""
local accept_encoding = os.getenv("BENCH_ACCEPT_ENCODING") or ""

wrk.method = method
if body ~= "" then
  wrk.body = body
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
end
if cookie ~= "" then
  wrk.headers["Cookie"] = cookie
end
if accept_encoding ~= "" then
  wrk.headers["Accept-Encoding"] = accept_encoding
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH-JSON {"requests": %d, "duration_us": %d, "bytes": %d, ' ..
    '"p50_us": %d, "p90_us": %d, "p99_us": %d, "max_us": %d, "mean_us": %.1f, ' ..
    '"connect_errors": %d, "read_errors": %d, "write_errors": %d, "status_errors": %d, "timeouts": %d}\n',
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean,
    e.connect, e.read, e.write, e.status, e.timeout))
end
