-- Forget the connections a dead node held in one game: only the entries that still name that
-- node, so a player that resumed elsewhere keeps its new connection. Returns how many went.
-- KEYS: 1 conn   ARGV: 1 node id
local prefix = ARGV[1] .. '|'
local n = #prefix
local gone = 0
local all = redis.call('HGETALL', KEYS[1])
for i = 1, #all, 2 do
  if string.sub(all[i + 1], 1, n) == prefix then
    redis.call('HDEL', KEYS[1], all[i])
    gone = gone + 1
  end
end
return gone
