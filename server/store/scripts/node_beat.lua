-- A node's heartbeat: vouch for it until ARGV[2], unless someone else changed its entry since
-- its last beat (a reaper claimed it, or removed it once done): the node was taken for dead and
-- must carry on under a new id. A new id (no expected value) must not be taken yet.
-- KEYS: 1 nodes   ARGV: 1 node id, 2 until ms, 3.. the values its last beat may have left
local cur = redis.call('ZSCORE', KEYS[1], ARGV[1])
if #ARGV < 3 then
  if cur then return 0 end
else
  local mine = false
  for i = 3, #ARGV do
    if cur and tonumber(cur) == tonumber(ARGV[i]) then mine = true end
  end
  if not mine then return 0 end
end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
return 1
