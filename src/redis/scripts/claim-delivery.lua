-- Claim a delivery for the whole deployment and, for pull_request triggers, append it to the PR's
-- trigger list, ordered by one counter all replicas share (so "newest" means the same everywhere).
-- KEYS: claim, the PR's triggers, the counter. ARGV: claim TTL, delivery id, "1" to record it, kept.
-- Returns 1 for a new delivery, 0 for a redelivery.
if not redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[1]) then return 0 end
if ARGV[3] == '1' then
  redis.call('ZADD', KEYS[2], redis.call('INCR', KEYS[3]), ARGV[2])
  redis.call('ZREMRANGEBYRANK', KEYS[2], 0, -tonumber(ARGV[4]) - 1)
  redis.call('EXPIRE', KEYS[2], ARGV[1])
end
return 1
