-- seat-claim.lua: after Postgres committed a booking's seats (RESERVED or SOLD), make Redis agree.
-- Postgres is the final word, so the seat keys are overwritten even if a lapsed hold let another
-- booking grab one of them in Redis meanwhile (that booking's own payment will then be refused by
-- Postgres); the booking mirror gets its new status. The seats leave the event's live-hold set
-- (seats:held:{event}, named from the mirror's event): Postgres now lists them as not FREE.
--
-- KEYS[1] booking:{booking_id}   KEYS[2..n] seat:{seat_id} of the booking
-- ARGV[1] booking id   ARGV[2] new booking status   ARGV[3] seat key TTL (ms), 0 = no expiry (sold)
-- ARGV[4] TTL (ms) of the booking mirror
-- Returns the number of seat keys written.
local event = redis.call('HGET', KEYS[1], 'event')
for i = 2, #KEYS do
  if ARGV[3] == '0' then
    redis.call('SET', KEYS[i], ARGV[1])
  else
    redis.call('SET', KEYS[i], ARGV[1], 'PX', ARGV[3])
  end
  if event then
    redis.call('ZREM', 'seats:held:' .. event, string.sub(KEYS[i], 6))
  end
end
redis.call('HSET', KEYS[1], 'status', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return #KEYS - 1
