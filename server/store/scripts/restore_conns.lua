-- A node taken for dead records the connections it still holds again, under its new id: a
-- player still in the game whose entry is missing (reaped) or names the same sid. A player
-- that resumed elsewhere meanwhile keeps that connection. Returns how many were missing.
-- KEYS: 1 conn, 2 order   ARGV: 1 new node id, then player id, sid pairs
--#include expire_with
local back = 0
for i = 2, #ARGV, 2 do
  local pid, sid = ARGV[i], ARGV[i + 1]
  if redis.call('ZSCORE', KEYS[2], pid) then
    local cur = redis.call('HGET', KEYS[1], pid)
    if not cur or string.match(cur, '[^|]*$') == sid then
      redis.call('HSET', KEYS[1], pid, ARGV[1] .. '|' .. sid)
      if not cur then back = back + 1 end
    end
  end
end
expire_with(KEYS[2], KEYS[1])
return back
