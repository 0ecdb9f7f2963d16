-- The head of each audit log's hash chain, kept outside the log file so that entries cut off its end
-- show when the log is verified (gatehouse audit verify). A log is known by the hash of its first
-- entry; each instance writes its own log, so its own row. Rows only move forward.
CREATE TABLE audit_heads (
    chain_id   TEXT PRIMARY KEY,
    seq        BIGINT NOT NULL,
    hash       TEXT   NOT NULL,
    updated_ms BIGINT NOT NULL
);
