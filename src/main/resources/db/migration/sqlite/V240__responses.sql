-- Responses the gateway keeps for POST /v1/responses with store: true (the default), so that
-- previous_response_id, GET /v1/responses/{id}, DELETE and input_items work for every provider.
-- owner is 'team:<id>' for a key in a team, else 'key:<id>': a response is visible to its owner only.
-- input_items and response are the JSON the client sees; expires_ms follows responses.retention and
-- expired rows are purged periodically (and never read).
CREATE TABLE gh_responses (
    id          TEXT   PRIMARY KEY,
    owner       TEXT   NOT NULL,
    key_id      TEXT   NOT NULL,
    previous_id TEXT,
    created_ms  BIGINT NOT NULL,
    expires_ms  BIGINT NOT NULL,
    input_items TEXT   NOT NULL,
    response    TEXT   NOT NULL
);
CREATE INDEX gh_responses_expires ON gh_responses (expires_ms);
