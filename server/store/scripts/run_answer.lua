-- Record a run's answer to its open question, score it and reveal at once, atomically.
-- Checks, in order: a run, its question, first answer, open (status and deadline), valid.
-- The streak and its bonus are answer.lua's (games.scoring.score_answer; step and cap come in
-- ARGV): a self-paced run scores as a live game does (tests/store/test_store_runs.py).
-- The question's deadline timer goes in the same step while the run goes on; when this was
-- the run's last question or the challenge closed it stays until the run ends (run_end.lua
-- removes it), so a node dying before the end leaves the timer to end the run.
-- KEYS: 1 meta, 2 run, 3 run answers, 4 run scores, 5 run timers (optional)
-- Replies {'ok', points, streak, score, step, closed (the challenge is closed: 0/1),
-- run_view (_run_view.lua)} or {code}.
-- ARGV: 1 question index, 2 now ms, 3 valid (0/1), 4 answer JSON, 5 elapsed ms,
--       6 correct (0/1), 7 scored kind (0/1), 8 base points, 9 streak step, 10 streak cap,
--       11 timer member, 12 closes ms, 13 last question (0/1) (11-13 with KEYS[5]),
--       14 expected run id, 15 expected step (optional: the caller's window came from a run
--       it remembers, so a run that moved since replies {'moved'} and is read again)
--#include expire_with
--#include run_view
local r = redis.call('HMGET', KEYS[2], 'status', 'q', 'deadline_ms', 'streak', 'run', 'step')
if not r[1] then return {'not_joined'} end
if ARGV[15] and ARGV[15] ~= '' and (r[5] ~= ARGV[14] or r[6] ~= ARGV[15]) then
  return {'moved'}
end
if tonumber(r[2]) ~= tonumber(ARGV[1]) or r[1] == 'ready' then return {'wrong_question'} end
if redis.call('HEXISTS', KEYS[3], ARGV[1]) == 1 then return {'already_answered'} end
if r[1] ~= 'question' or tonumber(ARGV[2]) > tonumber(r[3]) then return {'question_closed'} end
if ARGV[3] ~= '1' then return {'invalid_answer'} end
local streak = tonumber(r[4] or '0')
local correct = ARGV[6] == '1'
if correct then
  streak = streak + 1
elseif ARGV[7] == '1' then
  streak = 0
end
local points = tonumber(ARGV[8])
local cap = tonumber(ARGV[10])
if correct and streak >= 2 and cap > 0 then
  points = points + math.min(tonumber(ARGV[9]) * (streak - 1), cap)
end
local verdict = correct and 'true' or 'false'
local p = string.format('%d', points)
redis.call('HSET', KEYS[3], ARGV[1],
  '{"a":' .. ARGV[4] .. ',"t":' .. ARGV[5] .. ',"c":' .. verdict .. ',"p":' .. p .. '}')
local score = redis.call('HINCRBY', KEYS[2], 'score', points)
if points ~= 0 then redis.call('ZINCRBY', KEYS[4], points, r[5]) end
redis.call('HINCRBY', KEYS[2], 'answered', 1)
if correct then
  redis.call('HINCRBY', KEYS[2], 'correct', 1)
  redis.call('HINCRBY', KEYS[2], 'ctime', ARGV[5])
end
local step = tonumber(r[6]) + 1
redis.call('HSET', KEYS[2], 'streak', streak, 'status', 'reveal', 'step', step,
  'last', '{"answered":true,"correct":' .. verdict .. ',"points":' .. p .. '}')
expire_with(KEYS[1], KEYS[3], KEYS[4])
local closed = redis.call('HGET', KEYS[1], 'phase') == 'finished' and 1 or 0
if KEYS[5] then
  if tonumber(ARGV[2]) >= tonumber(ARGV[12]) then closed = 1 end
  -- timer_swap.lua's rule: only the timer this question set (not a node's lease on it).
  if closed == 0 and ARGV[13] ~= '1'
    and tonumber(redis.call('ZSCORE', KEYS[5], ARGV[11]) or '-1') == tonumber(r[3]) then
    redis.call('ZREM', KEYS[5], ARGV[11])
  end
end
return {'ok', points, streak, score, step, closed, run_view(KEYS[2], KEYS[4])}
