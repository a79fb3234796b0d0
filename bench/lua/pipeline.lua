-- Pipelined load: each write carries DEPTH requests (first script argument, default 16).
-- wrk counts every response as a request, but records one latency sample per batch, when
-- the last response of the batch arrives: pipelined latencies are per batch.
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "report.lua")

local batch

init = function(args)
  local depth = tonumber(args[1]) or 16
  local one = wrk.format("GET", wrk.path)
  batch = string.rep(one, depth)
end

request = function()
  return batch
end
