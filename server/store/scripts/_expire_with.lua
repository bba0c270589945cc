-- Included where a script says `--#include expire_with` (server/store/redis_store.py).
-- Every key of a game expires with it, from its first write (docs/privacy.md): a key a script
-- may just have created gets the remaining lifetime of `model` (the game's meta, which has one
-- from its creation) when it has none yet.
local function expire_with(model, ...)
  local ttl = redis.call('PTTL', model)
  if ttl <= 0 then return end
  for _, key in ipairs({...}) do
    if redis.call('PTTL', key) == -1 then redis.call('PEXPIRE', key, ttl) end
  end
end
