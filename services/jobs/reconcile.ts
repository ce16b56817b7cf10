import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { Counter } from 'prom-client';
import type { Enforcement } from '../enforcement/service';
import type { DeliveryLog, EnforcementStore } from '../store/actions';
import type { AlertStore } from '../store/types';
import type { AlertHook } from './alert-hook';

export interface ReconcileOptions {
  /** Alerts detected this long before the newest stored alert (event time; the wall clock if earlier) are not swept. */
  lookbackMs: number;
  /** Alerts and decisions read per store query. */
  pageSize: number;
}

export interface ReconcileDeps {
  store: Pick<AlertStore, 'listAlerts' | 'listAllowlist'> & Pick<EnforcementStore, 'unendedDecisions' | 'listDecisions'> & Pick<DeliveryLog, 'getDelivery'>;
  hook: AlertHook;
  enforcement: Pick<Enforcement, 'resume' | 'resumeEnd' | 'publishing' | 'reviseForEndedAllowlist'>;
  options: ReconcileOptions;
  log: Logger;
  metrics: Registry;
}

export interface ReconcileResult {
  /** Alerts read in the lookback (not dismissed). */
  alerts: number;
  /** Alerts handed over again: at least one job added. */
  handedOver: number;
  /** Evaluate and notify jobs added (a job that still existed counts too: adding it was a no-op). */
  jobs: number;
  /** Decisions in force (or overdue) whose expiry and deliveries were added again. */
  decisions: number;
  /** Of those, decisions whose `until` had passed: they expire at once. */
  overdue: number;
  /** Deliveries of lifts and expiries (decisions made within the lookback) added again. */
  endDeliveries: number;
  /** Allow-list entries expired within the lookback whose excluding alerts were evaluated again. */
  allowlistExpiries: number;
  /** Alerts or decisions whose jobs could not be added; the sweep fails and is retried. */
  failed: number;
}

/** Work remembered as done by this process; beyond this the oldest is forgotten (doing it again is harmless). */
const REMEMBERED = 50_000;

/** The triage statuses whose alerts are handed over; a dismissed alert is not acted on. */
const LIVE = ['open', 'acknowledged', 'confirmed'] as const;

/**
 * The reconcile job: makes the hand-over from detection to jobs at least once without a
 * transaction across store and queue. Detection commits alerts first and adds their jobs after;
 * a crash (or an unreachable Redis) in between, or the in-process queue dying with its process,
 * loses jobs. The sweep re-derives them from the store, the source of truth:
 *
 * - every alert not dismissed, detected within the lookback, goes through the AlertHook again
 *   (evaluate and notify jobs at its peak severity and member set). Safe to repeat: jobs dedupe by
 *   id while they exist, evaluation records one decision per alert, key and action, and
 *   notifications are sent once per job id (deliverOnce);
 * - every decision stored active and not ended gets its expiry job again (due at once when its
 *   `until` has passed) and its `applied` deliveries not yet settled;
 * - every decision made within the lookback that has ended (lifted, expired) gets the deliveries
 *   of its end not yet settled;
 * - every allow-list entry that expired within the lookback (wall clock) is handled as a removal:
 *   the alerts that excluded its key or account are evaluated again, so its end takes effect
 *   within a sweep rather than at the alerts' next evaluation. Once per process; evaluation adds
 *   nothing when repeated.
 *
 * The hook's memory of what this process has handed over is kept, not bypassed: those jobs exist
 * (or ran), so only alerts this process has not handed over cost anything. After a start that is
 * every alert in the lookback once; later sweeps only the alerts other processes detected or failed
 * to hand over.
 */
export class Reconciler {
  private readonly done = new Set<string>();
  private readonly counters: { alerts: Counter; jobs: Counter; decisions: Counter; ends: Counter; expiries: Counter };

  constructor(private readonly d: ReconcileDeps) {
    const counter = (name: string, help: string) => {
      const existing = d.metrics.getSingleMetric(name);
      return (existing as Counter | undefined) ?? new Counter({ name, help, registers: [d.metrics] });
    };
    this.counters = {
      alerts: counter('distillguard_reconcile_alerts_total', 'Alerts the reconcile sweep handed over to enforcement or notification again.'),
      jobs: counter('distillguard_reconcile_jobs_total', 'Evaluate and notify jobs the reconcile sweep added again (no-ops for jobs that still existed).'),
      decisions: counter('distillguard_reconcile_decisions_total', 'Active decisions whose expiry and deliveries the reconcile sweep scheduled again.'),
      ends: counter('distillguard_reconcile_end_deliveries_total', 'Deliveries of lifts and expiries the reconcile sweep added again.'),
      expiries: counter('distillguard_reconcile_allowlist_expiries_total', 'Expired allow-list entries whose excluding alerts the reconcile sweep evaluated again.'),
    };
  }

