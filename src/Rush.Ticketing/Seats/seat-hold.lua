-- seat-hold.lua: the seed's atomic 5-minute hold (SET seat:{id} {booking} NX EX 300), plus the checks
-- that must happen in the same atomic step so that no interleaving can break them.
--
-- KEYS[1] seat:{seat_id}          string  holder booking id (hold: TTL; reserved: payment window; sold: no TTL)
-- KEYS[2] booking:{booking_id}    hash    user, event, status (mirror of the bookings row)
-- KEYS[3] booking:{booking_id}:seats set  seat ids this booking selected
-- KEYS[4] seats:held:{event_id}   zset    live holds of the event: seat id -> expiry (Redis ms), read by seat lists
-- ARGV[1] booking id  ARGV[2] user id  ARGV[3] the seat's event id  ARGV[4] hold TTL (ms)
-- ARGV[5] most seats per booking  ARGV[6] seat id  ARGV[7] TTL (ms) of the booking's seat set
--
-- Returns 'held' (also when this booking already holds it: the hold keeps its first expiry, so
-- re-selecting cannot hoard a seat forever), 'taken' (another booking holds, reserved or bought it),
-- 'no_booking' (mirror missing: caller reloads it from Postgres and retries), 'not_owner',
-- 'wrong_event', 'not_open' (booking not in status created), 'limit' (the booking already holds the
-- most seats allowed).
-- Lapsed members of the seat set are pruned before the limit check; their seat:{id} keys are read by
-- name: Rush runs on standalone or Sentinel Redis (one keyspace), not Redis Cluster.
local booking = redis.call('HMGET', KEYS[2], 'user', 'event', 'status')
if not booking[1] then
  return 'no_booking'
end
if booking[1] ~= ARGV[2] then
  return 'not_owner'
end
if booking[2] ~= ARGV[3] then
  return 'wrong_event'
end
if booking[3] ~= 'created' then
  return 'not_open'
end

local holder = redis.call('GET', KEYS[1])
if holder == ARGV[1] then
  return 'held'
end
if holder then
  return 'taken'
end

local live = 0
for _, seat in ipairs(redis.call('SMEMBERS', KEYS[3])) do
  if redis.call('GET', 'seat:' .. seat) == ARGV[1] then
    live = live + 1
  else
    redis.call('SREM', KEYS[3], seat)
  end
end
if live >= tonumber(ARGV[5]) then
  return 'limit'
end

local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[4])
redis.call('ZADD', KEYS[4], now + tonumber(ARGV[4]), ARGV[6])
redis.call('SADD', KEYS[3], ARGV[6])
redis.call('PEXPIRE', KEYS[3], ARGV[7])
return 'held'
