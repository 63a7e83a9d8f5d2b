-- hot-state-restore.lua: give committed orders back the slot capacity and display ids that Redis
-- lost, as slot-reserve.lua would have recorded them (part of the hot-state rebuild).
--
-- No KEYS: per order the script touches order:slot:{id}, slot:{slot}, slot:{slot}:info,
-- slot:{slot}:orders and the display-id sets it is given (derived names, one keyspace, as
-- slot-reserve.lua, which writes the same keys).
-- ARGV[1] now (unix s)   ARGV[2] slot length (s)   ARGV[3] slot ttl after the slot's end (s, seed 7200)
-- then 9 values per order:
--   id, slot id ('' = only its display id), price (minor units), make minutes, display id,
--   display key of the slot's date, display key of the day it was taken, max price, max minutes
--   (max '' when the calendar no longer has the slot: loads are restored, capacities are not)
-- Returns the number of orders whose capacity was restored.
--
-- Idempotent and safe against live intake: an order that already has order:slot:{id} (reserved
-- after Redis came back, or restored by an earlier call) is skipped, so no order is counted twice
-- in a slot and nothing a live reservation wrote is overwritten.
local now, step, slot_ttl = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local restored = 0
for i = 4, #ARGV, 9 do
  local id, slot, price, minutes, display_id = ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3], ARGV[i + 4]
  local display_key, taken_key, max_price, max_minutes = ARGV[i + 5], ARGV[i + 6], ARGV[i + 7], ARGV[i + 8]
  for _, key in ipairs({display_key, taken_key}) do
    redis.call('SADD', key, display_id)
    redis.call('EXPIRE', key, 172800)
  end
  local order_key = 'order:slot:' .. id
  if slot ~= '' and redis.call('EXISTS', order_key) == 0 then
    local load_key = 'slot:' .. slot
    local info_key = load_key .. ':info'
    local start = tonumber(slot)
    local ttl = math.max(start + step + slot_ttl - now, 60)
    redis.call('INCRBY', load_key, price)
    redis.call('HINCRBY', info_key, 'minutes_load', minutes)
    redis.call('HSET', info_key, 'start_time', start, 'end_time', start + step)
    if max_price ~= '' then
      redis.call('HSET', info_key, 'max_capacity', max_price, 'max_minutes', max_minutes)
    end
    redis.call('SADD', load_key .. ':orders', id)
    redis.call('EXPIRE', load_key, ttl)
    redis.call('EXPIRE', info_key, ttl)
    redis.call('EXPIRE', load_key .. ':orders', ttl)
    redis.call('HSET', order_key, 'slot_id', slot, 'price', price, 'minutes', minutes,
               'display_id', display_id, 'display_key', display_key)
    redis.call('EXPIRE', order_key, 86400)
    restored = restored + 1
  end
end
return restored
