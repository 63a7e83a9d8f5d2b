-- order-promote.lua: move the orders whose visibleAt has come from pending_slots to active and
-- broadcast each one ("visible") to both hubs, in ONE atomic step (seed 001 step 8).
-- Runs with screen-publish.lua in front of it (screen_publish).
--
-- KEYS[1] erp:orders:pending_slots  zset id -> visibleAt (ms)
-- KEYS[2] erp:orders:active         set
-- ARGV[1] now (ms)   ARGV[2] most orders per call   ARGV[3] replay window (messages)
-- The order's JSON is read from erp:order:{id} (derived key; one keyspace, see slot-reserve.lua).
-- The replay logs are trimmed once per call, after all messages.
-- Returns {number of due ids looked at, ids moved by THIS call...}; the caller calls again while
-- the first number equals the batch size.
--
-- Why atomic: several instances run the promoter. ZREM by one call makes the id invisible to every
-- other call, and the broadcast happens in the same step, so each order is announced exactly once
-- across all instances and never lost between the move and the message. An id whose order expired
-- is dropped without a message.
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
local moved = {#due}
for _, id in ipairs(due) do
  redis.call('ZREM', KEYS[1], id)
  local order = redis.call('GET', 'erp:order:' .. id)
  if order then
    redis.call('SADD', KEYS[2], id)
    local body = '"event":"visible","order":' .. string.sub(order, 1, -2) .. ',"visible":true}'
    screen_publish('kds', 'order', body)
    screen_publish('erp', 'order', body)
    moved[#moved + 1] = id
  end
end
if #moved > 1 then
  screen_trim('kds', ARGV[3])
  screen_trim('erp', ARGV[3])
end
return moved
