-- Teams, users and virtual keys with their limits and budgets (the same limit columns on each).
-- Keys are stored as SHA-256 hashes only. Times are epoch milliseconds; models and metadata JSON text.
CREATE TABLE gh_teams (
    id                    VARCHAR(64) PRIMARY KEY,
    alias                 VARCHAR(200),
    models                TEXT NOT NULL,
    metadata              TEXT NOT NULL,
    rpm_limit             BIGINT,
    tpm_limit             BIGINT,
    input_tpm_limit       BIGINT,
    output_tpm_limit      BIGINT,
    max_parallel_requests BIGINT,
    max_budget            DOUBLE PRECISION,
    budget_duration       VARCHAR(10),
    soft_budget           DOUBLE PRECISION,
    created_at            BIGINT NOT NULL
);

CREATE TABLE gh_users (
    id                    VARCHAR(64) PRIMARY KEY,
    email                 VARCHAR(320),
    team_id               VARCHAR(64) REFERENCES gh_teams (id),
    metadata              TEXT NOT NULL,
    rpm_limit             BIGINT,
    tpm_limit             BIGINT,
    input_tpm_limit       BIGINT,
    output_tpm_limit      BIGINT,
    max_parallel_requests BIGINT,
    max_budget            DOUBLE PRECISION,
    budget_duration       VARCHAR(10),
    soft_budget           DOUBLE PRECISION,
    created_at            BIGINT NOT NULL
);

CREATE TABLE gh_keys (
    id                    VARCHAR(64) PRIMARY KEY,
    key_hash              CHAR(64) NOT NULL UNIQUE,
    key_prefix            VARCHAR(16) NOT NULL,
    alias                 VARCHAR(200),
    team_id               VARCHAR(64) REFERENCES gh_teams (id),
    user_id               VARCHAR(64) REFERENCES gh_users (id),
    models                TEXT NOT NULL,
    metadata              TEXT NOT NULL,
    expires_at            BIGINT,
    revoked               BOOLEAN NOT NULL,
    is_admin              BOOLEAN NOT NULL,
    rpm_limit             BIGINT,
    tpm_limit             BIGINT,
    input_tpm_limit       BIGINT,
    output_tpm_limit      BIGINT,
    max_parallel_requests BIGINT,
    max_budget            DOUBLE PRECISION,
    budget_duration       VARCHAR(10),
    soft_budget           DOUBLE PRECISION,
    created_at            BIGINT NOT NULL
);
