-- Accounts' histories, newest first: KEYS[i] is the list of entry ARGV[i + 1]; ARGV[1] is how
-- many entries each list keeps. One script per batch: every push and trim of it, or none.
local keep = tonumber(ARGV[1])
for i = 1, #KEYS do
  redis.call('LPUSH', KEYS[i], ARGV[i + 1])
  redis.call('LTRIM', KEYS[i], 0, keep - 1)
end
return #KEYS
