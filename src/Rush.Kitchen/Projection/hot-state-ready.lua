-- hot-state-ready.lua: finish a hot-state rebuild, only if this instance still holds the rebuild
-- lock. Runs with screen-publish.lua in front of it (screen_new_epoch).
--
-- KEYS[1] kitchen:hot-state:lock   KEYS[2] kitchen:hot-state:ready   KEYS[3] orders:total
-- ARGV[1] lock token   ARGV[2] orders in Postgres   ARGV[3] when the rebuild finished (RFC 3339)
-- Returns 1 when finished, 0 when the lock is gone.
--
-- The lock doubles as a witness: if Redis was emptied again during the rebuild, the lock went with
-- it, the marker is not set, and the next check rebuilds again. In the same step both screen hubs
-- start a new epoch, so every screen resyncs to the rebuilt state instead of keeping one that may
-- have missed changes while Redis was empty. orders:total never goes down (live orders may have
-- been counted while the rebuild ran).
if redis.call('GET', KEYS[1]) ~= ARGV[1] then
  return 0
end
redis.call('SET', KEYS[2], ARGV[3])
if tonumber(redis.call('GET', KEYS[3]) or '0') < tonumber(ARGV[2]) then
  redis.call('SET', KEYS[3], ARGV[2])
end
screen_new_epoch('kds')
screen_new_epoch('erp')
redis.call('DEL', KEYS[1])
return 1
