-- Reads the accounts of ledger partitions at one instant, and nothing else (the risk monitor's
-- scan: a partition's applied keys and outbox are not read). KEYS: each partition's accounts hash.
-- Answers per partition its account JSONs.
local all = {}
for i = 1, #KEYS do
  all[i] = redis.call('HVALS', KEYS[i])
end
return all
