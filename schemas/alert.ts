import { z } from 'zod';
import { ClusterLinkSchema } from './links';
import { SignalSchema } from './signal';

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export const SeveritySchema = z.enum(SEVERITIES);
export type Severity = z.infer<typeof SeveritySchema>;

/** Orders severities so that `severityRank(a) >= severityRank(b)` reads as "a is at least b". */
export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

export const ALERT_STATUSES = ['open', 'acknowledged', 'confirmed', 'dismissed'] as const;
export const AlertStatusSchema = z.enum(ALERT_STATUSES);
export type AlertStatus = z.infer<typeof AlertStatusSchema>;

export const RecommendedActionSchema = z.enum(['none', 'review', 'throttle', 'suspend']);
export type RecommendedAction = z.infer<typeof RecommendedActionSchema>;

export const SeverityChangeSchema = z.object({
  severity: SeveritySchema,
  score: z.number().min(0).max(1),
  /** Event time (epoch ms) of the evaluation that changed the severity. */
  at: z.number(),
  /** Requests of the key seen at that moment. */
  requests: z.number().int().min(0),
});
export type SeverityChange = z.infer<typeof SeverityChangeSchema>;

/**
 * An alert as the detection core produces it. Times are epoch milliseconds of event time, so
 * that replaying the same log gives byte-identical alerts.
 */
export const AlertSchema = z
  .object({
    alert_id: z.string(),
    kind: z.enum(['key', 'cluster']),
    api_key_id: z.string(),
    account_id: z.string(),
    related_api_key_ids: z.array(z.string()),
    severity: SeveritySchema,
    score: z.number().min(0).max(1),
    signals: z.array(SignalSchema),
    first_event_ts: z.number(),
    detected_at: z.number(),
    last_event_ts: z.number(),
    requests_at_detection: z.number().int().min(0),
    requests_total: z.number().int().min(0),
    severity_history: z.array(SeverityChangeSchema),
    sample_request_ids: z.array(z.string()),
    recommended_action: RecommendedActionSchema,
    status: AlertStatusSchema,
    /** Set when the key's score stayed below the alerting band long enough to end the episode. */
    ended_at: z.number().nullable(),
    /**
     * Cluster alerts only: for each member (all of them are in `related_api_key_ids`), its strongest
     * link to another member and the evidence behind it.
     */
    links: z.array(ClusterLinkSchema).optional(),
    /** Key alerts only, when the key belongs to a cluster under alert: that cluster alert's id. */
    cluster_alert_id: z.string().optional(),
  })
  .meta({ id: 'Alert', title: 'Alert' });
export type Alert = z.infer<typeof AlertSchema>;
