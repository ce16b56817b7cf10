import type { Decision, DecisionListQuery, Delivery, EnforcementAction } from '../../schemas/enforcement';
import type { Range, ReportData, ReportRecord } from '../../schemas/report';
import type { Page } from './types';

// What acting on alerts keeps in the store: enforcement decisions, deliveries of jobs to the
// outside, reports, and the aggregate reads a report is made of. Every implementation passes
// `test/store/actions-contract.ts` (run from the store contract).

/** A decision as made, before the store gives it an id, a status and a time. */
export interface NewDecision {
  api_key_id: string;
  account_id: string;
  alert_id: string | null;
  action: EnforcementAction;
  limit_rpm: number | null;
  limit_tpm: number | null;
  reason: string;
  source: Decision['source'];
  rule: string | null;
  offence: number;
  dry_run: boolean;
  /** A rule matched but the key or its account is allow-listed: recorded as `excluded`, never enforced. */
  excluded?: boolean;
  created_by: string;
  duration_ms: number;
}

export type RecordOutcome =
  | { outcome: 'created'; decision: Decision }
  /** The same alert already caused a decision with this action on this key: it is returned instead. */
  | { outcome: 'exists'; decision: Decision }
  /** The key or account is allow-listed (and the decision is not an exclusion): nothing was recorded. */
  | { outcome: 'allowlisted' };

export interface DecisionEnd {
  status: 'expired' | 'lifted';
  actor: string;
  reason: string;
}

export interface EnforcementStore {
  /**
   * Records a decision, audited (`enforcement_applied`, `_dry_run` or `_excluded`). Idempotent per
   * alert, key and action (an exclusion apart: the action may follow it once the key is no longer
   * allow-listed), and refused for an allow-listed key or account unless it records that
   * exclusion, checked atomically with the write so that an allow-list added meanwhile either comes
   * first (refused) or finds the decision to lift.
   */
  recordDecision(decision: NewDecision): Promise<RecordOutcome>;
  getDecision(decisionId: string): Promise<Decision>;
  /** Newest first. A stored `active` decision past its `until` reads as `expired`. */
  listDecisions(query: DecisionListQuery): Promise<Page<Decision>>;
  /** Decisions in force on a key now (not dry-run, not ended, not past `until`), strictest first. */
  activeDecisions(apiKeyId: string): Promise<Decision[]>;
  /**
   * How many alerts (each manual decision counting as one) led to a decision on the key since
   * `since`, other than `exceptAlertId`; dry-run decisions count only when `dryRun`, others only
   * when not, exclusions never.
   */
  countOffences(apiKeyId: string, since: number, dryRun: boolean, exceptAlertId: string | null): Promise<number>;
  /**
   * Decisions stored as active and not ended, whether or not their `until` has passed (those read
   * as `expired` elsewhere, with no `ended_at`): what still needs an expiry. Ordered by
   * `decision_id`, the `limit` first after `afterId`, for paging.
   */
  unendedDecisions(afterId: string | null, limit: number): Promise<Decision[]>;
  /**
   * Ends an active decision, audited (`enforcement_expired` or `enforcement_lifted`). Throws
   * NotFoundError, or TransitionError when it is not active.
   */
  endDecision(decisionId: string, end: DecisionEnd): Promise<Decision>;
}

export interface DeliveryAttempt {
  delivery_id: string;
  subject_type: 'decision' | 'alert';
  subject_id: string;
  channel: string;
  event: string;
  status: Delivery['status'];
  attempts: number;
  error: string | null;
}

/** What happened to each message sent out; a final failure is audited on its subject. */
export interface DeliveryLog {
  recordDelivery(attempt: DeliveryAttempt): Promise<void>;
  getDelivery(deliveryId: string): Promise<Delivery | undefined>;
}

export interface NewReport {
  report_id: string;
  trigger: ReportRecord['trigger'];
  range: Range;
  requested_by: string;
}

export interface ReportStore {
  /** Idempotent per id: an existing report is returned as it is. */
  createReport(report: NewReport): Promise<ReportRecord>;
  finishReport(reportId: string, result: { data: ReportData } | { error: string }): Promise<ReportRecord>;
  getReport(reportId: string): Promise<{ record: ReportRecord; data: ReportData | null }>;
  /** Newest first. */
  listReports(limit: number): Promise<ReportRecord[]>;
}

export interface TrafficDay {
  /** UTC midnight, epoch ms. */
  day: number;
  events: number;
  tokens: number;
  keys: number;
}

export interface KeyActivity {
  api_key_id: string;
  account_id: string;
  requests: number;
  tokens: number;
  max_score: number;
}

export interface AccountActivity {
  account_id: string;
  keys: number;
  requests: number;
  tokens: number;
  max_score: number;
}

/**
 * Aggregates of key history (hourly rows) over `[from, to)`; `from` and `to` are whole hours.
 * Orders are total, so that two stores list the same rows in the same order.
 */
export interface ReportSource {
  traffic(range: Range): Promise<{ events: number; tokens: number; keys: number; accounts: number; daily: TrafficDay[] }>;
  /** By highest score, then requests, descending; then id ascending. */
  topKeys(range: Range, limit: number): Promise<KeyActivity[]>;
  topAccounts(range: Range, limit: number): Promise<AccountActivity[]>;
}

export type ActionStore = EnforcementStore & DeliveryLog & ReportStore & ReportSource;
