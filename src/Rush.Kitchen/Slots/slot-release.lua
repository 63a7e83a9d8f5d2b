-- slot-release.lua: give back the capacity and display id an order reserved (commit failed, the
-- reservation timed out uncommitted, or the order was cancelled).
--
-- KEYS[1] order:slot:{order_id}       KEYS[2] slot:reservations:pending
-- ARGV[1] order id   ARGV[2] slot key prefix ('slot:')
-- ARGV[3] number of capacity dimensions D, then per dimension: name (field in the reservation
--         hash), load field in slot:{id}:info ('' = the string slot:{id}), limit field (unused here)
-- (built by SlotCapacityRule.ReleaseArgs, as slot-reserve.lua's)
-- Returns 1 when something was released, 0 when the order held nothing (already released).
--
-- The slot keys are derived from the reservation hash written by slot-reserve.lua: Rush runs on
-- standalone or Sentinel Redis (one keyspace), not Redis Cluster. Releasing twice is harmless:
-- the hash is deleted in the same atomic step that returns the capacity.
local order_key, pending_key, order_id, prefix = KEYS[1], KEYS[2], ARGV[1], ARGV[2]
redis.call('ZREM', pending_key, order_id)
local r = redis.call('HMGET', order_key, 'slot_id', 'display_id', 'display_key')
if not r[1] then
  return 0
end
local slot = prefix .. r[1]
for d = 1, tonumber(ARGV[3]) do
  local name, load_field = ARGV[1 + 3 * d], ARGV[2 + 3 * d]
  local demand = tonumber(redis.call('HGET', order_key, name) or '0')
  if load_field == '' then
    redis.call('DECRBY', slot, demand)
  else
    redis.call('HINCRBY', slot .. ':info', load_field, -demand)
  end
end
redis.call('SREM', slot .. ':orders', order_id)
redis.call('SREM', r[3], r[2])
redis.call('DEL', order_key)
return 1
