-- Every usage record is written once and updated in every index of its table, on the store thread
-- that shares the gateway's cores. These two earn less than they cost: (time_ms) is the prefix of
-- usage_records_recent (time_ms, request_id), which serves the same range scans, and (cache) has
-- three values, while every report by cache outcome also bounds the time.
DROP INDEX IF EXISTS usage_records_time;
DROP INDEX IF EXISTS usage_records_cache;
