-- Saves ledger accounts, fenced. KEYS[1]: the ledger hash; KEYS[2]: the ledger's owner epoch.
-- ARGV[1]: the writer's epoch; then account, JSON pairs. A writer whose epoch is no longer the
-- current one (another replica took the ledger over) writes nothing: all pairs or none.
local current = redis.call('GET', KEYS[2])
if current ~= ARGV[1] then
  return redis.error_reply('FENCED the ledger belongs to epoch ' .. tostring(current) ..
    ', not ' .. ARGV[1])
end
for i = 2, #ARGV, 2 do
  redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
end
return 1
