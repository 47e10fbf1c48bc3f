-- Reads many intents at once (a take-over reads every live one), each as find.lua does.
-- KEYS: per intent its hash then its history list. Answers per intent {} or {doc, seq, history}.
local out = {}
for i = 1, #KEYS, 2 do
  local doc = redis.call('HMGET', KEYS[i], 'doc', 'seq')
  if doc[1] then
    out[#out + 1] = {doc[1], doc[2], redis.call('LRANGE', KEYS[i + 1], 0, -1)}
  else
    out[#out + 1] = {}
  end
end
return out
