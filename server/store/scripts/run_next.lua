-- Move a run on from ready or a reveal (games.runs.next_step, decided by the caller): show the
-- next question with its window, or mark the run done after its last reveal. Compare-and-set
-- on the run's step, so a repeated or racing run_next moves it once. No new question once the
-- challenge closed (its meta is finished, or closes_ms passed).
-- The question's deadline goes into the run timers in the same step (any node's Ticker
-- closes it there), and the reply carries the run as its RunView shows it.
-- KEYS: 1 meta, 2 run, 3 run scores, 4 run timers (optional)
-- ARGV: 1 expected step, 2 now ms, 3 question index, 4 opened ms, 5 answers open ms,
--       6 deadline ms, 7 done (0/1), 8 closes ms, 9 timer member (with KEYS[4]),
--       10 expected run id (optional: a new attempt restarts the steps)
-- Replies {'ok', step, run_view (_run_view.lua)} or {code}.
--#include expire_with
--#include run_view
local r = redis.call('HMGET', KEYS[2], 'step', 'run', 'ended')
if not r[1] then return {'no_run'} end
if r[1] ~= ARGV[1] or (ARGV[10] and ARGV[10] ~= r[2]) then return {'moved'} end
local step = tonumber(r[1]) + 1
if ARGV[7] == '1' then
  redis.call('HSET', KEYS[2], 'status', 'done', 'step', step)
  return {'ok', step, run_view(KEYS[2], KEYS[3])}
end
if r[3] == '1' or redis.call('HGET', KEYS[1], 'phase') == 'finished'
  or tonumber(ARGV[2]) >= tonumber(ARGV[8]) then
  return {'challenge_closed'}
end
redis.call('HSET', KEYS[2], 'status', 'question', 'q', ARGV[3], 'opened_ms', ARGV[4],
  'answers_open_ms', ARGV[5], 'deadline_ms', ARGV[6], 'step', step)
if ARGV[3] == '0' then redis.call('ZADD', KEYS[3], 'NX', 0, r[2]) end
if KEYS[4] then redis.call('ZADD', KEYS[4], ARGV[6], ARGV[9]) end
expire_with(KEYS[1], KEYS[3])
return {'ok', step, run_view(KEYS[2], KEYS[3])}
