-- wrk script: POST /im/push/mids with a JSON body of BENCH_MIDS distinct random mids out of 1..BENCH_USERS.
-- The mids of one request are r, r+7919, r+2*7919 ... (mod users): distinct as long as 7919 does not divide users,
-- so the service's de-duplication never shrinks a request and every request asks for exactly BENCH_MIDS users.
-- Each wrk thread draws from its own pool of pre-built requests (4096 random bodies, 256 from 100 mids up).
-- done() prints one JSON line (prefixed "WRK_JSON ") that bench/run.sh keeps.
local mids_per = tonumber(os.getenv("BENCH_MIDS") or "1")
local users = tonumber(os.getenv("BENCH_USERS") or "100000")
local path = os.getenv("BENCH_PATH") or "/im/push/mids"
local msg = os.getenv("BENCH_MSG") or "hello from bench"
local stride = 7919
local headers = { ["Content-Type"] = "application/json" }
local pool = {}
local pool_size = 0
local counter = 0
local threads = {}

function setup(thread)
  counter = counter + 1
  thread:set("tid", counter)
  table.insert(threads, thread)
end

local function body()
  local r = math.random(0, users - 1)
  local ids = {}
  for i = 0, mids_per - 1 do
    ids[i + 1] = ((r + i * stride) % users) + 1
  end
  return '{"operation":1000,"mids":[' .. table.concat(ids, ",") .. '],"msg":"' .. msg .. '"}'
end

function init(args)
  math.randomseed(os.time() * 1000 + (tid or 0) * 7 + math.floor(os.clock() * 1000000))
  -- a pool of requests made up front, so that wrk spends its CPU on sending, not on building strings (on 2 cores
  -- wrk shares the CPU with the server: building each request in Lua would cost the server a third of its rate)
  pool_size = mids_per >= 100 and 256 or 4096
  for i = 1, pool_size do
    pool[i] = wrk.format("POST", path, headers, body())
  end
  statuses = {}
end

function request()
  return pool[math.random(pool_size)]
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local merged = {}
  for _, thread in ipairs(threads) do
    local s = thread:get("statuses")
    if s then
      for code, n in pairs(s) do
        merged[code] = (merged[code] or 0) + n
      end
    end
  end
  local parts = {}
  for code, n in pairs(merged) do
    parts[#parts + 1] = string.format('"%d":%d', code, n)
  end
  local e = summary.errors
  io.write(string.format('WRK_JSON {"duration_us":%d,"requests":%d,"bytes":%d,' ..
      '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
      '"latency_us":{"mean":%.1f,"p50":%d,"p90":%d,"p99":%d,"p999":%d,"max":%d},"statuses":{%s}}\n',
      summary.duration, summary.requests, summary.bytes,
      e.connect, e.read, e.write, e.status, e.timeout,
      latency.mean, latency:percentile(50), latency:percentile(90), latency:percentile(99),
      latency:percentile(99.9), latency.max, table.concat(parts, ",")))
end
