-- views-clear.lua: forget a flush once Postgres has committed it.
--
-- KEYS[1] views:flushes   KEYS[2] views:flush:{flushId}
-- ARGV[1] flush id
-- Returns 1 when this call removed it, 0 when another instance already had.
--
-- Atomic so a reader (views-read.lua) never sees the flush listed without its hash.
redis.call('DEL', KEYS[2])
return redis.call('ZREM', KEYS[1], ARGV[1])
