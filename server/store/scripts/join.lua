-- Add a new player to a game, atomically with every rule that can refuse it.
-- In a team game the player gets its team here too: the one it chose, or, in auto mode, the
-- smallest team (ties go to the first in the settings' order): games.teams.auto_team is the
-- specification, and tests/store/test_store_rules.py proves the two equal.
-- It also answers what the new player's ack needs, saving that many round trips: the phones'
-- State if it is rendered for the current seq (else false), and the rank a score of 0 has.
-- A signed-in player (ARGV[12], an account id) has one player per game: when the account
-- already has one (two devices joining at once), this device resumes it (with a token of its
-- own, ARGV[4]) and the reply is {'resumed', player id}; nothing else changes.
-- KEYS: 1 meta, 2 players, 3 order, 4 nicks, 5 tokens, 6 banned, 7 conn, 8 scores,
--       9 team_of, 10 team_sizes, 11 state (phones'), 12 accounts
-- ARGV: 1 player id, 2 nickname key, 3 player JSON, 4 token hash, 5 connection (<node>|<sid>),
--       6 late_join (0/1), 7 max_players (0 = no limit),
--       8 team mode ('' | 'choose' | 'auto'), 9 chosen team, 10 device key or '',
--       11 identifier or '', 12 account id or '', 13.. team names (auto)
--#include expire_with
--#include account_player
local phase = redis.call('HGET', KEYS[1], 'phase')
if not phase then return {'game_not_found'} end
local account = ARGV[12]
if account ~= '' then
  local reply = account_player(KEYS[1], KEYS[12], KEYS[3], KEYS[5], KEYS[6], KEYS[7], account,
    ARGV[4], ARGV[5])
  if reply then return reply end
end
if phase == 'finished' then return {'game_over'} end
if redis.call('SISMEMBER', KEYS[6], 'n:' .. ARGV[2]) == 1 then return {'banned'} end
-- A banned player does not come back under another nickname from the same device, or with
-- the same identifier.
if ARGV[10] ~= '' and redis.call('SISMEMBER', KEYS[6], 'k:' .. ARGV[10]) == 1 then
  return {'banned'}
end
if ARGV[11] ~= '' and redis.call('SISMEMBER', KEYS[6], 'i:' .. ARGV[11]) == 1 then
  return {'banned'}
end
if redis.call('HGET', KEYS[1], 'locked') == '1' then return {'lobby_locked'} end
if phase ~= 'lobby' and ARGV[6] == '0' then return {'game_started'} end
if redis.call('HEXISTS', KEYS[4], ARGV[2]) == 1 then return {'nickname_taken'} end
local count = redis.call('ZCARD', KEYS[3])
local cap = tonumber(ARGV[7])
if cap > 0 and count >= cap then return {'game_full'} end
local team = ''
if ARGV[8] == 'choose' then
  team = ARGV[9]
elseif ARGV[8] == 'auto' then
  local best = nil
  for i = 13, #ARGV do
    local size = tonumber(redis.call('HGET', KEYS[10], ARGV[i]) or '0')
    if best == nil or size < best then
      best = size
      team = ARGV[i]
    end
  end
end
local n = redis.call('HINCRBY', KEYS[1], 'joins', 1)
redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
redis.call('ZADD', KEYS[3], n, ARGV[1])
redis.call('HSET', KEYS[4], ARGV[2], ARGV[1])
redis.call('HSET', KEYS[5], ARGV[4], ARGV[1])
redis.call('HSET', KEYS[7], ARGV[1], ARGV[5])
redis.call('ZADD', KEYS[8], 0, ARGV[1])
if team ~= '' then
  redis.call('HSET', KEYS[9], ARGV[1], team)
  redis.call('HINCRBY', KEYS[10], team, 1)
end
if account ~= '' then redis.call('HSET', KEYS[12], account, ARGV[1]) end
expire_with(
  KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[7], KEYS[8], KEYS[9], KEYS[10], KEYS[12]
)
local seqs = redis.call('HMGET', KEYS[1], 'seq', 'rendered_seq')
local state = false
if tonumber(seqs[2] or '0') >= tonumber(seqs[1] or '0') then
  state = redis.call('GET', KEYS[11])
end
local rank = 1 + redis.call('ZCOUNT', KEYS[8], '(0', '+inf')
return {'ok', count + 1, n, team, state, rank}
