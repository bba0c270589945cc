-- Re-attach a signed-in account's player (another device of the person) with a new token and
-- connection, before a join would create one; see _account_player.lua.
-- KEYS: 1 meta, 2 accounts, 3 order, 4 tokens, 5 banned, 6 conn
-- ARGV: 1 account id, 2 token hash, 3 connection (<node>|<sid>)
--#include expire_with
--#include account_player
if redis.call('EXISTS', KEYS[1]) == 0 then return {'game_not_found'} end
local reply = account_player(KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], ARGV[1],
  ARGV[2], ARGV[3])
return reply or {'none'}
