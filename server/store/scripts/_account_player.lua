-- Included where a script says `--#include account_player` (after `expire_with`).
-- One account, one player per game: when the signed-in `account` already has a player in the
-- game, this device resumes it with a token of its own. Returns the script's reply: {'banned'}
-- (the host banned the account), {'resumed', player id}, or nil (no player yet: go on).
local function account_player(meta, accounts, order, tokens, banned, conn, account, th, connection)
  if redis.call('SISMEMBER', banned, 'a:' .. account) == 1 then return {'banned'} end
  local known = redis.call('HGET', accounts, account)
  if not known or not redis.call('ZSCORE', order, known) then return nil end
  redis.call('HSET', tokens, th, known)
  redis.call('HSET', conn, known, connection)
  expire_with(meta, tokens, conn)
  return {'resumed', known}
end
