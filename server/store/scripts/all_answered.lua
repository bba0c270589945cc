-- 1 when question ARGV[1] is open and every connected player (at least one answer) has answered.
-- KEYS: 1 meta, 2 answers of the question, 3 conn   ARGV: 1 question index
local m = redis.call('HMGET', KEYS[1], 'phase', 'qindex')
if m[1] ~= 'question' or tonumber(m[2]) ~= tonumber(ARGV[1]) then return 0 end
if redis.call('HLEN', KEYS[2]) == 0 then return 0 end
for _, p in ipairs(redis.call('HKEYS', KEYS[3])) do
  if redis.call('HEXISTS', KEYS[2], p) == 0 then return 0 end
end
return 1
