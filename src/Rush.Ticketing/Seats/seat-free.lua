-- seat-free.lua: a booking ended (cancelled, expired, payment failed, refunded): drop its seat keys,
-- but only those still naming this booking (compare-and-delete: a seat already re-sold or re-held by
-- someone else is left alone), forget its selection and record the status in its mirror. Freed seats
-- leave the event's live-hold set (seats:held:{event}, named from the mirror's event), so seat lists
-- offer them again at once.
--
-- KEYS[1] booking:{booking_id}   KEYS[2] booking:{booking_id}:seats   KEYS[3..n] seat:{seat_id} it may own
-- ARGV[1] booking id   ARGV[2] new booking status   ARGV[3] TTL (ms) of the booking mirror
-- Members of the selection set are freed too (their keys read by name, see seat-hold.lua).
-- Returns the number of seat keys deleted.
local event = redis.call('HGET', KEYS[1], 'event')
local freed = 0
local function free(key)
  if redis.call('GET', key) == ARGV[1] then
    redis.call('DEL', key)
    if event then
      redis.call('ZREM', 'seats:held:' .. event, string.sub(key, 6))
    end
    freed = freed + 1
  end
end
for i = 3, #KEYS do
  free(KEYS[i])
end
for _, seat in ipairs(redis.call('SMEMBERS', KEYS[2])) do
  free('seat:' .. seat)
end
redis.call('DEL', KEYS[2])
if redis.call('EXISTS', KEYS[1]) == 1 then
  redis.call('HSET', KEYS[1], 'status', ARGV[2])
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
end
return freed
