-- Reads one account of a ledger partition at one instant: KEYS[1] the partition's accounts hash,
-- KEYS[2] its reservations hash (fields <intent>/<account>); ARGV[1] the account's field (lower
-- hex), ARGV[2] the same address as the reservation keys end with. Answers {account JSON or nil,
-- the JSONs of the reservations it holds}. The reservations are found by scanning the partition's
-- (open intents only, so the scan is as long as the partition's open intents).
local held = {}
local suffix = '/' .. ARGV[2]
local cursor = '0'
repeat
  local page = redis.call('HSCAN', KEYS[2], cursor, 'COUNT', 500)
  cursor = page[1]
  local fields = page[2]
  for i = 1, #fields, 2 do
    if string.sub(fields[i], -#suffix) == suffix then
      held[#held + 1] = fields[i + 1]
    end
  end
until cursor == '0'
return {redis.call('HGET', KEYS[1], ARGV[1]), held}
