-- wrk script of the fault scripts in this folder (sigterm.sh, outage.sh).
--
-- Environment:
--   BENCH_TOKEN       the bearer token to send (read here, so `ps` never shows it)
--   BENCH_MARKER      the User-Agent of every request: the audit rows of this load are counted by it
--   BENCH_STOP_AFTER  seconds after the start at which no new request is sent (optional); the
--                     requests in flight still get their answers, so at the end of wrk's duration no
--                     request is left unanswered (a request cut off by wrk's end could have been
--                     answered 200 and written its row without being counted here)
--   BENCH_TIMELINE    file that gets one line per second: "<epoch second> <200s> <other answers>"
--
-- Prints "responses 200=<n> other=<n>" and, when there were other answers, "statuses <code>=<n> ...".
local token = os.getenv("BENCH_TOKEN")
local marker = os.getenv("BENCH_MARKER")
local stop_after = tonumber(os.getenv("BENCH_STOP_AFTER") or "")
local timeline = os.getenv("BENCH_TIMELINE")
wrk.headers["Authorization"] = "Bearer " .. token
wrk.headers["User-Agent"] = marker

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  ok = 0
  other = 0
  ok_at = {}
  other_at = {}
  statuses = {}
  stop_at = stop_after and (os.time() + stop_after) or nil
end

function delay()
  if stop_at and os.time() >= stop_at then
    return 3600000
  end
  return 0
end

function response(status, headers, body)
  local second = os.time()
  if status == 200 then
    ok = ok + 1
    ok_at[second] = (ok_at[second] or 0) + 1
  else
    other = other + 1
    statuses[status] = (statuses[status] or 0) + 1
    other_at[second] = (other_at[second] or 0) + 1
  end
end

function done(summary, latency, requests)
  local total_ok, total_other = 0, 0
  local seconds = {}
  local by_status = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      by_status[status] = (by_status[status] or 0) + count
    end
    total_ok = total_ok + thread:get("ok")
    total_other = total_other + thread:get("other")
    for second, count in pairs(thread:get("ok_at")) do
      seconds[second] = seconds[second] or { 0, 0 }
      seconds[second][1] = seconds[second][1] + count
    end
    for second, count in pairs(thread:get("other_at")) do
      seconds[second] = seconds[second] or { 0, 0 }
      seconds[second][2] = seconds[second][2] + count
    end
  end
  if timeline then
    local keys = {}
    for second in pairs(seconds) do
      table.insert(keys, second)
    end
    table.sort(keys)
    local file = assert(io.open(timeline, "w"))
    for _, second in ipairs(keys) do
      file:write(string.format("%d %d %d\n", second, seconds[second][1], seconds[second][2]))
    end
    file:close()
  end
  io.write(string.format("responses 200=%d other=%d\n", total_ok, total_other))
  if total_other > 0 then
    local codes = {}
    for status, count in pairs(by_status) do
      table.insert(codes, string.format("%d=%d", status, count))
    end
    table.sort(codes)
    io.write("statuses " .. table.concat(codes, " ") .. "\n")
  end
end
