-- Extend a lock's TTL only while its owner still holds it.
-- KEYS: the lock. ARGV: owner token, TTL in ms. Returns 1 when renewed, 0 when another owner holds it.
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end
