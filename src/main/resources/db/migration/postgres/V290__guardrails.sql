-- Each guardrail decision of a request, as a JSON list of {name, direction, action, findings, ms};
-- NULL when no guardrail ran. Findings are types (email, card), never the text found.
ALTER TABLE usage_records ADD COLUMN guardrails TEXT;
-- The guardrail policy a key or team sets, as JSON {"input": [names], "output": [names]}; a
-- direction left out inherits from the next scope (team, model group, global). NULL sets nothing.
ALTER TABLE gh_keys ADD COLUMN guardrails TEXT;
ALTER TABLE gh_teams ADD COLUMN guardrails TEXT;
