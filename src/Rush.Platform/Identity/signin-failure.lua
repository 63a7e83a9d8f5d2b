-- Counts one failed sign-in (finding 1) against the account and the address.
-- KEYS[1]  signin:fail:acct:{sha256(email)[..32]}
-- KEYS[2]  signin:fail:ip:{address}
-- ARGV[1]  window in milliseconds, from the first failure
-- Returns  nothing
-- Atomic so a counter is never left without its TTL (it would block the account for good), and the
-- window is not extended by later failures (a fixed window from the first one).
for i = 1, 2 do
  if redis.call('INCR', KEYS[i]) == 1 or redis.call('PTTL', KEYS[i]) < 0 then
    redis.call('PEXPIRE', KEYS[i], ARGV[1])
  end
end
return 0
