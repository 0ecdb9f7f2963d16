-- Tool calls through /mcp are usage records too: which tool server and tool served each, and the
-- sizes of its arguments and result. Rows of model requests have none (NULL and 0).
ALTER TABLE usage_records ADD COLUMN mcp_server TEXT;
ALTER TABLE usage_records ADD COLUMN mcp_tool TEXT;
ALTER TABLE usage_records ADD COLUMN bytes_in BIGINT NOT NULL DEFAULT 0;
ALTER TABLE usage_records ADD COLUMN bytes_out BIGINT NOT NULL DEFAULT 0;

-- Which tool servers and tools a key or a team may use through /mcp. A list is a JSON array of
-- names or '*' patterns; an empty allow list allows everything, a deny entry always wins.
CREATE TABLE mcp_access (
    scope TEXT NOT NULL,
    scope_id TEXT NOT NULL,
    allow_servers TEXT NOT NULL,
    deny_servers TEXT NOT NULL,
    allow_tools TEXT NOT NULL,
    deny_tools TEXT NOT NULL,
    updated_ms BIGINT NOT NULL,
    PRIMARY KEY (scope, scope_id)
);
