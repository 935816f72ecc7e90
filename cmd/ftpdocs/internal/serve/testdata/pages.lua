-- A wrk script for BENCHMARKS.md: each connection requests every page of
-- the site in turn, from a file of paths (one per line).
--
--   wrk -t2 -c50 -d10s --latency -s testdata/pages.lua http://127.0.0.1:8080 -- PATHS
local paths = {}
local i = 0

function init(args)
  for line in io.lines(args[1]) do
    paths[#paths + 1] = line
  end
  i = math.random(#paths)
end

function request()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
