-- wrk script: every request line of a file, in turn (one path per line,
-- already encoded). Usage: wrk ... -s mix.lua URL -- PATHS_FILE
local paths = {}
local i = 0

function init(args)
  for line in io.lines(args[1]) do
    if line ~= "" then paths[#paths + 1] = line end
  end
  -- each thread starts at a different place in the list
  i = math.random(#paths)
end

function request()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
