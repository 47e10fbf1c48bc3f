-- What the last commit of ledger partitions left, read at one instant: KEYS are, per partition, its
-- offset and its outbox hash (two keys each). Answers per partition {offset, outbox keys}.
local all = {}
for i = 1, #KEYS, 2 do
  all[#all + 1] = {redis.call('GET', KEYS[i]) or '-1', redis.call('HKEYS', KEYS[i + 1])}
end
return all
