-- The web dashboard (/ui): its sign-in sessions, shared by every instance on this store, and what its
-- pages read without scanning usage records.

-- A signed-in browser. id_hash is the SHA-256 of the cookie's random session id, so the table never
-- holds a usable session. role is admin, viewer or team; key_hash is the hash of the key that signed
-- in (checked against the live keys on every page, so a revoked key's sessions end at once).
CREATE TABLE ui_sessions (
    id_hash    TEXT    PRIMARY KEY,
    role       TEXT    NOT NULL,
    team_id    TEXT,
    key_hash   TEXT    NOT NULL,
    csrf       TEXT    NOT NULL,
    created_ms INTEGER NOT NULL,
    expires_ms INTEGER NOT NULL
);
CREATE INDEX ui_sessions_expires ON ui_sessions (expires_ms);

-- Hourly rollups for the dashboard's charts and error rate, kept in step with the records as the
-- daily ones are (errors: status 400 and above, corrections included). Dimensions use '' for none.
CREATE TABLE usage_hourly (
    hour          TEXT    NOT NULL,
    key_id        TEXT    NOT NULL,
    team_id       TEXT    NOT NULL,
    public_model  TEXT    NOT NULL,
    provider      TEXT    NOT NULL,
    requests      INTEGER NOT NULL,
    errors        INTEGER NOT NULL,
    input_tokens  INTEGER NOT NULL,
    output_tokens INTEGER NOT NULL,
    cost_usd      REAL NOT NULL,
    saved_usd     REAL NOT NULL,
    latency_ms    REAL NOT NULL,
    PRIMARY KEY (hour, key_id, team_id, public_model, provider)
);
INSERT INTO usage_hourly (hour, key_id, team_id, public_model, provider, requests, errors, input_tokens,
                          output_tokens, cost_usd, saved_usd, latency_ms)
SELECT strftime('%Y-%m-%dT%H', time_ms / 1000, 'unixepoch'), COALESCE(key_id, ''), COALESCE(team_id, ''),
       COALESCE(public_model, ''), COALESCE(provider, ''), COUNT(*),
       SUM(CASE WHEN status >= 400 THEN 1 ELSE 0 END), SUM(input_tokens), SUM(output_tokens),
       COALESCE(SUM(cost_usd), 0), COALESCE(SUM(saved_usd), 0), SUM(latency_ms)
FROM usage_records
GROUP BY strftime('%Y-%m-%dT%H', time_ms / 1000, 'unixepoch'), COALESCE(key_id, ''), COALESCE(team_id, ''), COALESCE(public_model, ''), COALESCE(provider, '');

-- The request log: newest first, one page at a time (keyset on time_ms, request_id), filtered by
-- team, key or model without reading other records.
CREATE INDEX usage_records_recent ON usage_records (time_ms, request_id);
CREATE INDEX usage_records_team_time ON usage_records (team_id, time_ms);
CREATE INDEX usage_records_key_time ON usage_records (key_id, time_ms);
CREATE INDEX usage_records_model_time ON usage_records (public_model, time_ms);
