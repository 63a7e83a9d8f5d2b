-- order-project.lua: upsert the hot state of a batch of orders (seed 001 key layout), each only if
-- its version is newer than the one already projected, and broadcast every applied change to the
-- screens, all in ONE atomic step. Runs with screen-publish.lua in front of it (screen_publish).
-- OrderProjector coalesces concurrent callers (intake after commit, consumer group, workflow,
-- rebuild) into one call, so a busy kitchen pays one EVALSHA per batch, not per order.
--
-- KEYS[1] erp:orders:pending_slots  zset    id -> visibleAt (ms). Deviation: the seed has a set; a
--                                           zset scored by time lets the promoter take the due orders
--                                           with ZRANGEBYSCORE instead of scanning every member.
-- KEYS[2] erp:orders:active         set     visible orders not completed/cancelled
-- KEYS[3] erp:orders:recent         zset    id -> createdAt (ms) of the last 24 h (addition: ERP snapshot index)
-- KEYS[4] orders:total              counter INCR once per order, on its first projection
-- KEYS[5] erp:orders:pending        counter orders whose status is pending
-- KEYS[6] kitchen:orders:queue      list    LPUSH once per order; LREM when completed/cancelled
-- KEYS[7] leaderboard:pizzas        zset    pizza name -> pieces ordered, ZINCRBY once per order
-- KEYS[8] slot:reservations:pending zset    reservations not yet committed (see SlotReservationReaper)
-- ARGV[1] now (ms)   ARGV[2] recent window (ms)   ARGV[3] replay window (messages)
-- ARGV[4] prefix of erp:order:{id} (its state hash is erp:order:{id}:state)
-- ARGV[5] prefix of order:slot:start:{id}   ARGV[6] prefix of order:visible_at:{id}
-- ARGV[7] ttl (s) of idempotency shortcuts
-- then 14 values per order:
--   [0] id  [1] version  [2] status  [3] order JSON (OrderView)  [4] slot start (RFC 3339)
--   [5] visibleAt (RFC 3339)  [6] visibleAt (ms)  [7] createdAt (ms)  [8] ttl (s) of the per-order keys
--   [9] '1' to broadcast, '0' not (hot-state rebuild)
--   [10] pizzas as "quantity<TAB>name<LF>..." (counted once, on the first projection)
--   [11] '1' when the caller just committed the order: its reservation leaves KEYS[8] (confirmed)
--   [12] idempotency shortcut key ('' none), set to "{id}:{[13]}"   [13] the request's fingerprint
-- Per-order keys are derived from the prefixes (one keyspace, as slot-reserve.lua).
--
-- Returns one 0/1 per order: 1 when applied. Nothing is written for an order whose version is not
-- newer: a redelivered or duplicated event, or an older one arriving late, changes nothing.
-- Broadcast: the ERP hub gets every applied change; the KDS hub only changes of visible orders
-- (visibleAt <= now), including the final completed/cancelled one so the screen drops the card.
-- Trims of the large sorted sets (recent index, replay logs) happen once per call, not per order.
local now_ms, recent_window, window = tonumber(ARGV[1]), tonumber(ARGV[2]), ARGV[3]
local order_prefix, slot_prefix, visible_prefix = ARGV[4], ARGV[5], ARGV[6]
local shortcut_ttl = tonumber(ARGV[7])
local stride = 14
local applied_flags = {}
local any_applied, kds_published, erp_published = false, false, false

for i = 8, #ARGV, stride do
  local id, version, status, json = ARGV[i], tonumber(ARGV[i + 1]), ARGV[i + 2], ARGV[i + 3]
  local visible_ms, ttl = tonumber(ARGV[i + 6]), tonumber(ARGV[i + 8])
  if ARGV[i + 11] == '1' then
    redis.call('ZREM', KEYS[8], id)
  end
  if ARGV[i + 12] ~= '' then
    redis.call('SET', ARGV[i + 12], id .. ':' .. ARGV[i + 13], 'EX', shortcut_ttl)
  end

  local order_key = order_prefix .. id
  local state_key = order_key .. ':state'
  local projected = redis.call('HMGET', state_key, 'version', 'status')
  if projected[1] and tonumber(projected[1]) >= version then
    applied_flags[#applied_flags + 1] = 0
  else
    local first = not projected[1]
    local was_pending = projected[2] == 'pending'
    local terminal = status == 'completed' or status == 'cancelled'
    local visible = visible_ms <= now_ms

    redis.call('SET', order_key, json, 'EX', ttl)
    redis.call('HSET', state_key, 'version', version, 'status', status)
    redis.call('EXPIRE', state_key, ttl)
    redis.call('SET', slot_prefix .. id, ARGV[i + 4], 'EX', ttl)
    redis.call('SET', visible_prefix .. id, ARGV[i + 5], 'EX', ttl)

    if terminal then
      redis.call('ZREM', KEYS[1], id)
      redis.call('SREM', KEYS[2], id)
      if not first then
        redis.call('LREM', KEYS[6], 0, id)
      end
    else
      if visible then
        redis.call('ZREM', KEYS[1], id)
        redis.call('SADD', KEYS[2], id)
      else
        redis.call('ZADD', KEYS[1], ARGV[i + 6], id)
      end
      if first then
        redis.call('LPUSH', KEYS[6], id)
      end
    end

    redis.call('ZADD', KEYS[3], ARGV[i + 7], id)
    if first then
      redis.call('INCR', KEYS[4])
      for quantity, name in string.gmatch(ARGV[i + 10], '(%d+)\t([^\n]*)\n') do
        redis.call('ZINCRBY', KEYS[7], quantity, name)
      end
    end
    if status == 'pending' and not was_pending then
      redis.call('INCR', KEYS[5])
    elseif was_pending and status ~= 'pending' then
      redis.call('DECR', KEYS[5])
    end

    if ARGV[i + 9] == '1' then
      local event = first and 'placed' or 'updated'
      local body = '"event":"' .. event .. '","order":' .. string.sub(json, 1, -2) .. ',"visible":' .. tostring(visible) .. '}'
      screen_publish('erp', 'order', body)
      erp_published = true
      if visible then
        screen_publish('kds', 'order', body)
        kds_published = true
      end
    end
    any_applied = true
    applied_flags[#applied_flags + 1] = 1
  end
end

if any_applied then
  redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', '(' .. string.format('%d', now_ms - recent_window))
end
if erp_published then
  screen_trim('erp', window)
end
if kds_published then
  screen_trim('kds', window)
end
return applied_flags
