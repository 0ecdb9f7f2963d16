-- Per-model limits within each scope, as JSON {"rpm":{"<model>":n},"tpm":{"<model>":n}}; NULL when none.
ALTER TABLE gh_teams ADD COLUMN model_limits TEXT;
ALTER TABLE gh_users ADD COLUMN model_limits TEXT;
ALTER TABLE gh_keys ADD COLUMN model_limits TEXT;
