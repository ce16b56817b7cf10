import { z } from 'zod';
import { AlertSchema, AlertStatusSchema, SeveritySchema } from './alert';
import { ClusterLinkSchema } from './links';
import { DetectorNameSchema, SignalSchema } from './signal';

// Every request part the HTTP API reads and every body it returns. The OpenAPI document is
// generated from these, so a field documented is a field validated.

/** Epoch milliseconds, as every time in this API. Query strings arrive as text, hence coerce. */
const EpochMs = z.number().int().min(0).max(8.64e15);
const QueryEpochMs = z.coerce.number().int().min(0).max(8.64e15);
const Id = z.string().min(1).max(256);
const Text = (max: number) => z.string().trim().min(1).max(max);

/** An opaque position in a listing; its content is the store's and is checked there. */
const Cursor = z
  .string()
  .max(1024)
  .regex(/^[A-Za-z0-9_-]+$/, 'is not a cursor returned by this API')
  .meta({ description: 'Opaque `next_cursor` of the previous page.' });

const Limit = (max: number, fallback: number) => z.coerce.number().int().min(1).max(max).default(fallback);

export const DISMISS_REASONS = ['false_positive', 'expected_traffic', 'duplicate', 'other'] as const;
export const DismissReasonSchema = z.enum(DISMISS_REASONS);
export type DismissReason = z.infer<typeof DismissReasonSchema>;

// ---- alerts -------------------------------------------------------------------------------

/** The detection core's alert plus what analysts changed on it. */
export const AlertRecordSchema = AlertSchema.extend({
  assignee: z.string().nullable(),
  dismiss_reason: DismissReasonSchema.nullable(),
  /** Wall-clock time of the last change by detection or triage. */
  updated_at: EpochMs,
}).meta({ id: 'AlertRecord', title: 'Alert with triage state' });
export type AlertRecord = z.infer<typeof AlertRecordSchema>;

export const ALERT_SORTS = ['detected_at:desc', 'detected_at:asc', 'severity:desc'] as const;
export type AlertSort = (typeof ALERT_SORTS)[number];

/** Accepts `status=open` or `status=open,acknowledged`. */
const StatusList = z
  .string()
  .transform((s) => s.split(',').map((x) => x.trim()))
  .pipe(z.array(AlertStatusSchema).min(1));

export const AlertListQuerySchema = z.strictObject({
  status: StatusList.optional().meta({ description: 'One status or a comma-separated list.' }),
  severity: SeveritySchema.optional().meta({ description: 'Minimum severity.' }),
  detector: DetectorNameSchema.optional().meta({ description: 'Alerts with a signal from this detector.' }),
  api_key_id: Id.optional().meta({ description: 'The alert key or one of its related keys.' }),
  account_id: Id.optional(),
  detected_from: QueryEpochMs.optional().meta({ description: 'Inclusive lower bound on detected_at.' }),
  detected_to: QueryEpochMs.optional().meta({ description: 'Exclusive upper bound on detected_at.' }),
  sort: z.enum(ALERT_SORTS).default('detected_at:desc'),
  limit: Limit(1000, 100),
  cursor: Cursor.optional(),
});
export type AlertListQuery = z.infer<typeof AlertListQuerySchema>;

export const AlertListSchema = z
  .object({ alerts: z.array(AlertRecordSchema), next_cursor: z.string().nullable() })
  .meta({ id: 'AlertList' });

export const NoteSchema = z
  .object({ note_id: z.string(), alert_id: z.string(), author: z.string(), text: z.string(), created_at: EpochMs })
  .meta({ id: 'Note' });
export type Note = z.infer<typeof NoteSchema>;

export const RequestSampleSchema = z
  .object({
    request_id: z.string(),
    api_key_id: z.string(),
    ts: EpochMs,
    model: z.string(),
    prompt_tokens: z.number().int(),
    completion_tokens: z.number().int(),
    finish_reason: z.string().nullable(),
    prompt: z.string().nullable().meta({ description: 'Null unless prompts are stored.' }),
  })
  .meta({ id: 'RequestSample' });

export const AUDIT_TARGETS = ['alert', 'allowlist', 'enforcement'] as const;

export const AuditEntrySchema = z
  .object({
    audit_id: z.string(),
    at: EpochMs,
    actor: z.string(),
    action: z.string(),
    target_type: z.enum(AUDIT_TARGETS),
    target_id: z.string(),
    details: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'AuditEntry' });
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

export const AlertDetailSchema = AlertRecordSchema.extend({
  samples: z.array(RequestSampleSchema),
  notes: z.array(NoteSchema),
  audit: z.array(AuditEntrySchema),
}).meta({ id: 'AlertDetail' });
export type AlertDetail = z.infer<typeof AlertDetailSchema>;

export const AlertIdParamsSchema = z.strictObject({ alert_id: Id });

/** A cluster alert's member key as an analyst checks it: who owns it, why it is linked, its own alert. */
export const ClusterMemberSchema = z
  .object({
    api_key_id: z.string(),
    account_id: z.string().nullable().meta({ description: 'Null while the store has no traffic of the key.' }),
    allowlisted: z.boolean().meta({ description: 'The key or its account is allow-listed now.' }),
    link: ClusterLinkSchema.nullable().meta({ description: "The member's strongest link to another member." }),
    key_alert: AlertRecordSchema.pick({ alert_id: true, severity: true, score: true, status: true })
      .nullable()
      .meta({ description: "The key's own alert: the one pointing to this cluster alert, else its latest; null if it has none." }),
  })
  .meta({ id: 'ClusterMember' });
