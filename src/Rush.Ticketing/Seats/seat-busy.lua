-- seat-busy.lua: which FREE-in-Postgres seats of an event a caller must not be offered first: those held
-- right now, and those just offered to other callers (see seat-offer.lua). Lapsed entries are pruned
-- here, so both sets stay as small as the live holds and offers.
--
-- KEYS[1] seats:held:{event_id}     zset seat id -> hold expiry (Redis ms)
-- KEYS[2] seats:offered:{event_id}  zset seat id -> offer expiry (Redis ms); seat:offer:{id} names the caller
-- ARGV[1] caller (user id)
-- Returns { held seat ids, seat ids offered to someone else }.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
local others = {}
for _, seat in ipairs(redis.call('ZRANGE', KEYS[2], 0, -1)) do
  local to = redis.call('GET', 'seat:offer:' .. seat)
  if to and to ~= ARGV[1] then
    others[#others + 1] = seat
  end
end
return { redis.call('ZRANGE', KEYS[1], 0, -1), others }
