-- Record that the State of seq ARGV[1] went out; never backwards (a slow node that publishes
-- an older seq late must not make a newer one look unpublished).
-- KEYS: 1 meta   ARGV: 1 seq
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local cur = tonumber(redis.call('HGET', KEYS[1], 'published_seq') or '0')
if cur >= tonumber(ARGV[1]) then return 0 end
redis.call('HSET', KEYS[1], 'published_seq', ARGV[1])
return 1
