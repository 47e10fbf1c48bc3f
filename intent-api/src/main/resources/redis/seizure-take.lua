-- Remove and answer a pending seizure in one step: of replicas taking it at once, one gets it.
-- KEYS: 1 pending seizures hash; ARGV: 1 the seizure's event key
local seizure = redis.call('HGET', KEYS[1], ARGV[1])
if seizure then
  redis.call('HDEL', KEYS[1], ARGV[1])
end
return seizure
