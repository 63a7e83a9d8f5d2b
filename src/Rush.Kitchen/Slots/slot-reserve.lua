-- slot-reserve.lua: reserve kitchen capacity for one order in the first slot that can take it,
-- and claim the order's display id, all in one atomic step (seed 001, "Capacity-Based Slot Scheduling").
--
-- KEYS[1] order:slot:{order_id}        hash: slot_id, demand per dimension, display_id, display_key
-- KEYS[2] kitchen:display_ids:{date}   set of display ids shown today
-- KEYS[3] slot:reservations:pending    zset order_id -> commit deadline (ms); see SlotReservationReaper
-- ARGV[1] order id   ARGV[2] commit deadline (ms since epoch)   ARGV[3] the order id's last 12 hex chars
-- ARGV[4] now (unix s, the caller's clock)   ARGV[5] first candidate slot start (unix s)
-- ARGV[6] slot length (s)   ARGV[7] number of candidates
-- ARGV[8] limits as runs "count:limit_1:...:limit_D;..." covering the candidates in order
-- ARGV[9] slot key prefix ('slot:')   ARGV[10] slot ttl after slot end (s, seed: 7200)
-- ARGV[11] reservation hash ttl (s, seed: 86400)   ARGV[12] display-id set ttl (s)
-- ARGV[13] number of capacity dimensions D, then per dimension: name (field in the reservation
--          hash), load field in slot:{id}:info ('' = the string slot:{id} itself, the seed's price
--          load), limit field in slot:{id}:info; then the order's demand per dimension.
-- All of ARGV comes from SlotCapacityRule.ReserveArgs: the rule, the dimensions and the key layout
-- live there (SlotKeys), not here.
--
-- Per candidate slot {id} (= its start) the script touches slot:{id}, slot:{id}:info and
-- slot:{id}:orders. These keys are derived here rather than passed in KEYS: a day has up to 96
-- candidates and passing ~300 key names per call made the script cost ~240 us instead of ~15 us.
-- Rush therefore runs on one keyspace (standalone or Sentinel), not Redis Cluster.
--
-- Returns {1, slot start (unix s), display id, load_1, ..., load_D} or {0} when every slot is full.
--
-- Why one script: check-then-increment from the client would let two concurrent orders both see
-- room and overbook the slot. Here the check, the increments of every dimension, the walk to the
-- next slot and the display id claim happen with no other command in between. A retried call for
-- the same order id returns the existing reservation instead of reserving twice.
local order_key, display_key, pending_key = KEYS[1], KEYS[2], KEYS[3]
local order_id, deadline, tail, now = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4])
local first, step, count = tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7])
local prefix, slot_ttl = ARGV[9], tonumber(ARGV[10])
local dims = tonumber(ARGV[13])
local names, load_fields, limit_fields, demand = {}, {}, {}, {}
for d = 1, dims do
  names[d], load_fields[d], limit_fields[d] = ARGV[11 + 3 * d], ARGV[12 + 3 * d], ARGV[13 + 3 * d]
  demand[d] = tonumber(ARGV[13 + 3 * dims + d])
end

local function load_of(d, load_key, info_key)
  if load_fields[d] == '' then
    return tonumber(redis.call('GET', load_key) or '0')
  end
  return tonumber(redis.call('HGET', info_key, load_fields[d]) or '0')
end

local existing = redis.call('HMGET', order_key, 'slot_id', 'display_id')
if existing[1] then
  local load_key = prefix .. existing[1]
  local result = {1, tonumber(existing[1]), existing[2]}
  for d = 1, dims do
    result[3 + d] = load_of(d, load_key, load_key .. ':info')
  end
  return result
end

local i = 0
for run in string.gmatch(ARGV[8], '[^;]+') do
  local n, limit = nil, {}
  for value in string.gmatch(run, '%d+') do
    if n then limit[#limit + 1] = tonumber(value) else n = tonumber(value) end
  end
  for _ = 1, n do
    if i >= count then break end
    local start = first + i * step
    local load_key = prefix .. start
    local info_key = load_key .. ':info'
    local fits = true
    for d = 1, dims do
      if load_of(d, load_key, info_key) + demand[d] > limit[d] then
        fits = false
        break
      end
    end
    if fits then
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
      local result = {1, start, display_id}
      local info = {'start_time', start, 'end_time', start + step}
      local reservation = {'slot_id', start, 'display_id', display_id, 'display_key', display_key}
      for d = 1, dims do
        if load_fields[d] == '' then
          result[3 + d] = redis.call('INCRBY', load_key, demand[d])
        else
          result[3 + d] = redis.call('HINCRBY', info_key, load_fields[d], demand[d])
        end
        info[#info + 1], info[#info + 2] = limit_fields[d], limit[d]
        reservation[#reservation + 1], reservation[#reservation + 2] = names[d], demand[d]
      end
      redis.call('HSET', info_key, unpack(info))
      redis.call('SADD', load_key .. ':orders', order_id)
      redis.call('EXPIRE', load_key, ttl)
      redis.call('EXPIRE', info_key, ttl)
      redis.call('EXPIRE', load_key .. ':orders', ttl)
      redis.call('EXPIRE', display_key, tonumber(ARGV[12]))
      redis.call('HSET', order_key, unpack(reservation))
      redis.call('EXPIRE', order_key, tonumber(ARGV[11]))
      redis.call('ZADD', pending_key, deadline, order_id)
      return result
    end
    i = i + 1
  end
end
return {0}
