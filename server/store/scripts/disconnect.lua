-- Forget a player's connection, unless a newer connection replaced it.
-- KEYS: 1 conn   ARGV: 1 player id, 2 sid
if redis.call('HGET', KEYS[1], ARGV[1]) ~= ARGV[2] then return 0 end
redis.call('HDEL', KEYS[1], ARGV[1])
return 1
