-- A front proven, in one step: no longer open, and its repayment owed (an owed one is kept).
-- KEYS: 1 open fronts hash, 2 repayments hash
-- ARGV: 1 the front's event key, 2 the repayment's event key, 3 the stored repayment
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('HSETNX', KEYS[2], ARGV[2], ARGV[3])
return 1
