-- Store the rendered States (everyone's, and the phones') of seq ARGV[1], unless the game
-- has moved past it meanwhile.
-- KEYS: 1 meta, 2 state, 3 state for phones   ARGV: 1 seq, 2 state JSON, 3 phones' state JSON
--#include expire_with
if redis.call('HGET', KEYS[1], 'seq') ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[2], ARGV[2], 'KEEPTTL')
redis.call('SET', KEYS[3], ARGV[3], 'KEEPTTL')
expire_with(KEYS[1], KEYS[2], KEYS[3])
redis.call('HSET', KEYS[1], 'rendered_seq', ARGV[1])
return 1
