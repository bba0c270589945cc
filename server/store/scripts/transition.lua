-- Compare-and-set the game's phase fields on its seq; the winner owns the transition.
-- When closing a scored question, players in the game with no answer lose their streak (as
-- games.scoring.score_answer with no verdict; tests/store/test_store_rules.py).
-- KEYS: 1 meta, 2 order, 3 stats, 4 answers of the closing question
-- ARGV: 1 expected seq, 2 reset streaks (0/1), 3.. field, value pairs
--#include expire_with
local seq = redis.call('HGET', KEYS[1], 'seq')
if seq ~= ARGV[1] then return 0 end
if ARGV[2] == '1' then
  for _, p in ipairs(redis.call('ZRANGE', KEYS[2], 0, -1)) do
    if redis.call('HEXISTS', KEYS[4], p) == 0 then
      redis.call('HSET', KEYS[3], p .. ':streak', 0)
    end
  end
  expire_with(KEYS[1], KEYS[3])
end
local next_seq = tonumber(seq) + 1
local fields = {'seq', next_seq}
for i = 3, #ARGV do fields[#fields + 1] = ARGV[i] end
redis.call('HSET', KEYS[1], unpack(fields))
return next_seq
