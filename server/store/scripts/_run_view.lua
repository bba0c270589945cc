-- Included where a script says `--#include run_view`: what a run's RunView shows, read in the
-- script that moved the run, so its reply carries the ack without another round trip.
-- {rank (1 + the runs with a strictly higher score), runs that showed a question, the run's
-- hash as a flat list}.
local function run_view(run_key, scores_key)
  local h = redis.call('HGETALL', run_key)
  local score = '0'
  for i = 1, #h, 2 do
    if h[i] == 'score' then score = h[i + 1] end
  end
  local above = redis.call('ZCOUNT', scores_key, '(' .. score, '+inf')
  return {above + 1, redis.call('ZCARD', scores_key), h}
end
