-- Compare-and-set the status of one or many intents and append to each one's history, in one step,
-- and answer each intent as it then stands (as find.lua reads it), so the caller needs no read
-- before or after. A take-over reopens its auctions a few hundred per call.
-- KEYS: 1 expiry zset, 2 all live intents set, 3 open intents zset (by acceptance), then per intent
--       its hash and its history list
-- ARGV: 1 allowed current statuses (comma-separated), 2 new status, 3 history entry,
--       4 '1' if the new status is live, 5 '1' if the new status is not yet taken,
--       6 the users' key prefix (a user's live set is <prefix><user>:live), 7 '1' to answer the
--       intents, '0' for their outcomes alone, then the intents' ids
-- Answers per intent {'APPLIED', doc, seq, history}, {'REFUSED', doc, seq, history} or
-- {'NOT_FOUND'}; without the intents, {'APPLIED'} or {'REFUSED'}.
local allowed = {}
for status in string.gmatch(ARGV[1], '[^,]+') do
  allowed[status] = true
end
local out = {}
local answer = ARGV[7] == '1'
for i = 1, #ARGV - 7 do
  local hash, history, id = KEYS[2 * i + 2], KEYS[2 * i + 3], ARGV[i + 7]
  local fields = redis.call('HMGET', hash, 'status', 'doc', 'seq', 'user')
  if not fields[1] then
    out[i] = {'NOT_FOUND'}
  elseif not allowed[fields[1]] then
    out[i] = answer and {'REFUSED', fields[2], fields[3], redis.call('LRANGE', history, 0, -1)}
      or {'REFUSED'}
  else
    redis.call('HSET', hash, 'status', ARGV[2])
    redis.call('RPUSH', history, ARGV[3])
    if ARGV[4] ~= '1' then
      -- intents accepted before the hash kept its user name it only in the document
      local user = fields[4] or string.lower(cjson.decode(fields[2])['order']['user'])
      redis.call('SREM', ARGV[6] .. user .. ':live', id)
      redis.call('SREM', KEYS[2], id)
    end
    if ARGV[2] ~= 'OPEN' then
      redis.call('ZREM', KEYS[3], id)
    end
    if ARGV[5] ~= '1' then
      redis.call('ZREM', KEYS[1], id)
    end
    out[i] = answer and {'APPLIED', fields[2], fields[3], redis.call('LRANGE', history, 0, -1)}
      or {'APPLIED'}
  end
end
return out
