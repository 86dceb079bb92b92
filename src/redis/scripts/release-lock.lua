-- Delete a lock only if its owner still holds it.
-- KEYS: the lock. ARGV: owner token. Returns 1 when released, 0 otherwise.
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end
