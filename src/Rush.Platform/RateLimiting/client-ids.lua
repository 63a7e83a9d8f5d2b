-- Distinct client ids one IP may use per window (the X-Client-Id header is not authenticated, so
-- without this cap every new id would open a fresh quota).
-- KEYS[1]  set of the ids the IP used, rate:{policy}:ids:ip:{address}
-- ARGV[1]  the client id of this request
-- ARGV[2]  most distinct ids per window
-- ARGV[3]  window in milliseconds (the set's TTL, from its first id on)
-- Returns  { admitted (1/0), ids in the set, milliseconds until the set expires }
-- Guarantee: check and add are one step, so concurrent requests on any number of instances never
-- admit more than the cap; an id already in the set is always admitted.
local ttl = redis.call('PTTL', KEYS[1])
if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 1 then
  return { 1, redis.call('SCARD', KEYS[1]), ttl }
end
local count = redis.call('SCARD', KEYS[1])
if count >= tonumber(ARGV[2]) then
  return { 0, count, ttl }
end
redis.call('SADD', KEYS[1], ARGV[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
  ttl = tonumber(ARGV[3])
end
return { 1, count + 1, ttl }
