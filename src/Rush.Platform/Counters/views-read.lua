-- views-read.lua: the views of one member that are still in Redis.
--
-- KEYS[1] views:{kind}:{id}   KEYS[2] views:flushes
-- ARGV[1] member "{kind}:{id}"
-- Returns {unclaimed views, flushId1, views1, flushId2, views2, ...} for the pending flushes that hold
-- the member; the caller asks Postgres which of those flushes it already has.
--
-- Atomic so a concurrent claim cannot move views between the two reads (counted twice or not at all).
local out = {tonumber(redis.call('GET', KEYS[1]) or '0')}
for _, flush in ipairs(redis.call('ZRANGE', KEYS[2], 0, -1)) do
  local views = redis.call('HGET', 'views:flush:' .. flush, ARGV[1])
  if views then
    out[#out + 1] = flush
    out[#out + 1] = views
  end
end
return out
