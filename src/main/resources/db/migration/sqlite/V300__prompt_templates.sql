-- Prompt templates (issue #15): a template has immutable numbered versions (definition is the JSON the
-- admin API took: messages, model, params, variables schema) and movable labels (target is
-- {"version": n} or {"versions": [{"version": n, "weight": w}, ...]}). Rows are deleted children
-- first by the store, so no cascade is needed.
CREATE TABLE gh_prompts (
    id         TEXT   PRIMARY KEY,
    created_ms BIGINT NOT NULL
);
CREATE TABLE gh_prompt_versions (
    prompt_id  TEXT    NOT NULL REFERENCES gh_prompts (id),
    version    INTEGER NOT NULL,
    definition TEXT    NOT NULL,
    created_ms BIGINT  NOT NULL,
    PRIMARY KEY (prompt_id, version)
);
CREATE TABLE gh_prompt_labels (
    prompt_id  TEXT   NOT NULL REFERENCES gh_prompts (id),
    label      TEXT   NOT NULL,
    target     TEXT   NOT NULL,
    updated_ms BIGINT NOT NULL,
    PRIMARY KEY (prompt_id, label)
);
-- The prompt store's change sequence, bumped first in every write transaction (which also serializes
-- writes, so version numbers are handed out one at a time). Each instance polls it and rereads the
-- templates when it moved.
CREATE TABLE gh_prompt_changes (
    id  INTEGER PRIMARY KEY,
    seq BIGINT  NOT NULL
);
INSERT INTO gh_prompt_changes (id, seq) VALUES (1, 0);
-- Which template version (and which label's arm) rendered each request, for reports by version.
ALTER TABLE usage_records ADD COLUMN prompt_id TEXT;
ALTER TABLE usage_records ADD COLUMN prompt_version INTEGER;
ALTER TABLE usage_records ADD COLUMN prompt_arm TEXT;
