-- hot-state-restore.lua: give committed orders back the slot capacity and display ids that Redis
-- lost, as slot-reserve.lua would have recorded them (part of the hot-state rebuild); and give Redis
-- the Postgres ledger's fallback claims, as pending reservations.
--
-- No KEYS: per order the script touches order:slot:{id}, slot:{slot}, slot:{slot}:info,
-- slot:{slot}:orders, the display-id sets it is given and slot:reservations:pending (derived names,
-- one keyspace, as slot-reserve.lua, which writes the same keys).
-- ARGV[1] now (unix s)   ARGV[2] slot length (s)   ARGV[3] slot key prefix ('slot:')
-- ARGV[4] reservation key prefix ('order:slot:')   ARGV[5] slot ttl after the slot's end (s, seed 7200)
-- ARGV[6] reservation ttl (s)   ARGV[7] display-id set ttl (s)
-- ARGV[8] pending reservations zset (slot:reservations:pending, order id -> commit deadline in ms)
-- ARGV[9] number of capacity dimensions D, then per dimension: name (reservation hash field),
--         load field in slot:{id}:info ('' = the string slot:{id}), limit field in slot:{id}:info
-- then 6 + 2D values per order:
--   id, slot id ('' = only its display id), commit deadline in ms ('' = committed; else a claim whose
--   order may never commit: it goes to the pending zset, so SlotReservationReaper releases it from
--   Redis if its order never reaches Postgres), display id, display key of the slot's date,
--   display key of the day it was taken, demand per dimension, limit per dimension
--   (limits '' when the calendar no longer has the slot: loads are restored, capacities are not)
-- (built by SlotCapacityRule.RestoreArgs/AddRestored.)
-- Returns the number of orders whose capacity was restored.
--
-- Idempotent and safe against live intake: an order that already has order:slot:{id} (reserved
-- after Redis came back, or restored by an earlier call) is skipped, so no order is counted twice
-- in a slot and nothing a live reservation wrote is overwritten.
local now, step, prefix, order_prefix = tonumber(ARGV[1]), tonumber(ARGV[2]), ARGV[3], ARGV[4]
local slot_ttl, order_ttl, display_ttl = tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7])
local pending_key = ARGV[8]
local dims = tonumber(ARGV[9])
local head = 9 + 3 * dims
local restored = 0
for i = head + 1, #ARGV, 6 + 2 * dims do
  local id, slot, deadline = ARGV[i], ARGV[i + 1], ARGV[i + 2]
  local display_id, display_key, taken_key = ARGV[i + 3], ARGV[i + 4], ARGV[i + 5]
  for _, key in ipairs({display_key, taken_key}) do
    redis.call('SADD', key, display_id)
    redis.call('EXPIRE', key, display_ttl)
  end
  local order_key = order_prefix .. id
  if slot ~= '' and redis.call('EXISTS', order_key) == 0 then
    local load_key = prefix .. slot
    local info_key = load_key .. ':info'
    local start = tonumber(slot)
    local ttl = math.max(start + step + slot_ttl - now, 60)
    local reservation = {'slot_id', slot, 'display_id', display_id, 'display_key', display_key}
    redis.call('HSET', info_key, 'start_time', start, 'end_time', start + step)
    for d = 1, dims do
      local name, load_field, limit_field = ARGV[7 + 3 * d], ARGV[8 + 3 * d], ARGV[9 + 3 * d]
      local demand, limit = ARGV[i + 5 + d], ARGV[i + 5 + dims + d]
      if load_field == '' then
        redis.call('INCRBY', load_key, demand)
      else
        redis.call('HINCRBY', info_key, load_field, demand)
      end
      if limit ~= '' then
        redis.call('HSET', info_key, limit_field, limit)
      end
      reservation[#reservation + 1], reservation[#reservation + 2] = name, demand
    end
    redis.call('SADD', load_key .. ':orders', id)
    redis.call('EXPIRE', load_key, ttl)
    redis.call('EXPIRE', info_key, ttl)
    redis.call('EXPIRE', load_key .. ':orders', ttl)
    redis.call('HSET', order_key, unpack(reservation))
    redis.call('EXPIRE', order_key, order_ttl)
    if deadline ~= '' then
      redis.call('ZADD', pending_key, deadline, id)
    end
    restored = restored + 1
  end
end
return restored
