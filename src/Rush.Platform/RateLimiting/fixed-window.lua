-- Fixed window counter (seed 004: INCR + EXPIRE, made atomic).
-- KEYS[1]  counter of the partition, rate:{policy}:{partition} (e.g. rate:menu:ip:127.0.0.1)
-- ARGV[1]  permit limit per window
-- ARGV[2]  window in milliseconds (the counter's TTL)
-- ARGV[3]  permits this request asks for (1 from the middleware)
-- Returns  { allowed (1/0), count after the call, milliseconds until the window ends }
-- Guarantee: check and increment are one step, so concurrent requests on any number of instances
-- never let more than the limit through in a window; the TTL is set in the same step as the first
-- increment, so a counter can never outlive its window (the seed's separate EXPIRE could be lost).
-- A refused request does not count: a client that keeps knocking is not locked out past the window.
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local permits = tonumber(ARGV[3])

local count = tonumber(redis.call('GET', KEYS[1]) or '0')
local ttl = redis.call('PTTL', KEYS[1])
if count + permits > limit then
  if ttl < 0 then
    -- A counter without TTL (left by something else) would refuse forever; give it one window.
    redis.call('PEXPIRE', KEYS[1], window)
    ttl = window
  end
  return { 0, count, ttl }
end

count = redis.call('INCRBY', KEYS[1], permits)
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], window)
  ttl = window
end
return { 1, count, ttl }
