-- Saves ledger accounts, all pairs or none. KEYS[1]: the ledger hash; KEYS[2]: the ledger's owner
-- epoch; KEYS[3]: the mark of the trade saved (when ARGV[2] is not '-').
-- ARGV[1]: the writer's epoch, or '-' for one process (no fence); ARGV[2]: '-' or '1' when this is
-- a trade, whose mark is kept a week; then account, JSON pairs. A writer whose epoch is no longer
-- the current one (another replica took the ledger over) writes nothing.
if ARGV[1] ~= '-' then
  local current = redis.call('GET', KEYS[2])
  if current ~= ARGV[1] then
    return redis.error_reply('FENCED the ledger belongs to epoch ' .. tostring(current) ..
      ', not ' .. ARGV[1])
  end
end
for i = 3, #ARGV, 2 do
  redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
end
if ARGV[2] ~= '-' then
  redis.call('SET', KEYS[3], '1', 'EX', 604800)
end
return 1
