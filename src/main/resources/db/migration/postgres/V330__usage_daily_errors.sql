-- Errors (status 400 and above, corrections included) in the daily rollups, so the dashboard's
-- charts and error rate over days read one row per key, user, model and day instead of the hourly
-- rollups (a 30-day overview summed hundreds of thousands of hourly rows).
ALTER TABLE usage_daily ADD COLUMN errors BIGINT NOT NULL DEFAULT 0;
UPDATE usage_daily SET errors = e.n
FROM (SELECT day, COALESCE(key_id, '') AS key_id, COALESCE(user_id, '') AS user_id, COALESCE(team_id, '') AS team_id,
             COALESCE(public_model, '') AS public_model, COALESCE(provider, '') AS provider, COUNT(*) AS n
      FROM usage_records
      WHERE status >= 400
      GROUP BY day, COALESCE(key_id, ''), COALESCE(user_id, ''), COALESCE(team_id, ''),
               COALESCE(public_model, ''), COALESCE(provider, '')) e
WHERE usage_daily.day = e.day AND usage_daily.key_id = e.key_id AND usage_daily.user_id = e.user_id
  AND usage_daily.team_id = e.team_id AND usage_daily.public_model = e.public_model
  AND usage_daily.provider = e.provider;
