-- Remove a player from a game; with ban, its nickname, token, device key, identifier and
-- account are refused from now on, and the player is listed among the banned ('p:' <id>; its JSON stays in
-- players for the host's roster and an unban).
-- KEYS: 1 players, 2 order, 3 nicks, 4 tokens, 5 banned, 6 conn, 7 scores, 8 team_of,
--       9 team_sizes, 10 accounts
-- ARGV: 1 player id, 2 ban (0/1), 3 nickname key, 4 token hash, 5 device key or '',
--       6 identifier or '', 7 account id or ''
--#include expire_with
local pid = ARGV[1]
if redis.call('ZREM', KEYS[2], pid) == 0 then return {'player_not_found'} end
if redis.call('HGET', KEYS[3], ARGV[3]) == pid then redis.call('HDEL', KEYS[3], ARGV[3]) end
redis.call('HDEL', KEYS[4], ARGV[4])
if ARGV[7] ~= '' and redis.call('HGET', KEYS[10], ARGV[7]) == pid then
  redis.call('HDEL', KEYS[10], ARGV[7])
end
local sid = redis.call('HGET', KEYS[6], pid) or ''
redis.call('HDEL', KEYS[6], pid)
redis.call('ZREM', KEYS[7], pid)
local team = redis.call('HGET', KEYS[8], pid)
if team then
  redis.call('HDEL', KEYS[8], pid)
  redis.call('HINCRBY', KEYS[9], team, -1)
end
if ARGV[2] == '1' then
  redis.call('SADD', KEYS[5], 'p:' .. pid, 'n:' .. ARGV[3], 't:' .. ARGV[4])
  if ARGV[5] ~= '' then redis.call('SADD', KEYS[5], 'k:' .. ARGV[5]) end
  if ARGV[6] ~= '' then redis.call('SADD', KEYS[5], 'i:' .. ARGV[6]) end
  if ARGV[7] ~= '' then redis.call('SADD', KEYS[5], 'a:' .. ARGV[7]) end
  -- The players hash keeps the kicked player, so it still has the game's lifetime.
  expire_with(KEYS[1], KEYS[5])
end
return {'ok', sid}
