-- screen-snapshot.lua: everything a screen starting from scratch must show, and the seq it is current to.
--
-- KEYS[1] screens:{hub}:seq         KEYS[2] erp:orders:active (set)
-- KEYS[3] erp:orders:pending_slots  KEYS[4] erp:orders:recent (zset id -> createdAt ms)
-- ARGV[1] 'kds' or 'erp'            ARGV[2] ERP only: orders created from this time on (ms)
-- Order JSON is read from erp:order:{id} (derived keys; one keyspace, see slot-reserve.lua).
-- Returns {seq ('0' before the hub's first message), order JSON, ...}:
--   KDS: the active orders (visible, not completed/cancelled);
--   ERP: active + waiting for their slot + every order of the recent window.
--
-- Why one script: the seq and the orders are read at one instant. Every change up to that seq is
-- in the orders, and every later change comes to the screen as a message with a larger seq.
local ids, seen = redis.call('SMEMBERS', KEYS[2]), {}
if ARGV[1] == 'erp' then
  for _, id in ipairs(ids) do seen[id] = true end
  local function add(list)
    for _, id in ipairs(list) do
      if not seen[id] then
        seen[id] = true
        ids[#ids + 1] = id
      end
    end
  end
  add(redis.call('ZRANGE', KEYS[3], 0, -1))
  add(redis.call('ZRANGEBYSCORE', KEYS[4], ARGV[2], '+inf'))
end
local result = {redis.call('GET', KEYS[1]) or '0'}
for _, id in ipairs(ids) do
  local json = redis.call('GET', 'erp:order:' .. id)
  if json then
    result[#result + 1] = json
  end
end
return result
