-- Set fields of a game's meta, only while the game exists: a write to a game whose keys
-- expired must not make a meta hash that never expires.
-- KEYS: 1 meta   ARGV: field, value pairs
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV))
return 1
