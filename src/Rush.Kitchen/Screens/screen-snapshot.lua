-- screen-snapshot.lua: everything a screen starting from scratch must show, and the seq it is current to.
--
-- KEYS[1] screens:{hub}:seq         KEYS[2] erp:orders:active (set)
-- KEYS[3] erp:orders:pending_slots  KEYS[4] erp:orders:recent (zset id -> createdAt ms)
-- ARGV[1] 'kds' or 'erp'            ARGV[2] ERP only: orders created from this time on (ms)
-- ARGV[3] most orders in one snapshot (ScreensOptions.SnapshotMaxOrders)
-- Order JSON is read from erp:order:{id} (derived keys; one keyspace, see slot-reserve.lua).
-- Returns {seq ('0' before the hub's first message), '1' if orders were left out else '0', order JSON, ...}:
--   KDS: the active orders (visible, not completed/cancelled);
--   ERP: active + waiting for their slot + the newest orders of the recent window.
--
-- Why one script: the seq and the orders are read at one instant. Every change up to that seq is
-- in the orders, and every later change comes to the screen as a message with a larger seq.
-- Why a cap: a script blocks Redis while it runs; reading a day of orders (tens of thousands of
-- JSON values, tens of MB) stalled every other client past its timeout. Active orders come first,
-- then those waiting for their slot, then the newest of the recent window.
local max = tonumber(ARGV[3])
local ids, seen, truncated = {}, {}, false
local function add(list)
  for _, id in ipairs(list) do
    if not seen[id] then
      if #ids >= max then
        truncated = true
        return
      end
      seen[id] = true
      ids[#ids + 1] = id
    end
  end
end
add(redis.call('SMEMBERS', KEYS[2]))
if ARGV[1] == 'erp' then
  add(redis.call('ZRANGE', KEYS[3], 0, max))
  add(redis.call('ZREVRANGEBYSCORE', KEYS[4], '+inf', ARGV[2], 'LIMIT', 0, max + 1))
end
local result = {redis.call('GET', KEYS[1]) or '0', truncated and '1' or '0'}
for _, id in ipairs(ids) do
  local json = redis.call('GET', 'erp:order:' .. id)
  if json then
    result[#result + 1] = json
  end
end
return result
