-- End a run, exactly once: compare-and-set on the run (its id, its step, not ended), and in the
-- same step push its results (a RunResults outbox entry) so SQL gets them once. A run that
-- never showed a question has nothing to push (ARGV[2] empty).
-- The outbox list is a global key beside this game's keys: one Redis (not a Cluster).
-- An ended run has no question open, so its timer (if any is left) goes too.
-- KEYS: 1 meta, 2 run, 3 runs active, 4 outbox, 5 run timers (optional)
-- ARGV: 1 run id, 2 outbox entry or '', 3 now ms, 4 status to set ('' = keep), 5 player id,
--       6 expected step, 7 timer member (with KEYS[5])
local r = redis.call('HMGET', KEYS[2], 'run', 'ended', 'step')
if r[1] ~= ARGV[1] or r[2] == '1' then return 0 end
if r[3] ~= ARGV[6] then return -1 end
redis.call('HSET', KEYS[2], 'ended', 1, 'finished_ms', ARGV[3])
if ARGV[4] ~= '' then
  redis.call('HSET', KEYS[2], 'status', ARGV[4], 'step', tonumber(r[3]) + 1)
end
redis.call('SREM', KEYS[3], ARGV[5])
if KEYS[5] then redis.call('ZREM', KEYS[5], ARGV[7]) end
if ARGV[2] ~= '' then
  redis.call('LPUSH', KEYS[4], ARGV[2])
  redis.call('HINCRBY', KEYS[1], 'runs_finished', 1)
end
return 1
