-- Read an intent's document, sequence and history as one consistent snapshot.
-- KEYS: 1 intent hash, 2 history list
local doc = redis.call('HMGET', KEYS[1], 'doc', 'seq')
if not doc[1] then
  return {}
end
return {doc[1], doc[2], redis.call('LRANGE', KEYS[2], 0, -1)}
