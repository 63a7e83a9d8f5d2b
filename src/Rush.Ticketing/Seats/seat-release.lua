-- seat-release.lua: give up one held seat (PATCH /api/seats/release), only for its holder's owner.
--
-- KEYS[1] seat:{seat_id}   KEYS[2] booking:{booking_id}   KEYS[3] booking:{booking_id}:seats
-- KEYS[4] seats:held:{event_id} (the event's live holds, see seat-hold.lua)
-- ARGV[1] booking id the caller believes holds the seat   ARGV[2] user id   ARGV[3] seat id
--
-- Returns 'released', 'not_held' (the hold lapsed or moved on meanwhile), 'not_owner', or 'not_open'
-- (the booking went to payment: its seats are released by cancelling it, not one by one).
if redis.call('GET', KEYS[1]) ~= ARGV[1] then
  return 'not_held'
end
local booking = redis.call('HMGET', KEYS[2], 'user', 'status')
if booking[1] ~= ARGV[2] then
  return 'not_owner'
end
if booking[2] ~= 'created' then
  return 'not_open'
end
redis.call('DEL', KEYS[1])
redis.call('SREM', KEYS[3], ARGV[3])
redis.call('ZREM', KEYS[4], ARGV[3])
return 'released'
