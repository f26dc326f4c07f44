-- wrk script: every request carries the next token of a pool (one token per line of the file named after `--`),
-- so the gateway's verified-token cache cannot help once the pool is larger than the cache.
local tokens = {}
local index = 1
local headers = {}
local thread_count = 0

function setup(thread)
  thread:set("thread_id", thread_count)
  thread_count = thread_count + 1
end

function init(args)
  for line in io.lines(args[1]) do
    if #line > 0 then
      tokens[#tokens + 1] = line
    end
  end
  -- Threads start at different places in the pool, so they do not send the same token at the same time.
  index = ((thread_id or 0) * 7919) % #tokens + 1
end

function request()
  headers["Authorization"] = "Bearer " .. tokens[index]
  index = index % #tokens + 1
  return wrk.format(nil, nil, headers)
end
