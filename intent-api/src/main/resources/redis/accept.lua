-- Accept an intent atomically: refuse a known id, a spent (user, nonce) or a full user.
-- KEYS: 1 intent hash, 2 history list, 3 user's nonce hash, 4 user's intents zset,
--       5 user's live set, 6 expiry zset, 7 sequence counter, 8 all live intents set,
--       9 open intents zset (by acceptance)
-- ARGV: 1 id, 2 nonce, 3 max live per user, 4 document, 5 first history entry, 6 openDeadline,
--       7 status, 8 accepted at (epoch milliseconds), 9 user (lower-case hex)
if redis.call('EXISTS', KEYS[1]) == 1 then
  return {'DUPLICATE'}
end
local holder = redis.call('HGET', KEYS[3], ARGV[2])
if holder then
  return {'NONCE_REUSED', holder}
end
local live = redis.call('SCARD', KEYS[5])
if live >= tonumber(ARGV[3]) then
  return {'TOO_MANY_OPEN', tostring(live)}
end
local seq = redis.call('INCR', KEYS[7])
redis.call('HSET', KEYS[1], 'doc', ARGV[4], 'status', ARGV[7], 'seq', seq, 'user', ARGV[9])
redis.call('RPUSH', KEYS[2], ARGV[5])
redis.call('HSET', KEYS[3], ARGV[2], ARGV[1])
redis.call('ZADD', KEYS[4], seq, ARGV[1])
redis.call('SADD', KEYS[5], ARGV[1])
redis.call('SADD', KEYS[8], ARGV[1])
redis.call('ZADD', KEYS[6], ARGV[6], ARGV[1])
if ARGV[7] == 'OPEN' then
  redis.call('ZADD', KEYS[9], ARGV[8], ARGV[1])
end
return {'ACCEPTED', tostring(seq)}
