-- Queueing and priority per scope, as JSON {"queue":{"max_wait_ms":n,"max_depth":n},"priority":"normal",
-- "allowed_priorities":["normal","low"]}; NULL when the scope sets none.
ALTER TABLE gh_teams ADD COLUMN scheduling TEXT;
ALTER TABLE gh_users ADD COLUMN scheduling TEXT;
ALTER TABLE gh_keys ADD COLUMN scheduling TEXT;
