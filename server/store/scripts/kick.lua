-- Remove a player from a game; with ban, its nickname and token are refused from now on.
-- KEYS: 1 players, 2 order, 3 nicks, 4 tokens, 5 banned, 6 conn, 7 scores, 8 team_of,
--       9 team_sizes
-- ARGV: 1 player id, 2 ban (0/1), 3 nickname key, 4 token hash
--#include expire_with
local pid = ARGV[1]
if redis.call('ZREM', KEYS[2], pid) == 0 then return {'player_not_found'} end
if redis.call('HGET', KEYS[3], ARGV[3]) == pid then redis.call('HDEL', KEYS[3], ARGV[3]) end
redis.call('HDEL', KEYS[4], ARGV[4])
local sid = redis.call('HGET', KEYS[6], pid) or ''
redis.call('HDEL', KEYS[6], pid)
redis.call('ZREM', KEYS[7], pid)
local team = redis.call('HGET', KEYS[8], pid)
if team then
  redis.call('HDEL', KEYS[8], pid)
  redis.call('HINCRBY', KEYS[9], team, -1)
end
if ARGV[2] == '1' then
  redis.call('SADD', KEYS[5], 'n:' .. ARGV[3], 't:' .. ARGV[4])
  -- The players hash keeps the kicked player, so it still has the game's lifetime.
  expire_with(KEYS[1], KEYS[5])
end
return {'ok', sid}
