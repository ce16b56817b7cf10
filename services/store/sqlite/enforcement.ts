import type { Database, Statement } from 'better-sqlite3';
import type { Decision, DecisionListQuery, DecisionStatus } from '../../../schemas/enforcement';
import type { DecisionEnd, NewDecision, RecordOutcome } from '../actions';
import type { DecisionRow } from '../decisions';
import { DECISION_ORDER, decisionAt, decisionAudit, endedRow, newDecisionRow, recordedAudit } from '../decisions';
import { NotFoundError } from '../errors';
import type { Page } from '../types';
import type { AuditLog } from './audit-log';
import type { DeliveryTable } from './deliveries';
import { selectPage } from './keyset';
import { Where } from './where';

/** A stored `active` status means "not ended"; past its `until` the decision has run out. */
function statusWhere(status: DecisionStatus, now: number): [string, ...unknown[]] {
  if (status === 'active') return ["status = 'active' AND until > ?", now];
  if (status === 'expired') return ["(status = 'expired' OR (status = 'active' AND until <= ?))", now];
  return ['status = ?', status];
}

// Suspensions first, then the lowest limits: the gateway enforces the strictest decision.
const STRICTEST_FIRST = `action = 'suspend' DESC, COALESCE(limit_rpm, 9e18), COALESCE(limit_tpm, 9e18), until DESC, decision_id`;

/** Enforcement decisions, with their audit trail on the decision and on the alert that caused it. */
export class EnforcementTable {
  private readonly insert: Statement;
  private readonly byId: Statement<[string], DecisionRow>;
  private readonly byDedupe: Statement<[string], DecisionRow>;
  private readonly end: Statement;

  constructor(
    private readonly db: Database,
    private readonly audit: AuditLog,
    private readonly deliveries: DeliveryTable,
    private readonly isAllowlisted: (apiKeyId: string, accountId: string, at: number) => boolean,
    private readonly now: () => number,
  ) {
    this.insert = db.prepare(
      `INSERT INTO enforcement (decision_id, dedupe_key, api_key_id, account_id, alert_id, action, limit_rpm,
         limit_tpm, reason, source, rule, offence, status, created_at, created_by, until)
       VALUES (@decision_id, @dedupe_key, @api_key_id, @account_id, @alert_id, @action, @limit_rpm,
         @limit_tpm, @reason, @source, @rule, @offence, @status, @created_at, @created_by, @until)`,
    );
    this.byId = db.prepare('SELECT * FROM enforcement WHERE decision_id = ?');
    this.byDedupe = db.prepare('SELECT * FROM enforcement WHERE dedupe_key = ?');
    this.end = db.prepare(
      `UPDATE enforcement SET status = @status, ended_at = @ended_at, ended_by = @ended_by, end_reason = @end_reason
       WHERE decision_id = @decision_id`,
    );
  }

  /** Runs inside the caller's transaction. */
  record(d: NewDecision): RecordOutcome {
    const now = this.now();
    if (!d.excluded && this.isAllowlisted(d.api_key_id, d.account_id, now)) return { outcome: 'allowlisted' };
    const row = newDecisionRow(d, now);
    const existing = row.dedupe_key === null ? undefined : this.byDedupe.get(row.dedupe_key);
    if (existing) return { outcome: 'exists', decision: this.toDecision(existing, now) };
    this.insert.run(row);
    this.audit.recordAll(recordedAudit(row, d.created_by));
    return { outcome: 'created', decision: this.toDecision(row, now) };
  }

  get(decisionId: string): Decision {
    return this.toDecision(this.row(decisionId), this.now());
  }

  list(q: DecisionListQuery): Page<Decision> {
    const now = this.now();
    const where = new Where()
      .when(q.api_key_id, 'api_key_id = ?')
      .when(q.account_id, 'account_id = ?')
      .when(q.alert_id, 'alert_id = ?')
      .when(q.source, 'source = ?')
      .when(q.created_from, 'created_at >= ?')
      .when(q.created_to, 'created_at < ?');
    if (q.status) where.add(...statusWhere(q.status, now));
    return selectPage(this.db, 'enforcement', DECISION_ORDER, where, q, (r) => this.toDecision(r, now));
  }

  active(apiKeyId: string): Decision[] {
    const now = this.now();
    const where = new Where().add('api_key_id = ?', apiKeyId).add(...statusWhere('active', now));
    return this.db
      .prepare<unknown[], DecisionRow>(`SELECT * FROM enforcement ${where} ORDER BY ${STRICTEST_FIRST}`)
      .all(...where.params)
      .map((r) => this.toDecision(r, now));
  }

  unended(afterId: string | null, limit: number): Decision[] {
    const now = this.now();
    return this.db
      .prepare<[string, number], DecisionRow>(
        `SELECT * FROM enforcement WHERE status = 'active' AND ended_at IS NULL AND decision_id > ? ORDER BY decision_id LIMIT ?`,
      )
      .all(afterId ?? '', limit)
      .map((r) => this.toDecision(r, now));
  }

  offences(apiKeyId: string, since: number, dryRun: boolean, exceptAlertId: string | null): number {
    return this.db
      .prepare<[string, number, string | null], { n: number }>(
        `SELECT count(DISTINCT coalesce(alert_id, decision_id)) AS n FROM enforcement
         WHERE api_key_id = ? AND created_at >= ? AND alert_id IS NOT coalesce(?, '')
           AND ${dryRun ? "status = 'dry_run'" : "status NOT IN ('dry_run', 'excluded')"}`,
      )
      .get(apiKeyId, since, exceptAlertId)!.n;
  }

  /** Runs inside the caller's transaction. */
  finish(decisionId: string, end: DecisionEnd): Decision {
    const now = this.now();
    const ended = endedRow(this.row(decisionId), end, now);
    this.end.run(ended);
    this.audit.recordAll(decisionAudit(ended, end.actor, `enforcement_${end.status}`, { reason: end.reason }));
    return this.toDecision(ended, now);
  }

  private row(decisionId: string): DecisionRow {
    const row = this.byId.get(decisionId);
    if (!row) throw new NotFoundError('enforcement decision', decisionId);
    return row;
  }

  private toDecision(row: DecisionRow, now: number): Decision {
    return { ...decisionAt(row, now), deliveries: this.deliveries.of('decision', row.decision_id) };
  }
}
