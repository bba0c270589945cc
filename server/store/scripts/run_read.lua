-- A player's current run as its RunView shows it, in one round trip (no change).
-- KEYS: 1 run, 2 run scores   Replies {} (no run) or {rank, runs shown, flat run hash}.
--#include run_view
if redis.call('EXISTS', KEYS[1]) == 0 then return {} end
return run_view(KEYS[1], KEYS[2])
