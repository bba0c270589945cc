-- Give each of KEYS[2..] that has no lifetime yet the remaining lifetime of KEYS[1] (the
-- game's meta): for keys written outside a script (a reveal's results and ranks). When the
-- game is gone meanwhile (its keys expired), they go too.
-- KEYS: 1 meta, 2.. keys of the same game
--#include expire_with
if redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('DEL', unpack(KEYS, 2))
  return 0
end
expire_with(KEYS[1], unpack(KEYS, 2))
return 1
