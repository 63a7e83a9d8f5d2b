-- views-claim.lua: the atomic swap of a flush. Moves the unclaimed views of up to N dirty members into
-- the flush's pending hash and resets their counters, in one step.
--
-- KEYS[1] views:dirty   KEYS[2] views:flushes   KEYS[3] views:flush:{flushId}
-- ARGV[1] flush id   ARGV[2] now (Unix ms)   ARGV[3] most members per call
-- Counter keys views:{member} are derived from the members (one keyspace, see ViewCounterKeys).
-- Returns {members popped, member1, views1, member2, views2, ...}; call again while the first
-- number equals ARGV[3].
--
-- Why this cannot lose a view (the seed's GET-then-DEL can): reading and resetting a counter happen
-- inside one script, so an INCR lands either before (and is moved) or after (and starts a new counter
-- and re-marks the member dirty). Why several instances cannot double count: SPOP hands each dirty
-- member to exactly one claim. The moved views stay in Redis (views:flush:{id}, listed in
-- views:flushes) until Postgres has them, so a crash before the commit loses nothing.
local members = redis.call('SPOP', KEYS[1], tonumber(ARGV[3]))
local out = {#members}
for _, member in ipairs(members) do
  local key = 'views:' .. member
  local views = redis.call('GET', key)
  if views then
    redis.call('DEL', key)
    redis.call('HSET', KEYS[3], member, views)
    out[#out + 1] = member
    out[#out + 1] = views
  end
end
if #out > 1 then
  redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
end
return out
