-- wrk script for bench/home_pages.py: every wrk thread holds one connection (-t N -c N) and
-- sends the session cookie of one signed-in demo user, so N connections are N different people.
--
-- Environment: BENCH_COOKIES  file with one Cookie header value per line (one per person)
--              BENCH_PATH     the page to request (default /)
-- Prints "BENCH <name> <value>" lines for the driver to read.

local cookies = {}
local threads = {}
local path = os.getenv("BENCH_PATH") or "/"

local cookie_file = os.getenv("BENCH_COOKIES")
if cookie_file then
  for line in io.lines(cookie_file) do
    if line ~= "" then table.insert(cookies, line) end
  end
end

function setup(thread)
  -- Runs once per thread in the main Lua state, before the threads start.
  table.insert(threads, thread)
  local n = #threads
  thread:set("id", n)
  thread:set("cookie", cookies[((n - 1) % math.max(#cookies, 1)) + 1] or "")
  thread:set("path", path)
end

function init(args)
  -- Runs in each thread's own Lua state; id, cookie and path were set by setup().
  non200 = 0
  redirects = 0
  statuses = {}
  local headers = {}
  if cookie ~= "" then headers["Cookie"] = cookie end
  req = wrk.format("GET", path, headers)
end

function request()
  return req
end

function response(status, headers, body)
  if status ~= 200 then
    non200 = non200 + 1
    if status >= 300 and status < 400 then redirects = redirects + 1 end
  end
end

function done(summary, latency, requests)
  local non200_total, redirects_total = 0, 0
  for _, thread in ipairs(threads) do
    non200_total = non200_total + (thread:get("non200") or 0)
    redirects_total = redirects_total + (thread:get("redirects") or 0)
  end
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format("BENCH connections %d\n", #threads))
  io.write(string.format("BENCH distinct_cookies %d\n", #cookies))
  io.write(string.format("BENCH requests %d\n", summary.requests))
  io.write(string.format("BENCH seconds %.3f\n", seconds))
  io.write(string.format("BENCH rps %.2f\n", summary.requests / seconds))
  -- wrk measures latency in microseconds
  io.write(string.format("BENCH latency_mean_ms %.2f\n", latency.mean / 1000))
  io.write(string.format("BENCH p50_ms %.2f\n", latency:percentile(50) / 1000))
  io.write(string.format("BENCH p95_ms %.2f\n", latency:percentile(95) / 1000))
  io.write(string.format("BENCH p99_ms %.2f\n", latency:percentile(99) / 1000))
  io.write(string.format("BENCH max_ms %.2f\n", latency.max / 1000))
  io.write(string.format("BENCH non200 %d\n", non200_total))
  io.write(string.format("BENCH redirects %d\n", redirects_total))
  io.write(string.format("BENCH socket_errors %d\n",
                         e.connect + e.read + e.write + e.timeout))
  io.write(string.format("BENCH errors_connect %d\nBENCH errors_read %d\n", e.connect, e.read))
  io.write(string.format("BENCH errors_write %d\nBENCH errors_timeout %d\n", e.write, e.timeout))
end
