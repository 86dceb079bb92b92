-- Check and reserve in one script, so reservations from every replica are serialised by Redis.
-- KEYS: app total of the day, repo total of the day, reservation sequence.
-- ARGV: tokens, daily budget, repo cap ("" for none), ledger TTL, reservation key prefix.
-- Returns {1, 'granted', id} or {0, 'app'|'repo', tokens already committed}.
local tokens = tonumber(ARGV[1])
local app = tonumber(redis.call('GET', KEYS[1]) or '0')
if app + tokens > tonumber(ARGV[2]) then return {0, 'app', app} end
local repo = tonumber(redis.call('GET', KEYS[2]) or '0')
if ARGV[3] ~= '' and repo + tokens > tonumber(ARGV[3]) then return {0, 'repo', repo} end
redis.call('INCRBY', KEYS[1], tokens)
redis.call('EXPIRE', KEYS[1], ARGV[4])
redis.call('INCRBY', KEYS[2], tokens)
redis.call('EXPIRE', KEYS[2], ARGV[4])
local id = redis.call('INCR', KEYS[3])
local reservation = ARGV[5] .. id
redis.call('HSET', reservation, 'app', KEYS[1], 'repo', KEYS[2], 'tokens', tokens)
redis.call('EXPIRE', reservation, ARGV[4])
return {1, 'granted', id}
