-- Close a run's question at its deadline (the run timer; any node): compare-and-set on the
-- run's step, so racing nodes close it once. A scored question left unanswered ends the
-- streak (games.scoring.score_answer with no verdict).
-- KEYS: 1 run   ARGV: 1 expected step, 2 now ms, 3 scored kind (0/1)
local r = redis.call('HMGET', KEYS[1], 'step', 'status', 'deadline_ms')
if not r[1] or r[1] ~= ARGV[1] or r[2] ~= 'question' then return 0 end
if tonumber(ARGV[2]) < tonumber(r[3]) then return 0 end
local step = tonumber(r[1]) + 1
if ARGV[3] == '1' then redis.call('HSET', KEYS[1], 'streak', 0) end
redis.call('HSET', KEYS[1], 'status', 'reveal', 'step', step,
  'last', '{"answered":false,"correct":false,"points":0}')
return step