  async run(): Promise<ReconcileResult> {
    const started = Date.now();
    const result: ReconcileResult = { alerts: 0, handedOver: 0, jobs: 0, decisions: 0, overdue: 0, endDeliveries: 0, allowlistExpiries: 0, failed: 0 };
    await this.sweepAlerts(result);
    await this.sweepDecisions(result);
    await this.sweepEnds(result);
    await this.sweepAllowlistExpiries(result);
    this.counters.alerts.inc(result.handedOver);
    this.counters.jobs.inc(result.jobs);
    this.counters.decisions.inc(result.decisions);
    this.counters.ends.inc(result.endDeliveries);
    this.counters.expiries.inc(result.allowlistExpiries);
    const quiet = result.handedOver === 0 && result.decisions === 0 && result.endDeliveries === 0 && result.allowlistExpiries === 0 && result.failed === 0;
    this.d.log[quiet ? 'debug' : 'info']({ ...result, ms: Date.now() - started }, 'reconciled the hand-over of alerts and decisions');
    if (result.failed) throw new Error(`reconcile: the jobs of ${result.failed} alerts or decisions could not be added`);
    return result;
  }

  private async sweepAlerts(result: ReconcileResult): Promise<void> {
    const { store, hook, options } = this.d;
    const settled = async (jobId: string) => {
      const status = (await store.getDelivery(jobId))?.status;
      return status === 'sent' || status === 'failed';
    };
    let from: number | undefined;
    let cursor: string | undefined;
    do {
      const page = await store.listAlerts({ status: [...LIVE], sort: 'detected_at:desc', limit: options.pageSize, cursor });
      // Event time, anchored at the newest alert (replays and backfills have their own clock), or
      // at the wall clock if that is earlier (an event stamped in the future must not hide the rest).
      from ??= page.items.length ? Math.min(page.items[0].detected_at, Date.now()) - options.lookbackMs : undefined;
      for (const alert of page.items) {
        if (from === undefined || alert.detected_at < from) return;
        result.alerts++;
        try {
          const jobs = await hook.handOverAgain(alert, settled);
          if (jobs) result.handedOver++;
          result.jobs += jobs;
        } catch (err) {
          result.failed++;
          this.d.log.warn({ err, alert_id: alert.alert_id }, 'reconcile could not hand an alert over');
        }
      }
      cursor = page.next_cursor ?? undefined;
    } while (cursor);
  }

  private async sweepDecisions(result: ReconcileResult): Promise<void> {
    const { store, enforcement, options } = this.d;
    let after: string | null = null;
    for (;;) {
      const page = await store.unendedDecisions(after, options.pageSize);
      const now = Date.now();
      for (const decision of page) {
        if (this.done.has(decision.decision_id)) continue;
        try {
          await enforcement.resume(decision);
          this.remember(decision.decision_id);
          result.decisions++;
          if (decision.until <= now) result.overdue++;
        } catch (err) {
          result.failed++;
          this.d.log.warn({ err, decision_id: decision.decision_id }, 'reconcile could not schedule a decision again');
        }
      }
      if (page.length < options.pageSize) return;
      after = page[page.length - 1].decision_id;
    }
  }

  /**
   * Lifts and expiries whose publishing was lost: decisions made within the lookback (wall clock)
   * that have ended, with a delivery of their end not on record. Each is added once per process.
   */
  private async sweepEnds(result: ReconcileResult): Promise<void> {
    const { store, enforcement, options } = this.d;
    if (!enforcement.publishing) return;
    const created_from = Date.now() - options.lookbackMs;
    for (const status of ['lifted', 'expired'] as const) {
      let cursor: string | undefined;
      do {
        const page = await store.listDecisions({ status, created_from, limit: options.pageSize, cursor });
        for (const decision of page.items) {
          const seen = `${decision.decision_id}-${status}`;
          // Expired by its time but not ended yet: sweepDecisions has scheduled its expiry.
          if (decision.ended_at === null || this.done.has(seen)) continue;
          try {
            result.endDeliveries += await enforcement.resumeEnd(decision);
            this.remember(seen);
          } catch (err) {
            result.failed++;
            this.d.log.warn({ err, decision_id: decision.decision_id }, 'reconcile could not publish the end of a decision again');
          }
        }
        cursor = page.next_cursor ?? undefined;
      } while (cursor);
    }
  }

  /** Allow-list entries whose expiry passed within the lookback (wall clock), each handled once per process. */
  private async sweepAllowlistExpiries(result: ReconcileResult): Promise<void> {
    const { store, enforcement, options } = this.d;
    const now = Date.now();
    for (const entry of await store.listAllowlist({ includeInactive: true })) {
      if (entry.expires_at === null || entry.expires_at > now || entry.expires_at < now - options.lookbackMs) continue;
      const seen = `${entry.entry_id}-expired`;
      if (this.done.has(seen)) continue;
      try {
        await enforcement.reviseForEndedAllowlist(entry);
        this.remember(seen);
        result.allowlistExpiries++;
      } catch (err) {
        result.failed++;
        this.d.log.warn({ err, entry_id: entry.entry_id }, 'reconcile could not evaluate again the alerts an expired allow-list entry excluded');
      }
    }
  }

  private remember(id: string): void {
    this.done.add(id);
    if (this.done.size > REMEMBERED) this.done.delete(this.done.values().next().value!);
  }
}
