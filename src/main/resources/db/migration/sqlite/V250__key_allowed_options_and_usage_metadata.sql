-- Which x-gateway-options a key may use, as a JSON list of option names; NULL means the default
-- (every option but the provider and deployment pins; every option for an admin key).
ALTER TABLE gh_keys ADD COLUMN allowed_options TEXT;
-- The caller's metadata labels of a request (x-gateway-options.metadata), as a JSON object of
-- strings; NULL when it sent none.
ALTER TABLE usage_records ADD COLUMN metadata TEXT;
