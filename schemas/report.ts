import { z } from 'zod';
import { ALERT_STATUSES, AlertSchema, SEVERITIES, SeveritySchema } from './alert';
import { DetectorNameSchema, SignalSchema } from './signal';
import { DECISION_STATUSES, ENFORCEMENT_ACTIONS } from './enforcement';

// The abuse report: what it contains (its JSON format, from which HTML, Markdown and CSV are
// rendered), its stored record and the API around it.

const EpochMs = z.number().int().min(0).max(8.64e15);
const Count = z.number().int().min(0);

export const RangeSchema = z.object({ from: EpochMs, to: EpochMs }).meta({ description: '`to` is exclusive.' });
export type Range = z.infer<typeof RangeSchema>;

const SeverityCounts = z.object(Object.fromEntries(SEVERITIES.map((s) => [s, Count])) as Record<(typeof SEVERITIES)[number], typeof Count>);
const StatusCounts = z.object(Object.fromEntries(ALERT_STATUSES.map((s) => [s, Count])) as Record<(typeof ALERT_STATUSES)[number], typeof Count>);

/** The period's headline figures; computed the same way for the previous period, for trends. */
export const PeriodSummarySchema = z.object({
  events: Count,
  tokens: Count,
  keys: Count,
  accounts: Count,
  alerts: Count,
  alerts_high_or_above: Count,
  decisions: Count,
  confirmed: Count,
  dismissed_false_positive: Count,
  /** confirmed / (confirmed + dismissed as false positive); null when neither happened. */
  precision: z.number().nullable(),
});
export type PeriodSummary = z.infer<typeof PeriodSummarySchema>;

export const ReportDataSchema = z
  .object({
    report_id: z.string(),
    range: RangeSchema,
    previous_range: RangeSchema,
    generated_at: EpochMs,
    summary: PeriodSummarySchema,
    previous: PeriodSummarySchema,
    daily: z.array(
      z.object({ day: EpochMs, events: Count, tokens: Count, keys: Count, alerts: SeverityCounts }),
    ),
    alerts: z.object({
      by_severity: SeverityCounts,
      by_status: StatusCounts,
      by_detector: z.array(z.object({ detector: DetectorNameSchema, alerts: Count })),
      dismissed_by_reason: z.record(z.string(), Count),
    }),
    top_keys: z.array(
      z.object({
        api_key_id: z.string(),
        account_id: z.string(),
        requests: Count,
        tokens: Count,
        max_score: z.number(),
        alerts: Count,
      }),
    ),
    top_accounts: z.array(
      z.object({ account_id: z.string(), keys: Count, requests: Count, tokens: Count, max_score: z.number(), alerts: Count }),
    ),
    top_clusters: z.array(
      z.object({ alert_id: z.string(), api_key_id: z.string(), keys: Count, severity: SeveritySchema, score: z.number() }),
    ),
    enforcement: z.object({
      outcomes: z.array(z.object({ action: z.enum(ENFORCEMENT_ACTIONS), status: z.enum(DECISION_STATUSES), decisions: Count })),
      failed_deliveries: Count,
    }),
    campaigns: z.array(
      AlertSchema.pick({
        alert_id: true,
        kind: true,
        api_key_id: true,
        account_id: true,
        related_api_key_ids: true,
        severity: true,
        score: true,
        status: true,
        detected_at: true,
        requests_total: true,
      }).extend({ evidence: z.array(SignalSchema.omit({ evidence: true })) }),
    ),
  })
  .meta({ id: 'ReportData', title: 'Abuse report' });
export type ReportData = z.infer<typeof ReportDataSchema>;

export const REPORT_STATUSES = ['pending', 'ready', 'failed'] as const;
export const REPORT_TRIGGERS = ['schedule', 'api', 'cli'] as const;

export const ReportRecordSchema = z
  .object({
    report_id: z.string(),
    status: z.enum(REPORT_STATUSES),
    trigger: z.enum(REPORT_TRIGGERS),
    range: RangeSchema,
    requested_by: z.string(),
    created_at: EpochMs,
    finished_at: EpochMs.nullable(),
    error: z.string().nullable(),
  })
  .meta({ id: 'Report' });
export type ReportRecord = z.infer<typeof ReportRecordSchema>;

// ---- API ----------------------------------------------------------------------------------

export const ReportCreateSchema = z
  .strictObject({ from: EpochMs, to: EpochMs })
  .refine((r) => r.to > r.from, { message: '`to` must be after `from`', path: ['to'] })
  .refine((r) => r.to - r.from <= 366 * 86_400_000, { message: 'a report covers at most a year', path: ['to'] });

export const ReportDetailSchema = ReportRecordSchema.extend({ data: ReportDataSchema.nullable() }).meta({ id: 'ReportDetail' });

export const ReportListSchema = z.object({ reports: z.array(ReportRecordSchema) }).meta({ id: 'ReportList' });

export const REPORT_FORMATS = ['json', 'html', 'md', 'csv'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** `r-123` is the record; `r-123.html` (or .md, .csv, .json) the report in that format. */
export const ReportParamsSchema = z.strictObject({
  report_id: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,128}(\.(json|html|md|csv))?$/, 'is not a report id, optionally with .json, .html, .md or .csv')
    .transform((s) => {
      const dot = s.lastIndexOf('.');
      return dot < 0 ? { id: s, format: null } : { id: s.slice(0, dot), format: s.slice(dot + 1) as ReportFormat };
    }),
});
