-- Begin a player's run of a challenge: its first at joining, or a new attempt (run_again)
-- once the last one ended, within the challenge's attempts. A run not ended stays (a repeated
-- run_again returns it). games/runs.py is the specification.
-- KEYS: 1 meta, 2 run, 3 run answers, 4 runs active
-- ARGV: 1 player id, 2 new run id, 3 now ms, 4 attempts allowed, 5 again (0/1)
--#include expire_with
if redis.call('EXISTS', KEYS[1]) == 0 then return {'game_not_found'} end
local cur = redis.call('HMGET', KEYS[2], 'attempt', 'ended')
if cur[1] then
  if ARGV[5] == '0' or cur[2] ~= '1' then return {'exists', tonumber(cur[1])} end
  if tonumber(cur[1]) >= tonumber(ARGV[4]) then return {'no_attempts_left'} end
end
if redis.call('HGET', KEYS[1], 'phase') == 'finished' then return {'challenge_closed'} end
local attempt = tonumber(cur[1] or '0') + 1
redis.call('DEL', KEYS[2], KEYS[3])
redis.call('HSET', KEYS[2], 'run', ARGV[2], 'attempt', attempt, 'step', 1, 'status', 'ready',
  'q', -1, 'score', 0, 'streak', 0, 'correct', 0, 'answered', 0, 'ctime', 0,
  'started_ms', ARGV[3], 'ended', 0)
redis.call('SADD', KEYS[4], ARGV[1])
expire_with(KEYS[1], KEYS[2], KEYS[4])
return {'ok', attempt}
