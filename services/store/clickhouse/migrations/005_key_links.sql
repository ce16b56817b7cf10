-- Link features of keys (schemas/links.ts KeyLinkFeatures, as JSON), written by each partition's
-- pipeline and read by the cluster-linking job (services/linking, docs/clusters.md). One row per
-- key and event hour of its partition: the key as that hour closed, or as far as it has got. The
-- job links hour H with each key's latest row up to H, so it sees the keys as they were at H's end
-- even after the partitions have moved on. `requests` grows with every event a key takes, so the
-- row with most requests is the latest; a rewritten batch replaces its rows.
CREATE TABLE IF NOT EXISTS key_links (
  api_key_id String,
  hour Int64,
  requests UInt64,
  last_ts Int64,
  features String
) ENGINE = ReplacingMergeTree(requests)
PARTITION BY toYYYYMM(toDateTime(intDiv(hour, 1000)))
ORDER BY (api_key_id, hour);
