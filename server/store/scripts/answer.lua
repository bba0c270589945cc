-- Record a player's first answer to the open question and score it, atomically.
-- Checks, in the protocol's order: joined, question index, open (phase and deadline),
-- first answer, valid value. The streak and its bonus are specified by
-- games.scoring.score_answer (tests/store/test_store_rules.py proves the two equal); the step
-- and the cap come in ARGV, so no number of the rule is written here.
-- KEYS: 1 meta, 2 answers of the question, 3 scores, 4 stats, 5 order, 6 conn
-- ARGV: 1 player id, 2 question index, 3 now ms, 4 valid (0/1), 5 answer JSON,
--       6 elapsed ms, 7 correct (0/1), 8 scored kind (0/1), 9 base points,
--       10 streak step, 11 streak bonus cap
--#include expire_with
local pid = ARGV[1]
if not redis.call('ZSCORE', KEYS[5], pid) then return {'not_joined'} end
local m = redis.call('HMGET', KEYS[1], 'phase', 'qindex', 'deadline_ms')
if tonumber(m[2]) ~= tonumber(ARGV[2]) then return {'wrong_question'} end
if m[1] ~= 'question' or tonumber(ARGV[3]) > tonumber(m[3]) then return {'question_closed'} end
if redis.call('HEXISTS', KEYS[2], pid) == 1 then return {'already_answered'} end
if ARGV[4] ~= '1' then return {'invalid_answer'} end
local streak = tonumber(redis.call('HGET', KEYS[4], pid .. ':streak') or '0')
local correct = ARGV[7] == '1'
if correct then
  streak = streak + 1
elseif ARGV[8] == '1' then
  streak = 0
end
local points = tonumber(ARGV[9])
local cap = tonumber(ARGV[11])
if correct and streak >= 2 and cap > 0 then
  points = points + math.min(tonumber(ARGV[10]) * (streak - 1), cap)
end
local record = '{"a":' .. ARGV[5] .. ',"t":' .. ARGV[6] .. ',"c":' ..
  (correct and 'true' or 'false') .. ',"p":' .. string.format('%d', points) .. '}'
redis.call('HSET', KEYS[2], pid, record)
if points ~= 0 then redis.call('ZINCRBY', KEYS[3], points, pid) end
redis.call('HSET', KEYS[4], pid .. ':streak', streak)
redis.call('HINCRBY', KEYS[4], pid .. ':answered', 1)
if correct then
  redis.call('HINCRBY', KEYS[4], pid .. ':correct', 1)
  redis.call('HINCRBY', KEYS[4], pid .. ':ctime', ARGV[6])
end
expire_with(KEYS[1], KEYS[2], KEYS[3], KEYS[4])
local answered = redis.call('HLEN', KEYS[2])
local connected = redis.call('HLEN', KEYS[6])
local all = 0
if answered >= connected then
  all = 1
  for _, p in ipairs(redis.call('HKEYS', KEYS[6])) do
    if redis.call('HEXISTS', KEYS[2], p) == 0 then all = 0 break end
  end
end
return {'ok', points, streak, answered, connected, all}
