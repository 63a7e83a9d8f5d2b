-- views-increment.lua: count one view (seed 003: INCR post:{id}:views).
--
-- KEYS[1] views:{kind}:{id}   KEYS[2] views:dirty
-- ARGV[1] member "{kind}:{id}"
-- Returns the views not yet claimed by a flush.
--
-- Why one script: the counter and its dirty mark change together, so a flush that claims the
-- member (views-claim.lua) can never miss an increment that already happened.
local n = redis.call('INCR', KEYS[1])
redis.call('SADD', KEYS[2], ARGV[1])
return n
