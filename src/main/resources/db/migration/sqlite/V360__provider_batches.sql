-- Provider batches (OpenAI Batch, Anthropic Message Batches) that a gateway batch's lines were sent
-- to. Kept so a restarted gateway polls the provider batch again instead of submitting the lines
-- twice. custom_ids is the JSON list of the gateway batch's custom ids it holds, in the order they
-- were sent (the provider's custom id of the n-th is "line-<n>").
CREATE TABLE gh_provider_batches (
    provider_batch_id TEXT   PRIMARY KEY,
    batch_id          TEXT   NOT NULL,
    deployment        TEXT   NOT NULL,
    custom_ids        TEXT   NOT NULL,
    created_ms        BIGINT NOT NULL
);
CREATE INDEX gh_provider_batches_batch ON gh_provider_batches (batch_id);
