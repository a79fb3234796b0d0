-- Pipelined load for WrkPipeline (io.epoll4j.testing): each write carries DEPTH requests (first script argument,
-- default 16). Every response's status is counted per thread; done() prints one line the
-- test parses:  RESULT requests=N ok=N other=N connect=N read=N write=N status=N timeout=N
local threads = {}
local batch

setup = function(thread)
  table.insert(threads, thread)
end

init = function(args)
  local depth = tonumber(args[1]) or 16
  batch = string.rep(wrk.format("GET", wrk.path), depth)
  ok = 0
  other = 0
end

request = function()
  return batch
end

response = function(status, headers, body)
  if status >= 200 and status < 300 then
    ok = ok + 1
  else
    other = other + 1
  end
end

done = function(summary, latency, requests)
  local okAll, otherAll = 0, 0
  for _, thread in ipairs(threads) do
    okAll = okAll + thread:get("ok")
    otherAll = otherAll + thread:get("other")
  end
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d ok=%d other=%d connect=%d read=%d write=%d status=%d timeout=%d\n",
    summary.requests, okAll, otherAll, e.connect, e.read, e.write, e.status, e.timeout))
end
