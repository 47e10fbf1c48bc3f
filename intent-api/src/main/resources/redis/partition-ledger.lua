-- The whole ledger at one instant, for its summary: KEYS are, per partition p = 0..P-1 in order,
-- its accounts hash, outbox hash and applied keys (three keys each). Answers per partition its
-- account JSONs and the outbox entries (JSON) that their target partition has not applied: the
-- legs in flight. Applied keys are only looked up, never read whole (a partition keeps a week's).
local all = {}
local partitions = #KEYS / 3
for p = 0, partitions - 1 do
  local inFlight = {}
  local outbox = redis.call('HGETALL', KEYS[3 * p + 2])
  for i = 1, #outbox, 2 do
    local target = tonumber(cjson.decode(outbox[i + 1]).partition)
    local applied = false
    if target ~= nil and target >= 0 and target < partitions then
      applied = redis.call('ZSCORE', KEYS[3 * target + 3], outbox[i])
    end
    if not applied then
      inFlight[#inFlight + 1] = outbox[i + 1]
    end
  end
  all[#all + 1] = {redis.call('HVALS', KEYS[3 * p + 1]), inFlight}
end
return all
