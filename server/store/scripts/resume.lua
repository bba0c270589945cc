-- Re-attach a player to its game by token, with a new connection.
-- KEYS: 1 meta, 2 tokens, 3 banned, 4 conn, 5 order
-- ARGV: 1 token hash, 2 connection (<node>|<sid>)
--#include expire_with
if redis.call('EXISTS', KEYS[1]) == 0 then return {'game_not_found'} end
if redis.call('SISMEMBER', KEYS[3], 't:' .. ARGV[1]) == 1 then return {'banned'} end
local pid = redis.call('HGET', KEYS[2], ARGV[1])
if not pid then return {'invalid'} end
if not redis.call('ZSCORE', KEYS[5], pid) then return {'invalid'} end
redis.call('HSET', KEYS[4], pid, ARGV[2])
expire_with(KEYS[1], KEYS[4])
return {'ok', pid}
