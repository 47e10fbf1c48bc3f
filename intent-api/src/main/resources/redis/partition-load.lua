-- Reads ledger partitions at one instant: KEYS are, per partition, its accounts hash, offset,
-- applied keys (sorted set), outbox hash, reservations hash and funding book hash (six keys each,
-- in that order). Answers per partition {offset, account JSONs, applied keys with their seconds,
-- outbox JSONs, reservation JSONs, funding field/value pairs}.
local all = {}
for i = 1, #KEYS, 6 do
  all[#all + 1] = {
    redis.call('GET', KEYS[i + 1]) or '-1',
    redis.call('HVALS', KEYS[i]),
    redis.call('ZRANGE', KEYS[i + 2], 0, -1, 'WITHSCORES'),
    redis.call('HVALS', KEYS[i + 3]),
    redis.call('HVALS', KEYS[i + 4]),
    redis.call('HGETALL', KEYS[i + 5])
  }
end
return all
