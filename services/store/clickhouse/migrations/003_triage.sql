-- What analysts and admins write besides alert triage. Every table replaces rows with the same
-- sorting key, so an insert retried after a timeout (which may have succeeded) adds nothing.

CREATE TABLE IF NOT EXISTS notes (
  note_id String,
  alert_id String,
  author String,
  text String,
  created_at Int64
) ENGINE = ReplacingMergeTree()
ORDER BY (alert_id, note_id);

CREATE TABLE IF NOT EXISTS audit (
  audit_id String,
  at Int64,
  actor String,
  action String,
  target_type String,
  target_id String,
  -- JSON object
  details String
) ENGINE = ReplacingMergeTree()
PARTITION BY toYYYYMM(toDateTime(intDiv(at, 1000)))
ORDER BY (target_type, target_id, audit_id);

-- A removal is a newer version with removed = 1: ClickHouse has no cheap DELETE.
CREATE TABLE IF NOT EXISTS allowlist (
  entry_id String,
  kind String,
  value String,
  reason String,
  author String,
  created_at Int64,
  expires_at Nullable(Int64),
  removed UInt8,
  version UInt64
) ENGINE = ReplacingMergeTree(version)
ORDER BY entry_id;

-- False-positive dismissals: like alerts of the key up to this severity are stored dismissed.
CREATE TABLE IF NOT EXISTS suppressions (
  api_key_id String,
  alert_id String,
  severity_rank UInt8,
  created_at Int64,
  expires_at Int64
) ENGINE = ReplacingMergeTree()
ORDER BY (api_key_id, alert_id, created_at);
