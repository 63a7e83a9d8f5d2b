-- screen-publish.lua: the screen feed's sequence numbers and replay window, as Lua functions.
--
-- Not run alone: RedisScript.FromResources puts this file in front of every script that changes
-- what the screens show (order-project.lua, order-promote.lua, hot-state-ready.lua). The state change
-- and its screen message are therefore ONE atomic step: an applied change is always broadcast, and
-- nothing is broadcast for a change that was not applied. A redelivered event that changes nothing
-- publishes nothing, so a screen never sees a change twice.
--
-- Keys, derived from the hub name ('kds' or 'erp'; one keyspace, as in slot-reserve.lua):
--   screens:{hub}:seq   string  the hub's last sequence number
--   screens:{hub}:log   zset    seq -> message JSON: the replay window, the last N messages
--   channel screens:{hub}       every message, for each Rush instance's local fan-out
--
-- Sequence epochs. When screens:{hub}:seq is missing (Redis lost its data) the sequence restarts
-- at unix_ms * 1000 from Redis TIME (one clock for every instance, unlike the callers' clocks).
-- Every number handed out before was at most old_start_ms * 1000 + messages sent since, so the new
-- start is larger unless the hub averaged more than 1000 messages per millisecond since its previous
-- epoch began. A screen holding an old seq finds it outside the log and gets a snapshot, and the
-- numbers stay below 2^53 so JavaScript reads them exactly.
-- Numbers go through string.format('%d'): Lua 5.1's tostring prints 16-digit numbers as 1.7e+15.

local function screen_epoch_start()
  local t = redis.call('TIME')
  return t[1] .. string.format('%03d', math.floor(tonumber(t[2]) / 1000)) .. '000'
end

-- Appends '{"type":<msg_type>,"seq":N,<body>}' to the hub's log and publishes it. With window the
-- log is trimmed to it; a script that publishes many messages passes none and calls screen_trim
-- once at the end (one trim per call instead of one per message).
-- Returns the message's seq as a string.
local function screen_publish(hub, msg_type, body, window)
  local seq_key, log_key = 'screens:' .. hub .. ':seq', 'screens:' .. hub .. ':log'
  if redis.call('EXISTS', seq_key) == 0 then
    redis.call('SET', seq_key, screen_epoch_start())
    redis.call('DEL', log_key)
  end
  local seq = string.format('%d', redis.call('INCR', seq_key))
  local message = '{"type":"' .. msg_type .. '","seq":' .. seq .. ',' .. body .. '}'
  redis.call('ZADD', log_key, seq, message)
  if window then
    redis.call('ZREMRANGEBYRANK', log_key, 0, -(tonumber(window) + 1))
  end
  redis.call('PUBLISH', 'screens:' .. hub, message)
  return seq
end

-- Trims the hub's replay log to the last window messages.
local function screen_trim(hub, window)
  redis.call('ZREMRANGEBYRANK', 'screens:' .. hub .. ':log', 0, -(tonumber(window) + 1))
end

-- Starts a new epoch on purpose (after the hot state was rebuilt from Postgres): the seq jumps past
-- everything sent, the log is emptied so every screen that resumes gets a snapshot, and the
-- instances are told (type "resync", never forwarded to screens) to close their sockets so the
-- screens reconnect now rather than keep a state that may have missed changes.
local function screen_new_epoch(hub)
  local seq_key, log_key = 'screens:' .. hub .. ':seq', 'screens:' .. hub .. ':log'
  local start = screen_epoch_start()
  local current = redis.call('GET', seq_key)
  if current and tonumber(current) >= tonumber(start) then
    start = string.format('%d', tonumber(current) + 1)
  end
  redis.call('SET', seq_key, start)
  redis.call('DEL', log_key)
  redis.call('PUBLISH', 'screens:' .. hub, '{"type":"resync","seq":' .. start .. '}')
  return start
end
