import { z } from 'zod';
import { ALERT_STATUSES, SEVERITIES } from '../../../schemas/alert';
import { ALLOWLIST_KINDS, AUDIT_TARGETS, DismissReasonSchema } from '../../../schemas/api';
import { DECISION_STATUSES, DELIVERY_STATUSES, ENFORCEMENT_ACTIONS } from '../../../schemas/enforcement';
import { REPORT_STATUSES, REPORT_TRIGGERS } from '../../../schemas/report';
import { Int64 } from './select';

// What the ClickHouse tables give back, checked as it arrives. Column sets match `SELECT`s in
// this directory; 64-bit integers arrive as strings.

/** '' stands for "none" in columns that aggregate functions read (they would skip a NULL). */
const EmptyAsNull = <T extends z.ZodType<string>>(value: T) =>
  z.union([z.literal('').transform(() => null), value]);

export const AlertRowSchema = z.object({
  alert_id: z.string(),
  api_key_id: z.string(),
  severity_rank: z.number().int().min(0).max(SEVERITIES.length - 1),
  detected_at: Int64,
  status: z.enum(ALERT_STATUSES),
  assignee: EmptyAsNull(z.string()),
  dismiss_reason: EmptyAsNull(DismissReasonSchema),
  updated_at: Int64,
  body: z.string(),
  detection_version: Int64,
  triage_version: Int64,
});
export type StoredAlertRow = z.infer<typeof AlertRowSchema>;

export const SuppressionRowSchema = z.object({
  api_key_id: z.string(),
  severity_rank: z.number().int().min(0).max(SEVERITIES.length - 1),
  expires_at: Int64,
});

export const NoteRowSchema = z.object({
  note_id: z.string(),
  alert_id: z.string(),
  author: z.string(),
  text: z.string(),
  created_at: Int64,
});

export const AuditRowSchema = z.object({
  audit_id: z.string(),
  at: Int64,
  actor: z.string(),
  action: z.string(),
  target_type: z.enum(AUDIT_TARGETS),
  target_id: z.string(),
  details: z.string(),
});

export const SampleRowSchema = z.object({
  request_id: z.string(),
  api_key_id: z.string(),
  ts: Int64,
  model: z.string(),
  prompt_tokens: Int64,
  completion_tokens: Int64,
  finish_reason: z.string().nullable(),
  prompt: z.string().nullable(),
});

export const AssessmentRowSchema = z.object({
  account_id: z.string(),
  at: Int64,
  requests: Int64,
  score: z.number(),
  signals: z.string(),
});

export const HourRowSchema = z.object({
  hour: Int64,
  requests: Int64,
  tokens: Int64,
  max_score: z.number(),
  account_id: z.string(),
});

export const AllowlistRowSchema = z.object({
  entry_id: z.string(),
  kind: z.enum(ALLOWLIST_KINDS),
  value: z.string(),
  reason: z.string(),
  author: z.string(),
  created_at: Int64,
  expires_at: Int64.nullable(),
});

export const CountRowSchema = z.object({
  severity_rank: z.number().int().min(0).max(SEVERITIES.length - 1),
  status: z.enum(ALERT_STATUSES),
  count: Int64,
});

export const DecisionRowSchema = z.object({
  decision_id: z.string(),
  dedupe_key: z.string().nullable(),
  api_key_id: z.string(),
  account_id: z.string(),
  alert_id: z.string().nullable(),
  action: z.enum(ENFORCEMENT_ACTIONS),
  limit_rpm: z.number().int().nullable(),
  limit_tpm: Int64.nullable(),
  reason: z.string(),
  source: z.enum(['policy', 'manual']),
  rule: z.string().nullable(),
  offence: z.number().int(),
  status: z.enum(DECISION_STATUSES),
  created_at: Int64,
  created_by: z.string(),
  until: Int64,
  ended_at: Int64.nullable(),
  ended_by: z.string().nullable(),
  end_reason: z.string().nullable(),
});

export const DeliveryRowSchema = z.object({
  subject_id: z.string(),
  delivery_id: z.string(),
  channel: z.string(),
  event: z.string(),
  status: z.enum(DELIVERY_STATUSES),
  attempts: z.number().int(),
  error: z.string().nullable(),
  updated_at: Int64,
});

export const ReportRowSchema = z.object({
  report_id: z.string(),
  status: z.enum(REPORT_STATUSES),
  trigger: z.enum(REPORT_TRIGGERS),
  range_from: Int64,
  range_to: Int64,
  requested_by: z.string(),
  created_at: Int64,
  finished_at: Int64.nullable(),
  error: z.string().nullable(),
  data: z.string().nullable(),
});

export const CountSchema = z.object({ n: Int64 });

export const TrafficRowSchema = z.object({ events: Int64, tokens: Int64, keys: Int64, accounts: Int64 });
export const TrafficDayRowSchema = z.object({ day: Int64, events: Int64, tokens: Int64, keys: Int64 });
export const KeyActivityRowSchema = z.object({
  api_key_id: z.string(),
  account_id: z.string(),
  requests: Int64,
  tokens: Int64,
  max_score: z.number(),
});
export const AccountActivityRowSchema = z.object({
  account_id: z.string(),
  keys: Int64,
  requests: Int64,
  tokens: Int64,
  max_score: z.number(),
});
