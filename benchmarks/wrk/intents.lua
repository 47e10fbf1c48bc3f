-- wrk script: each wrk thread sends its own slice of pre-signed, distinct intents.
-- Bodies come from `IntakeLoadDriver write=FILE` (one JSON body per line).
-- Usage: wrk -t2 -c32 -d10s --latency -s intents.lua http://127.0.0.1:8080 -- FILE THREADS
local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
end

function init(args)
  local path = args[1] or "intents.jsonl"
  local threads = tonumber(args[2] or "2")
  bodies = {}
  local n = 0
  for line in io.lines(path) do
    if n % threads == id then
      bodies[#bodies + 1] = line
    end
    n = n + 1
  end
  cursor = 0
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  cursor = cursor + 1
  if cursor > #bodies then
    wrapped = true -- from here on, resubmissions: idempotent 202s, no longer distinct intents
    cursor = 1
  end
  return wrk.format(nil, "/v1/intents", nil, bodies[cursor])
end

function done(summary, latency, requests)
  io.write(string.format("requests %d in %.2f s: %.0f/s; errors: connect %d read %d write %d status %d timeout %d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.status,
    summary.errors.timeout))
  io.write(string.format("latency ms: p50 %.2f  p90 %.2f  p99 %.2f  max %.2f\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000))
end
