-- Replace a timer only if it still holds the score this node set (else someone newer did).
-- KEYS: 1 timers   ARGV: 1 game id, 2 expected score, 3 new score ('' = remove)
local cur = redis.call('ZSCORE', KEYS[1], ARGV[1])
if not cur or tonumber(cur) ~= tonumber(ARGV[2]) then return 0 end
if ARGV[3] == '' then redis.call('ZREM', KEYS[1], ARGV[1]) else redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1]) end
return 1
