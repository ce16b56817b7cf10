-- Raw request events as consumed from Kafka, one row per request. Prompt and system prompt text
-- only when DISTILLGUARD_STORE_PROMPTS is on; the fingerprints are kept either way. A redelivered
-- event has the same sorting key, so the duplicate goes when parts merge (read with FINAL where
-- exact counts matter). Times are epoch milliseconds: 18.16 has no DateTime64.
CREATE TABLE IF NOT EXISTS events (
  request_id String,
  ts Int64,
  api_key_id String,
  account_id String,
  model String,
  prompt_tokens UInt64,
  completion_tokens UInt64,
  status UInt16,
  endpoint Nullable(String),
  ip Nullable(String),
  user_agent Nullable(String),
  latency_ms Nullable(Float64),
  finish_reason Nullable(String),
  turn Nullable(UInt64),
  conversation_id Nullable(String),
  max_tokens Nullable(UInt64),
  temperature Nullable(Float64),
  top_p Nullable(Float64),
  n Nullable(UInt64),
  logprobs Nullable(UInt8),
  top_logprobs Nullable(UInt64),
  stream Nullable(UInt8),
  tools Nullable(UInt64),
  prompt Nullable(String),
  system_prompt Nullable(String),
  -- detectors/features/text.ts: 0 when the event has no such text
  prompt_chars UInt32,
  prompt_hash UInt32,
  template_hash UInt32,
  system_hash UInt32
) ENGINE = ReplacingMergeTree()
PARTITION BY toYYYYMM(toDateTime(intDiv(ts, 1000)))
ORDER BY (api_key_id, ts, request_id);
