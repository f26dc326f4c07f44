-- wrk script: every request is a POST whose body is N bytes (N is the argument after `--`), the same bytes each time.
-- wrk's own init formats the request once, after this init, so setting wrk.method and wrk.body here is enough.
function init(args)
  local size = tonumber(args[1])
  wrk.method = "POST"
  wrk.body = string.rep("x", size)
  wrk.headers["Content-Type"] = "application/octet-stream"
end
