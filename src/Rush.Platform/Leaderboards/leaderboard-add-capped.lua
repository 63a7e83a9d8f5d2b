-- Adds scores to a public board (issue 9, finding 4) unless that would grow it past its member cap.
-- KEYS[1]  the board's sorted set (leaderboard or leaderboard:{board})
-- ARGV[1]  most members the board may hold
-- ARGV[2], ARGV[3], ...  member, score, member, score, ...
-- Returns  an empty array when the new members would pass the cap (nothing written), else the new totals in order
-- All or nothing, and atomic: the count of new members and the writes are one step, so concurrent
-- writers on any number of instances cannot together push a board past its cap. Members already on
-- the board may always gain score; only new names are counted.
local cap = tonumber(ARGV[1])
local fresh = {}
local freshCount = 0
for i = 2, #ARGV, 2 do
  local member = ARGV[i]
  if not fresh[member] and not redis.call('ZSCORE', KEYS[1], member) then
    fresh[member] = true
    freshCount = freshCount + 1
  end
end

if freshCount > 0 and redis.call('ZCARD', KEYS[1]) + freshCount > cap then
  return {}
end

local totals = {}
for i = 2, #ARGV, 2 do
  totals[#totals + 1] = redis.call('ZINCRBY', KEYS[1], ARGV[i + 1], ARGV[i])
end
return totals
