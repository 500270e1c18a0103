-- Zipf readers for benchmarks/live.py.
-- Arguments: the file of paths (most popular first), the Zipf exponent s, a seed.
-- Each request draws its path; each response is tallied by its X-Page-Cache
-- header and status class, and done() prints the tallies of every thread.

local paths, cumulative, total = {}, {}, 0
local threads = {}
counts = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

function init(args)
  local s = tonumber(args[2])
  for line in io.lines(args[1]) do
    local rank = #paths + 1
    paths[rank] = line
    total = total + 1 / rank ^ s
    cumulative[rank] = total
  end
  math.randomseed(tonumber(args[3]) + id)
end

function request()
  local target = math.random() * total
  local low, high = 1, #paths
  while low < high do
    local middle = math.floor((low + high) / 2)
    if cumulative[middle] < target then low = middle + 1 else high = middle end
  end
  return wrk.format("GET", paths[low])
end

function response(status, headers, body)
  local state = headers["X-Page-Cache"] or "none"
  counts[state] = (counts[state] or 0) + 1
  local class = math.floor(status / 100) .. "xx"
  counts[class] = (counts[class] or 0) + 1
end

function done(summary, latency, requests)
  for _, thread in ipairs(threads) do
    for name, count in pairs(thread:get("counts")) do
      io.write(string.format("TALLY %s %d\n", name, count))
    end
  end
end
