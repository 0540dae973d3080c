-- wrk script: requests the paths listed in $BENCH_PATHS (one per line) in turn,
-- each wrk thread starting at a different offset.
local paths = {}
for line in io.lines(os.getenv("BENCH_PATHS")) do
  if #line > 0 then paths[#paths + 1] = line end
end
local i = 0
setup = function(thread)
  thread:set("offset", math.random(1, #paths))
end
request = function()
  i = i + 1
  return wrk.format("GET", paths[((i + (offset or 0)) % #paths) + 1])
end
