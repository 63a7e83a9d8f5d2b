-- cache-set.lua: store a freshly loaded value and release the load lock, only if this loader still
-- holds the lock (a fenced write).
--
-- KEYS[1] cache:{key}        the entry, "{expiresAtUnixMs}|{json}" (CacheEnvelope)
-- KEYS[2] lock:cache:{key}   the load lock, value = the loader's random token
-- ARGV[1] token   ARGV[2] envelope   ARGV[3] physical TTL in ms (duration + fail-safe window)
-- Returns 1 when stored, 0 when the lock is no longer ours (nothing is written).
--
-- Why fenced: an invalidation (cache-expire.lua) deletes the lock. A load that started before the
-- write it invalidates may carry the old data; refusing its write keeps that data out of Redis, and
-- the next reader loads again. The same check makes a loader that outlived its lock harmless.
if redis.call('GET', KEYS[2]) ~= ARGV[1] then
  return 0
end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
redis.call('DEL', KEYS[2])
return 1
