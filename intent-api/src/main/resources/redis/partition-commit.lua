-- Commits one step of a ledger partition's owner, whole or not at all.
-- KEYS[1] accounts hash, KEYS[2] epoch, KEYS[3] offset, KEYS[4] applied keys (a sorted set scored
-- by the second each was applied), KEYS[5] outbox
-- hash, KEYS[6] reservations hash, KEYS[7] funding meters hash (all of one partition, one hash
-- tag).
-- ARGV[1] the writer's epoch; ARGV[2] the offset the commit follows; ARGV[3] the offset reached;
-- ARGV[4..10] how many accounts (pairs), applied keys (pairs: key, second), outbox entries added
-- (pairs), outbox
-- keys removed, reservations held (pairs), reservation keys dropped and funding book fields set
-- (pairs; an empty value removes the field) follow, from ARGV[12], in that order; ARGV[11] the
-- second before which applied keys are forgotten (0: none).
-- A writer whose epoch is no longer the partition's (another owner took it over) writes nothing;
-- nor does one whose commit does not follow the stored offset (the store lost writes).
local current = redis.call('GET', KEYS[2])
if current ~= ARGV[1] then
  return redis.error_reply('FENCED partition epoch is ' .. tostring(current) .. ', not ' .. ARGV[1])
end
local offset = tonumber(redis.call('GET', KEYS[3]) or '-1')
if offset ~= tonumber(ARGV[2]) then
  return redis.error_reply('DIVERGED partition holds offset ' .. offset .. ', not ' .. ARGV[2])
end
if tonumber(ARGV[3]) > offset then
  redis.call('SET', KEYS[3], ARGV[3])
end
local accounts, applied, added, removed, reserved, released, funding =
  tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7]), tonumber(ARGV[8]),
  tonumber(ARGV[9]), tonumber(ARGV[10])
local pruneBefore = tonumber(ARGV[11])
local i = 12
for _ = 1, accounts do
  redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
  i = i + 2
end
if pruneBefore > 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', '(' .. pruneBefore)
end
for _ = 1, applied do
  redis.call('ZADD', KEYS[4], ARGV[i + 1], ARGV[i])
  i = i + 2
end
for _ = 1, added do
  redis.call('HSET', KEYS[5], ARGV[i], ARGV[i + 1])
  i = i + 2
end
for _ = 1, removed do
  redis.call('HDEL', KEYS[5], ARGV[i])
  i = i + 1
end
-- reservations dropped before those held, as the owner's own copy writes a commit
local held = {}
for _ = 1, reserved do
  held[#held + 1] = {ARGV[i], ARGV[i + 1]}
  i = i + 2
end
for _ = 1, released do
  redis.call('HDEL', KEYS[6], ARGV[i])
  i = i + 1
end
for _, entry in ipairs(held) do
  redis.call('HSET', KEYS[6], entry[1], entry[2])
end
for _ = 1, funding do
  if ARGV[i + 1] == '' then
    redis.call('HDEL', KEYS[7], ARGV[i])
  else
    redis.call('HSET', KEYS[7], ARGV[i], ARGV[i + 1])
  end
  i = i + 2
end
return 1
