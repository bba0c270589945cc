-- Move a player to another team; only in the lobby.
-- KEYS: 1 meta, 2 order, 3 team_of, 4 team_sizes   ARGV: 1 player id, 2 team
--#include expire_with
if redis.call('HGET', KEYS[1], 'phase') ~= 'lobby' then return 'wrong_phase' end
if not redis.call('ZSCORE', KEYS[2], ARGV[1]) then return 'player_not_found' end
local old = redis.call('HGET', KEYS[3], ARGV[1])
if old == ARGV[2] then return 'ok' end
if old then redis.call('HINCRBY', KEYS[4], old, -1) end
redis.call('HSET', KEYS[3], ARGV[1], ARGV[2])
redis.call('HINCRBY', KEYS[4], ARGV[2], 1)
expire_with(KEYS[1], KEYS[3], KEYS[4])
return 'ok'
