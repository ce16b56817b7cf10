import { z } from 'zod';
import { SeveritySchema } from '../../schemas/alert';
import type { QueueSpec } from './queue';

// Every queue and its payload, shared by the code that adds jobs and the processor of each queue
// (processors/). Job ids are built here too, so that the same work always gets the same id.

export const DECISION_EVENTS = ['applied', 'lifted', 'expired'] as const;
export type DecisionEvent = (typeof DECISION_EVENTS)[number];

export const ENFORCEMENT_CHANNELS = ['redis', 'kafka', 'webhook'] as const;
export type EnforcementChannel = (typeof ENFORCEMENT_CHANNELS)[number];

const AlertId = z.string().regex(/^[A-Za-z0-9_-]+$/);
const DecisionId = z.string().regex(/^[A-Za-z0-9_-]+$/);

const EvaluatePayload = z.object({
  alert_id: AlertId,
  severity: SeveritySchema,
  /** Cluster alerts: a digest of the member keys, so that a cluster with new members is evaluated again. */
  members: z.string().regex(/^[0-9a-f]+$/).optional(),
});
export type EvaluatePayload = z.infer<typeof EvaluatePayload>;

/**
 * Applies the policy to a new or escalated alert, or to a cluster alert whose members changed.
 * Exclusive on BullMQ: evaluations of a growing cluster alert follow each other closely, and
 * ClickHouse, without transactions, would let two at once record a member's decision twice (in
 * process, SQLite's transactions keep them apart).
 */
export const EVALUATE: QueueSpec<EvaluatePayload> = { name: 'enforcement-evaluate', payload: EvaluatePayload, concurrency: 4, exclusive: true };

const DeliverPayload = z.object({
  decision_id: DecisionId,
  event: z.enum(DECISION_EVENTS),
  channel: z.enum(ENFORCEMENT_CHANNELS),
});
export type DeliverPayload = z.infer<typeof DeliverPayload>;

/** Publishes one change of a decision to one channel; channels retry independently. */
export const DELIVER: QueueSpec<DeliverPayload> = { name: 'enforcement-deliver', payload: DeliverPayload, concurrency: 8 };

const ExpirePayload = z.object({ decision_id: DecisionId });
export type ExpirePayload = z.infer<typeof ExpirePayload>;

/** Ends a decision when its duration has run out (a delayed job). */
export const EXPIRE: QueueSpec<ExpirePayload> = { name: 'enforcement-expire', payload: ExpirePayload, concurrency: 4 };

const NotifyPayload = z.object({ alert_id: AlertId, severity: SeveritySchema, target: z.string().regex(/^[A-Za-z0-9_-]+$/) });
export type NotifyPayload = z.infer<typeof NotifyPayload>;

/** Tells one notification target about a new or escalated alert. */
export const NOTIFY: QueueSpec<NotifyPayload> = { name: 'notify', payload: NotifyPayload, concurrency: 8 };

const ReportPayload = z.object({
  /** Absent for the weekly schedule, whose report is named after the week it covers. */
  report_id: z.string().regex(/^[A-Za-z0-9_-]+$/).optional(),
});
export type ReportPayload = z.infer<typeof ReportPayload>;

export const REPORT: QueueSpec<ReportPayload> = { name: 'report', payload: ReportPayload, concurrency: 1 };

export const WEEKLY_REPORT_SCHEDULER = 'weekly-report';

const LinkClustersPayload = z.object({});
export type LinkClustersPayload = z.infer<typeof LinkClustersPayload>;

/** Links the keys of every partition for the event hours all partitions have finished (scale-out). */
export const LINK_CLUSTERS: QueueSpec<LinkClustersPayload> = {
  name: 'link-clusters',
  payload: LinkClustersPayload,
  concurrency: 1,
  exclusive: true,
};

export const LINK_CLUSTERS_SCHEDULER = 'link-clusters';

const ReconcilePayload = z.object({});
export type ReconcilePayload = z.infer<typeof ReconcilePayload>;

/**
 * Hands stored alerts and active decisions over to their jobs again (services/jobs/reconcile.ts):
 * at start-up and on a schedule. One sweep at a time in the whole deployment.
 */
export const RECONCILE: QueueSpec<ReconcilePayload> = { name: 'reconcile', payload: ReconcilePayload, concurrency: 1, exclusive: true };

export const RECONCILE_SCHEDULER = 'reconcile';

const RetentionPayload = z.object({});
export type RetentionPayload = z.infer<typeof RetentionPayload>;

/** Ages out raw events and link features in ClickHouse (scale-out); one run at a time. */
export const RETENTION: QueueSpec<RetentionPayload> = { name: 'retention', payload: RetentionPayload, concurrency: 1, exclusive: true };

export const RETENTION_SCHEDULER = 'retention';

/** The same alert at the same peak severity (and members) is evaluated, and notified to a target, once. */
export const jobIds = {
  evaluate: (p: EvaluatePayload) => `eval-${p.alert_id}-${p.severity}${p.members ? `-${p.members}` : ''}`,
  /** An evaluation again for a cause outside the alert, such as a removed allow-list entry. */
  reevaluate: (p: EvaluatePayload, cause: string) => `eval-${p.alert_id}-${p.severity}-after-${cause}`,
  deliver: (p: DeliverPayload) => `${p.decision_id}-${p.event}-${p.channel}`,
  expire: (p: ExpirePayload) => `${p.decision_id}-expire`,
  notify: (p: NotifyPayload) => `notify-${p.alert_id}-${p.severity}-${p.target}`,
  report: (reportId: string) => `report-${reportId}`,
  /** A process's start-up sweep: its own id, since a finished job's id is not reusable while BullMQ keeps it. */
  reconcileAtStart: (startedAt: number, pid: number) => `reconcile-start-${startedAt}-${pid}`,
};
