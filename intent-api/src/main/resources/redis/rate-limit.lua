-- A token bucket shared by every replica. KEYS[1]: the bucket; ARGV[1]: tokens per second;
-- ARGV[2]: burst. Tokens are counted in milli-tokens and time in the server's milliseconds (TIME),
-- so replicas with skewed clocks share one bucket exactly. Answers 0 when a token was taken, else
-- the milliseconds until one is available.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local rate = tonumber(ARGV[1])
local cap = tonumber(ARGV[2]) * 1000
local bucket = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(bucket[1]) or cap
local at = tonumber(bucket[2]) or now
tokens = math.min(cap, tokens + math.max(0, now - at) * rate)
local wait = 0
if tokens >= 1000 then
  tokens = tokens - 1000
else
  wait = math.ceil((1000 - tokens) / rate)
end
redis.call('HSET', KEYS[1], 'tokens', string.format('%d', tokens), 'at', string.format('%d', now))
-- an idle bucket is full again after cap / rate ms: forget it then
redis.call('PEXPIRE', KEYS[1], math.ceil(cap / rate) + 1000)
return wait
