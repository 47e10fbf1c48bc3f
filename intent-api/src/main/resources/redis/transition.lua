-- Compare-and-set an intent's status and append to its history in one step, and answer the
-- intent as it then stands (as find.lua reads it), so the caller needs no read before or after.
-- KEYS: 1 intent hash, 2 history list, 3 expiry zset, 4 all live intents set,
--       5 open intents zset (by acceptance)
-- ARGV: 1 allowed current statuses (comma-separated), 2 new status, 3 history entry, 4 id,
--       5 '1' if the new status is live, 6 '1' if the new status is not yet taken,
--       7 the users' key prefix (the user's live set is <prefix><user>:live)
local fields = redis.call('HMGET', KEYS[1], 'status', 'doc', 'seq', 'user')
local current = fields[1]
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
  return {'REFUSED', fields[2], fields[3], redis.call('LRANGE', KEYS[2], 0, -1)}
end
redis.call('HSET', KEYS[1], 'status', ARGV[2])
redis.call('RPUSH', KEYS[2], ARGV[3])
if ARGV[5] ~= '1' then
  -- intents accepted before the hash kept its user name it only in the document
  local user = fields[4] or string.lower(cjson.decode(fields[2])['order']['user'])
  redis.call('SREM', ARGV[7] .. user .. ':live', ARGV[4])
  redis.call('SREM', KEYS[4], ARGV[4])
end
if ARGV[2] ~= 'OPEN' then
  redis.call('ZREM', KEYS[5], ARGV[4])
end
if ARGV[6] ~= '1' then
  redis.call('ZREM', KEYS[3], ARGV[4])
end
return {'APPLIED', fields[2], fields[3], redis.call('LRANGE', KEYS[2], 0, -1)}
