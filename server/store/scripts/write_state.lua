-- Store the rendered States (everyone's, and the phones') of seq ARGV[1], unless the game
-- has moved past it meanwhile.
-- KEYS: 1 meta, 2 state, 3 state for phones   ARGV: 1 seq, 2 state JSON, 3 phones' state JSON
if redis.call('HGET', KEYS[1], 'seq') ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[2], ARGV[2], 'KEEPTTL')
redis.call('SET', KEYS[3], ARGV[3], 'KEEPTTL')
redis.call('HSET', KEYS[1], 'rendered_seq', ARGV[1])
return 1
