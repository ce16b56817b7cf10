-- Acting on alerts. A status change is a newer version of the row; columns follow the embedded
-- store's tables of the same names.

-- Enforcement decisions (throttle, suspend) on keys; status `dry_run` for what was only recorded.
CREATE TABLE IF NOT EXISTS enforcement (
  decision_id String,
  -- alert and action of a policy decision, so that the same alert cannot cause it twice
  dedupe_key Nullable(String),
  api_key_id String,
  account_id String,
  alert_id Nullable(String),
  action String,
  limit_rpm Nullable(UInt32),
  limit_tpm Nullable(UInt64),
  until Int64,
  reason String,
  source String,
  rule Nullable(String),
  offence UInt32,
  status String,
  created_at Int64,
  created_by String,
  ended_at Nullable(Int64),
  ended_by Nullable(String),
  end_reason Nullable(String),
  version UInt64
) ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(toDateTime(intDiv(created_at, 1000)))
ORDER BY decision_id;

-- The latest try of each message sent out (webhooks, notifications, enforcement publishes).
CREATE TABLE IF NOT EXISTS deliveries (
  delivery_id String,
  subject_type String,
  subject_id String,
  channel String,
  event String,
  status String,
  attempts UInt32,
  error Nullable(String),
  updated_at Int64,
  version UInt64
) ENGINE = ReplacingMergeTree(version)
ORDER BY delivery_id;

-- Reports as requested and, once made, their data (JSON).
CREATE TABLE IF NOT EXISTS reports (
  report_id String,
  status String,
  trigger String,
  range_from Int64,
  range_to Int64,
  requested_by String,
  created_at Int64,
  finished_at Nullable(Int64),
  error Nullable(String),
  data Nullable(String),
  version UInt64
) ENGINE = ReplacingMergeTree(version)
ORDER BY report_id;
