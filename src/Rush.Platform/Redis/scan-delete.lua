-- scan-delete.lua: one SCAN step that deletes the keys it finds matching a pattern (RedisKeySweep).
-- Called in a loop until the returned cursor is "0"; each step is short, so Redis stays responsive.
--
-- ARGV[1] cursor   ARGV[2] MATCH pattern (e.g. seat:*)   ARGV[3] COUNT hint
-- Returns the next cursor. Keys are found by pattern, not declared: standalone/Sentinel only.
local step = redis.call('SCAN', ARGV[1], 'MATCH', ARGV[2], 'COUNT', ARGV[3])
for _, key in ipairs(step[2]) do
  redis.call('DEL', key)
end
return step[1]
