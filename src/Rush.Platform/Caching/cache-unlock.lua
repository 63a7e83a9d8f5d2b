-- cache-unlock.lua: release a load lock after a failed load, only if it is still ours.
--
-- KEYS[1] lock:cache:{key}   ARGV[1] the loader's token
-- Returns 1 when released, 0 when the lock had expired or belongs to someone else.
--
-- Why a script: GET-then-DEL from the client could delete a lock that expired in between and was
-- taken by another instance, letting a third one load in parallel.
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
