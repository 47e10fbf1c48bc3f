-- A replica takes the ledger over. KEYS[1]: the owner epoch; KEYS[2]: the owner record.
-- ARGV[1]: where the new owner is reached; ARGV[2]: its replica id. The new epoch fences every
-- write of the former owner (ledger-save.lua); the record tells the other replicas where to
-- forward. Answers the new epoch.
local epoch = redis.call('INCR', KEYS[1])
redis.call('SET', KEYS[2], epoch .. ' ' .. ARGV[1] .. ' ' .. ARGV[2])
return epoch
