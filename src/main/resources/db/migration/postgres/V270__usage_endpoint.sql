-- The API path each request called (/v1/chat/completions, /v1/rerank, /v1/audio/speech...), now
-- that requests reach providers through more endpoints than chat and embeddings. Rows written
-- before this migration have none.
ALTER TABLE usage_records ADD COLUMN endpoint TEXT;
