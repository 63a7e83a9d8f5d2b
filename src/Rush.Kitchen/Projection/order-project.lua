-- order-project.lua: upsert one order's hot state (seed 001 key layout) if its version is newer
-- than the one already projected, and broadcast the change to the screens, in ONE atomic step.
-- Runs with screen-publish.lua in front of it (screen_publish).
--
-- KEYS[1]  erp:order:{id}            string  the order as JSON (OrderView; "visible" is added per message)
-- KEYS[2]  erp:order:{id}:state      hash    version, status: what has been projected (idempotency guard)
-- KEYS[3]  order:slot:start:{id}     string  slot start, RFC 3339 (seed)
-- KEYS[4]  order:visible_at:{id}     string  visibleAt, RFC 3339 (seed)
-- KEYS[5]  erp:orders:pending_slots  zset    id -> visibleAt (ms). Deviation: the seed has a set; a
--                                            zset scored by time lets the promoter take the due orders
--                                            with ZRANGEBYSCORE instead of scanning every member.
-- KEYS[6]  erp:orders:active         set     visible orders not completed/cancelled
-- KEYS[7]  erp:orders:recent         zset    id -> createdAt (ms) of the last 24 h (addition: ERP snapshot index)
-- KEYS[8]  orders:total              counter INCR once per order, on its first projection
-- KEYS[9]  erp:orders:pending        counter orders whose status is pending
-- KEYS[10] kitchen:orders:queue      list    LPUSH once per order; LREM when completed/cancelled
-- KEYS[11] leaderboard:pizzas        zset    pizza name -> pieces ordered, ZINCRBY once per order
-- ARGV[1] id   ARGV[2] version   ARGV[3] status   ARGV[4] order JSON   ARGV[5] slot start (RFC 3339)
-- ARGV[6] visibleAt (RFC 3339)   ARGV[7] visibleAt (ms)   ARGV[8] createdAt (ms)   ARGV[9] now (ms)
-- ARGV[10] ttl (s) of the per-order keys   ARGV[11] recent window (ms)
-- ARGV[12] '1' to broadcast, '0' not (hot-state rebuild)   ARGV[13] replay window (messages)
--
-- Returns {applied, first, visible} as 0/1. Nothing is written when the version is not newer: a
-- redelivered or duplicated event, or an older one arriving late, changes nothing and returns applied = 0.
-- Broadcast: the ERP hub gets every applied change; the KDS hub only changes of visible orders
-- (visibleAt <= now), including the final completed/cancelled one so the screen drops the card.
local id, version, status, json = ARGV[1], tonumber(ARGV[2]), ARGV[3], ARGV[4]
local visible_ms, created_ms, now_ms = tonumber(ARGV[7]), tonumber(ARGV[8]), tonumber(ARGV[9])
local ttl = tonumber(ARGV[10])

local projected = redis.call('HMGET', KEYS[2], 'version', 'status')
if projected[1] and tonumber(projected[1]) >= version then
  return {0, 0, 0}
end
local first = not projected[1]
local was_pending = projected[2] == 'pending'
local terminal = status == 'completed' or status == 'cancelled'
local visible = visible_ms <= now_ms

redis.call('SET', KEYS[1], json, 'EX', ttl)
redis.call('HSET', KEYS[2], 'version', version, 'status', status)
redis.call('EXPIRE', KEYS[2], ttl)
redis.call('SET', KEYS[3], ARGV[5], 'EX', ttl)
redis.call('SET', KEYS[4], ARGV[6], 'EX', ttl)

if terminal then
  redis.call('ZREM', KEYS[5], id)
  redis.call('SREM', KEYS[6], id)
  if not first then
    redis.call('LREM', KEYS[10], 0, id)
  end
else
  if visible then
    redis.call('ZREM', KEYS[5], id)
    redis.call('SADD', KEYS[6], id)
  else
    redis.call('ZADD', KEYS[5], ARGV[7], id)
  end
  if first then
    redis.call('LPUSH', KEYS[10], id)
  end
end

redis.call('ZADD', KEYS[7], ARGV[8], id)
redis.call('ZREMRANGEBYSCORE', KEYS[7], '-inf', '(' .. string.format('%d', now_ms - tonumber(ARGV[11])))
if first then
  redis.call('INCR', KEYS[8])
  for _, item in ipairs(cjson.decode(json).items) do
    redis.call('ZINCRBY', KEYS[11], item.quantity, item.pizzaName)
  end
end
if status == 'pending' and not was_pending then
  redis.call('INCR', KEYS[9])
elseif was_pending and status ~= 'pending' then
  redis.call('DECR', KEYS[9])
end

if ARGV[12] == '1' then
  local event = first and 'placed' or 'updated'
  local body = '"event":"' .. event .. '","order":' .. string.sub(json, 1, -2) .. ',"visible":' .. tostring(visible) .. '}'
  screen_publish('erp', 'order', body, ARGV[13])
  if visible then
    screen_publish('kds', 'order', body, ARGV[13])
  end
end
return {1, first and 1 or 0, visible and 1 or 0}
