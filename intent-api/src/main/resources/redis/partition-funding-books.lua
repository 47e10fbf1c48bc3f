-- Reads the funding books of ledger partitions at one instant: KEYS are their funding hashes.
-- Answers, per partition, its fields and values as HGETALL gives them.
local all = {}
for i = 1, #KEYS do
  all[i] = redis.call('HGETALL', KEYS[i])
end
return all
