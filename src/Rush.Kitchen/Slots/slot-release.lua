-- slot-release.lua: give back the capacity and display id an order reserved (commit failed, the
-- reservation timed out uncommitted, or the order was cancelled).
--
-- KEYS[1] order:slot:{order_id}       KEYS[2] slot:reservations:pending
-- ARGV[1] order id
-- Returns 1 when something was released, 0 when the order held nothing (already released).
--
-- The slot keys are derived from the reservation hash written by slot-reserve.lua: Rush runs on
-- standalone or Sentinel Redis (one keyspace), not Redis Cluster. Releasing twice is harmless:
-- the hash is deleted in the same atomic step that returns the capacity.
local order_key, pending_key, order_id = KEYS[1], KEYS[2], ARGV[1]
local r = redis.call('HMGET', order_key, 'slot_id', 'price', 'minutes', 'display_id', 'display_key')
redis.call('ZREM', pending_key, order_id)
if not r[1] then
  return 0
end
local slot = 'slot:' .. r[1]
redis.call('DECRBY', slot, tonumber(r[2]))
redis.call('HINCRBY', slot .. ':info', 'minutes_load', -tonumber(r[3]))
redis.call('SREM', slot .. ':orders', order_id)
redis.call('SREM', r[5], r[4])
redis.call('DEL', order_key)
return 1
