-- slot-reserve.lua: reserve kitchen capacity for one order in the first slot that can take it,
-- and claim the order's display id, all in one atomic step (seed 001, "Capacity-Based Slot Scheduling").
--
-- KEYS[1] order:slot:{order_id}        hash: slot_id, price, minutes, display_id, display_key
-- KEYS[2] kitchen:display_ids:{date}   set of display ids shown today
-- KEYS[3] slot:reservations:pending    zset order_id -> commit deadline (ms); see SlotReservationReaper
-- ARGV[1] order id        ARGV[2] price (minor units)      ARGV[3] make minutes
-- ARGV[4] commit deadline (ms since epoch)                  ARGV[5] the order id's last 12 hex chars
-- ARGV[6] slot ttl after slot end (s, seed: 7200)           ARGV[7] now (unix s, the caller's clock)
-- ARGV[8] first candidate slot start (unix s)   ARGV[9] slot length (s)   ARGV[10] number of candidates
-- ARGV[11] capacities as runs "count:max_price:max_minutes;..." covering the candidates in order
--
-- Per candidate slot {id} (= its start) the script touches slot:{id} (price load, seed),
-- slot:{id}:info (start_time, end_time, max_capacity, max_minutes, minutes_load) and
-- slot:{id}:orders. These keys are derived here rather than passed in KEYS: a day has up to 96
-- candidates and passing ~300 key names per call made the script cost ~240 us instead of ~15 us.
-- Rush therefore runs on one keyspace (standalone or Sentinel), not Redis Cluster.
--
-- Returns {1, slot start (unix s), display id, price load, minutes load} or {0} when every slot is full.
--
-- Why one script: check-then-increment from the client would let two concurrent orders both see
-- room and overbook the slot. Here the check, the increments on both capacities, the walk to the
-- next slot and the display id claim happen with no other command in between. A retried call for
-- the same order id returns the existing reservation instead of reserving twice.
local order_key, display_key, pending_key = KEYS[1], KEYS[2], KEYS[3]
local order_id, price, minutes = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
local deadline, tail = ARGV[4], ARGV[5]
local slot_ttl, now = tonumber(ARGV[6]), tonumber(ARGV[7])
local first, step, count = tonumber(ARGV[8]), tonumber(ARGV[9]), tonumber(ARGV[10])
local meta_ttl = 86400 -- seed: order metadata lives 24 h

local existing = redis.call('HMGET', order_key, 'slot_id', 'display_id')
if existing[1] then
  local slot = 'slot:' .. existing[1]
  return {1, tonumber(existing[1]), existing[2], tonumber(redis.call('GET', slot) or '0'),
          tonumber(redis.call('HGET', slot .. ':info', 'minutes_load') or '0')}
end

local i = 0
for run in string.gmatch(ARGV[11], '[^;]+') do
  local n, max_price, max_minutes = string.match(run, '^(%d+):(%d+):(%d+)$')
  n, max_price, max_minutes = tonumber(n), tonumber(max_price), tonumber(max_minutes)
  for _ = 1, n do
    if i >= count then break end
    local start = first + i * step
    local load_key = 'slot:' .. start
    local info_key = load_key .. ':info'
    local price_load = tonumber(redis.call('GET', load_key) or '0')
    local minutes_load = tonumber(redis.call('HGET', info_key, 'minutes_load') or '0')
    if price_load + price <= max_price and minutes_load + minutes <= max_minutes then
      -- Display id: the last 4 hex chars (seed); if an order shown today already has them, one
      -- more char of the same UUID at a time until unique.
      local display_id
      for len = 4, 12 do
        local candidate = string.sub(tail, -len)
        if redis.call('SADD', display_key, candidate) == 1 then
          display_id = candidate
          break
        end
      end
      if not display_id then
        return redis.error_reply('display id space exhausted')
      end
      -- Relative TTL from the caller's clock, so a skewed Redis clock cannot expire a live slot.
      local ttl = math.max(start + step + slot_ttl - now, 60)
      price_load = redis.call('INCRBY', load_key, price)
      minutes_load = redis.call('HINCRBY', info_key, 'minutes_load', minutes)
      redis.call('HSET', info_key, 'start_time', start, 'end_time', start + step,
                 'max_capacity', max_price, 'max_minutes', max_minutes)
      redis.call('SADD', load_key .. ':orders', order_id)
      redis.call('EXPIRE', load_key, ttl)
      redis.call('EXPIRE', info_key, ttl)
      redis.call('EXPIRE', load_key .. ':orders', ttl)
      redis.call('EXPIRE', display_key, 172800)
      redis.call('HSET', order_key, 'slot_id', start, 'price', price, 'minutes', minutes,
                 'display_id', display_id, 'display_key', display_key)
      redis.call('EXPIRE', order_key, meta_ttl)
      redis.call('ZADD', pending_key, deadline, order_id)
      return {1, start, display_id, price_load, minutes_load}
    end
    i = i + 1
  end
end
return {0}
