-- seat-offer.lua: spreads concurrent buyers over different seats. A caller listing free seats gets the
-- first candidate nobody else was offered in the last few seconds, marked as offered to them; other
-- callers' lists put that seat after the unoffered ones until the mark lapses (it stays FREE and
-- selectable by anyone: the mark only orders lists, the hold script still decides).
-- Atomic, so two callers listing at the same instant never get the same first seat.
--
-- KEYS[1] seats:offered:{event_id}  zset seat id -> offer expiry (Redis ms)
-- KEYS[2..n] seat:offer:{seat_id} of the candidates, best first   (string: the caller it is offered to)
-- ARGV[1] caller (user id)   ARGV[2] offer TTL (ms)   ARGV[3..n] the candidates' seat ids, same order
-- Returns { seat id offered to the caller (0 = none), seat ids found offered to others meanwhile }.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local lost = {}
for i = 2, #KEYS do
  local seat = ARGV[i + 1]
  local to = redis.call('GET', KEYS[i])
  if not to or to == ARGV[1] then
    redis.call('SET', KEYS[i], ARGV[1], 'PX', ARGV[2])
    redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), seat)
    return { tonumber(seat), lost }
  end
  lost[#lost + 1] = seat
end
return { 0, lost }
