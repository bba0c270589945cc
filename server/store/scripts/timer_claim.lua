-- Claim due timers: push each due game's score to a lease, so one node handles it and,
-- should that node die, another claims it again when the lease runs out.
-- KEYS: 1 timers   ARGV: 1 now ms, 2 lease-until ms, 3 limit
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[3]))
for _, g in ipairs(due) do redis.call('ZADD', KEYS[1], ARGV[2], g) end
return due
