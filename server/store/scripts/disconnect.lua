-- Forget a player's connection, unless a newer connection replaced it. A connection is stored
-- as '<node id>|<sid>' and matched on its sid alone, since a node may change its id while it
-- holds the socket (server/nodes.py); a value without '|' is a bare sid.
-- KEYS: 1 conn   ARGV: 1 player id, 2 sid
local cur = redis.call('HGET', KEYS[1], ARGV[1])
if not cur or string.match(cur, '[^|]*$') ~= ARGV[2] then return 0 end
redis.call('HDEL', KEYS[1], ARGV[1])
return 1
