-- wrk script of bench/run_portal_bench.sh: requests the paths listed one per line in the file
-- named by $PORTAL_PATHS, in turn, each thread starting at its own place in the list.
local paths = {}
for line in io.lines(os.getenv("PORTAL_PATHS")) do
  if line ~= "" then paths[#paths + 1] = line end
end

local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("offset", threads * 7919)
end

function init(args)
  counter = offset or 0
end

function request()
  counter = counter + 1
  return wrk.format("GET", paths[counter % #paths + 1])
end
