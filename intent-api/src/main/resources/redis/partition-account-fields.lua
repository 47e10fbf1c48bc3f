-- Reads one account of each of several ledger partitions at one instant, the account only (its
-- reservations are not read): KEYS are the partitions' accounts hashes, ARGV the account in each
-- (lower-case hex). Answers per key the account's JSON, or false when it has none.
local all = {}
for i = 1, #KEYS do
  all[i] = redis.call('HGET', KEYS[i], ARGV[i])
end
return all