export type ClusterMember = z.infer<typeof ClusterMemberSchema>;

export const ClusterMembersSchema = z
  .object({ members: z.array(ClusterMemberSchema).meta({ description: 'In the order of `related_api_key_ids`.' }) })
  .meta({ id: 'ClusterMembers' });

export const AlertPatchSchema = z
  .strictObject({
    status: AlertStatusSchema.optional(),
    reason: DismissReasonSchema.optional().meta({
      description: 'Required when dismissing; `false_positive` suppresses like alerts of the key.',
    }),
    assignee: Text(256).nullable().optional().meta({ description: 'Null unassigns.' }),
    note: Text(10_000).optional(),
  })
  .refine((p) => Object.keys(p).length > 0, 'nothing to change')
  .refine((p) => (p.status === 'dismissed') === (p.reason !== undefined), {
    message: 'a reason is required when dismissing and only then',
    path: ['reason'],
  });
export type AlertPatch = z.infer<typeof AlertPatchSchema>;

// ---- keys ---------------------------------------------------------------------------------

export const KeyParamsSchema = z.strictObject({ api_key_id: Id });

export const KeyProfileSchema = z
  .object({
    api_key_id: z.string(),
    account_id: z.string(),
    allowlisted: z.boolean(),
    assessment: z
      .object({ at: EpochMs, requests: z.number().int(), score: z.number(), signals: z.array(SignalSchema) })
      .nullable()
      .meta({ description: "The key's latest assessment: its current detector signals." }),
    hours: z
      .array(
        z.object({
          hour: EpochMs,
          requests: z.number().int(),
          tokens: z.number().int(),
          max_score: z.number(),
        }),
      )
      .meta({ description: 'Volume and highest score per hour of event time, oldest first (up to 30 days).' }),
    alerts: z.array(AlertRecordSchema).meta({ description: 'Latest alerts of the key, newest first.' }),
  })
  .meta({ id: 'KeyProfile' });
export type KeyProfile = z.infer<typeof KeyProfileSchema>;

// ---- allow-list ---------------------------------------------------------------------------

export const ALLOWLIST_KINDS = ['api_key', 'account'] as const;

export const AllowlistEntrySchema = z
  .object({
    entry_id: z.string(),
    kind: z.enum(ALLOWLIST_KINDS),
    value: z.string(),
    reason: z.string(),
    author: z.string(),
    created_at: EpochMs,
    expires_at: EpochMs.nullable(),
    active: z.boolean(),
  })
  .meta({ id: 'AllowlistEntry' });
export type AllowlistEntry = z.infer<typeof AllowlistEntrySchema>;

export const AllowlistCreateSchema = z.strictObject({
  kind: z.enum(ALLOWLIST_KINDS),
  value: Id,
  reason: Text(2000),
  expires_at: EpochMs.nullable().default(null).meta({ description: 'After this the entry is inactive.' }),
});
export type AllowlistCreate = z.infer<typeof AllowlistCreateSchema>;

export const AllowlistQuerySchema = z.strictObject({
  include_inactive: z
    .enum(['true', 'false'])
    .default('false')
    .meta({ description: 'Also list expired entries.' }),
});

export const AllowlistListSchema = z.object({ entries: z.array(AllowlistEntrySchema) }).meta({ id: 'AllowlistList' });

export const AllowlistParamsSchema = z.strictObject({ entry_id: Id });

// ---- audit --------------------------------------------------------------------------------

export const AuditQuerySchema = z.strictObject({
  target_type: z.enum(AUDIT_TARGETS).optional(),
  target_id: Id.optional(),
  actor: Id.optional(),
  action: Id.optional(),
  since: QueryEpochMs.optional().meta({ description: 'Inclusive lower bound on `at`.' }),
  until: QueryEpochMs.optional().meta({ description: 'Exclusive upper bound on `at`.' }),
  limit: Limit(1000, 100),
  cursor: Cursor.optional(),
});
export type AuditQuery = z.infer<typeof AuditQuerySchema>;

export const AuditListSchema = z
  .object({ entries: z.array(AuditEntrySchema), next_cursor: z.string().nullable() })
  .meta({ id: 'AuditList' });

// ---- ingest, health, errors ---------------------------------------------------------------

export const IngestResultSchema = z
  .object({
    accepted: z.number().int(),
    rejected: z.array(z.object({ line: z.number().int(), reason: z.string() })).meta({
      description: '1-based line of the NDJSON body, or position in the JSON array.',
    }),
  })
  .meta({ id: 'IngestResult' });
export type IngestResult = z.infer<typeof IngestResultSchema>;

export const HealthSchema = z.object({ status: z.literal('ok') });

export const ReadinessSchema = z
  .object({
    status: z.enum(['ready', 'not_ready']),
    checks: z.object({
      store: z.boolean(),
      runner: z.string(),
      backlog: z.number().int(),
      max_backlog: z.number().int(),
    }),
  })
  .meta({ id: 'Readiness' });
export type Readiness = z.infer<typeof ReadinessSchema>;

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      details: z.unknown().optional().meta({ description: 'For 400, the zod issues.' }),
    }),
  })
  .meta({ id: 'Error' });

export const NoParamsSchema = z.strictObject({});
export const NoQuerySchema = z.strictObject({});
