-- Compare-and-set an intent's status and append to its history in one step.
-- KEYS: 1 intent hash, 2 history list, 3 user's live set, 4 expiry zset, 5 all live intents set,
--       6 open intents zset (by acceptance)
-- ARGV: 1 allowed current statuses (comma-separated), 2 new status, 3 history entry, 4 id,
--       5 '1' if the new status is live, 6 '1' if the new status is not yet taken
local current = redis.call('HGET', KEYS[1], 'status')
if not current then
  return {'NOT_FOUND'}
end
local allowed = false
for status in string.gmatch(ARGV[1], '[^,]+') do
  if status == current then
    allowed = true
  end
end
if not allowed then
  return {'REFUSED', current}
end
redis.call('HSET', KEYS[1], 'status', ARGV[2])
redis.call('RPUSH', KEYS[2], ARGV[3])
if ARGV[5] ~= '1' then
  redis.call('SREM', KEYS[3], ARGV[4])
  redis.call('SREM', KEYS[5], ARGV[4])
end
if ARGV[2] ~= 'OPEN' then
  redis.call('ZREM', KEYS[6], ARGV[4])
end
if ARGV[6] ~= '1' then
  redis.call('ZREM', KEYS[4], ARGV[4])
end
return {'APPLIED'}
