-- Sliding window as a two-window weighted counter (see SlidingWindow.cs for the choice).
-- KEYS[1]  counter of the current window,  rate:{policy}:{partition}:{window index}
-- KEYS[2]  counter of the previous window, rate:{policy}:{partition}:{window index - 1}
-- ARGV[1]  permit limit per window
-- ARGV[2]  window in milliseconds
-- ARGV[3]  milliseconds elapsed in the current window, by the caller's clock (not Redis TIME, so
--          the clock can be injected; instances must share NTP time like any multi-node system)
-- ARGV[4]  permits this request asks for
-- Returns  { allowed (1/0), previous window count, current window count after the call }
-- Guarantee: read, decide and increment are one atomic step across all instances. The current
-- counter lives until the end of the next window, when it has faded out completely.
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local elapsed = tonumber(ARGV[3])
local permits = tonumber(ARGV[4])

local previous = tonumber(redis.call('GET', KEYS[2]) or '0')
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
-- Same arithmetic, same order, as SlidingWindow.Fits in C#.
if previous * (window - elapsed) / window + current + permits > limit then
  return { 0, previous, current }
end

current = redis.call('INCRBY', KEYS[1], permits)
if current == permits then
  redis.call('PEXPIRE', KEYS[1], 2 * window - elapsed)
end
return { 1, previous, current }
