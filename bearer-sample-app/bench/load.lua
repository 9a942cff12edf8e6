-- wrk script of load.sh: sends the benchmark token (read from the environment, so `ps` never
-- shows it) and prints one machine-readable line at the end:
--   result requests=<n> seconds=<s> non2xx=<n> errors=<n> p50_us=<us> p99_us=<us> mean_us=<us>
local token = os.getenv("BENCH_TOKEN")
if token and token ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. token
end
wrk.headers["User-Agent"] = "bearer-load-bench"

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  non2xx = 0
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  end
end

function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do
    bad = bad + thread:get("non2xx")
  end
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format("result requests=%d seconds=%.3f non2xx=%d errors=%d p50_us=%d p99_us=%d mean_us=%.0f\n",
    summary.requests, summary.duration / 1e6, bad, errors, latency:percentile(50), latency:percentile(99),
    latency.mean))
end
