-- Replace a reservation with the tokens really used. A reservation never settled (its replica died
-- mid-call) stays counted as spent: the call may have been billed.
-- KEYS: the reservation. ARGV: used tokens. Returns 1, or 0 when the reservation is gone.
local r = redis.call('HMGET', KEYS[1], 'app', 'repo', 'tokens')
if not r[1] then return 0 end
local delta = tonumber(ARGV[1]) - tonumber(r[3])
redis.call('INCRBY', r[1], delta)
redis.call('INCRBY', r[2], delta)
redis.call('DEL', KEYS[1])
return 1
