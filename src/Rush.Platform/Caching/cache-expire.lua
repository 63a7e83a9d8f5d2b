-- cache-expire.lua: invalidate an entry after a write at the origin, keeping its value as a
-- fail-safe fallback, and cancel any load in progress.
--
-- KEYS[1] cache:{key}        "{expiresAtUnixMs}|{json}"
-- KEYS[2] lock:cache:{key}   the load lock
-- ARGV[1] now in Unix ms
-- Returns 1 when an entry was expired, 0 when there was none.
--
-- Atomic so that no reader sees the lock gone with the entry still fresh. The logical expiry becomes
-- min(expiry, now): readers treat the value as stale and load again, but can still fall back to it if
-- the origin fails. KEEPTTL keeps the physical TTL (the end of the fail-safe window). Deleting the
-- lock makes the write of a load that started before this call fail (cache-set.lua).
redis.call('DEL', KEYS[2])
local stored = redis.call('GET', KEYS[1])
if not stored then
  return 0
end
local bar = string.find(stored, '|', 1, true)
local expires = bar and tonumber(string.sub(stored, 1, bar - 1))
if not expires then
  redis.call('DEL', KEYS[1])
  return 0
end
if expires > tonumber(ARGV[1]) then
  redis.call('SET', KEYS[1], ARGV[1] .. string.sub(stored, bar), 'KEEPTTL')
end
return 1
