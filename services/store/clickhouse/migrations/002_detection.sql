-- What detection writes. Each row carries a version; the highest wins (ReplacingMergeTree when
-- parts merge, FINAL or argMax when read), so rewriting the same output after a crash replaces
-- rows instead of adding them.

-- A key's volume and highest score per hour of event time, as running totals.
CREATE TABLE IF NOT EXISTS key_hours (
  api_key_id String,
  hour Int64,
  account_id String,
  requests UInt64,
  tokens UInt64,
  max_score Float64,
  version UInt64
) ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(toDateTime(intDiv(hour, 1000)))
ORDER BY (api_key_id, hour);

-- Every assessment of a key, one per event time; the key profile shows the latest.
CREATE TABLE IF NOT EXISTS key_assessments (
  api_key_id String,
  at Int64,
  account_id String,
  requests UInt64,
  score Float64,
  -- Signal[] as JSON
  signals String,
  version UInt64
) ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(toDateTime(intDiv(at, 1000)))
ORDER BY (api_key_id, at);

-- Example requests of alerts.
CREATE TABLE IF NOT EXISTS samples (
  request_id String,
  api_key_id String,
  ts Int64,
  model String,
  prompt_tokens UInt64,
  completion_tokens UInt64,
  finish_reason Nullable(String),
  prompt Nullable(String),
  version UInt64
) ENGINE = ReplacingMergeTree(version)
ORDER BY request_id;

-- An alert is two rows that two writers own: `detection` (the detection core's alert, replaced
-- as the episode evolves) and `triage` (status, assignee, dismissal). Neither writer rewrites the
-- other's columns, so a detection update racing an analyst's change cannot undo it. Reads take
-- the latest row of each half with argMaxIf per alert_id. Columns of the other half are left at
-- '' / 0 / []; '' also stands for "none" in assignee and dismiss_reason, because aggregate
-- functions skip NULLs and would bring back an older assignee.
CREATE TABLE IF NOT EXISTS alerts (
  alert_id String,
  source Enum8('detection' = 1, 'triage' = 2),
  api_key_id String,
  account_id String,
  related_api_key_ids Array(String),
  -- detectors with a signal in the alert, for the listing's detector filter
  detectors Array(String),
  severity_rank UInt8,
  detected_at Int64,
  -- the detection core's Alert as JSON
  body String,
  status String,
  assignee String,
  dismiss_reason String,
  updated_at Int64,
  version UInt64
) ENGINE = ReplacingMergeTree(version)
ORDER BY (alert_id, source);
