import type { Database, Statement } from 'better-sqlite3';
import type { Alert, AlertStatus } from '../../../schemas/alert';
import { SEVERITIES, severityRank } from '../../../schemas/alert';
import type { AlertListQuery, AlertRecord, AlertSort, DismissReason, Note } from '../../../schemas/api';
import { NotFoundError, TransitionError } from '../errors';
import { sortableId } from '../ids';
import type { Suppression } from '../triage';
import { isSuppressed, transitionProblem } from '../triage';
import type { AlertChange, Page } from '../types';
import type { AuditLog } from './audit-log';
import type { KeysetOrder } from './keyset';
import { keysetQuery, pageOf } from './keyset';
import { Where } from './where';

interface AlertRow {
  alert_id: string;
  api_key_id: string;
  severity_rank: number;
  detected_at: number;
  status: AlertStatus;
  assignee: string | null;
  dismiss_reason: DismissReason | null;
  updated_at: number;
  body: string;
}

const DAY = 86_400_000;

const ORDERS: Record<AlertSort, KeysetOrder> = {
  'detected_at:desc': {
    name: 'alerts/detected_at:desc',
    columns: [
      { sql: 'detected_at', type: 'number' },
      { sql: 'alert_id', type: 'string' },
    ],
    descending: true,
  },
  'detected_at:asc': {
    name: 'alerts/detected_at:asc',
    columns: [
      { sql: 'detected_at', type: 'number' },
      { sql: 'alert_id', type: 'string' },
    ],
    descending: false,
  },
  'severity:desc': {
    name: 'alerts/severity:desc',
    columns: [
      { sql: 'severity_rank', type: 'number' },
      { sql: 'detected_at', type: 'number' },
      { sql: 'alert_id', type: 'string' },
    ],
    descending: true,
  },
};

const sortKey = (sort: AlertSort, r: AlertRow) =>
  sort === 'severity:desc' ? [r.severity_rank, r.detected_at, r.alert_id] : [r.detected_at, r.alert_id];

function toRecord(r: AlertRow): AlertRecord {
  const alert = JSON.parse(r.body) as Alert;
  return {
    ...alert,
    status: r.status,
    assignee: r.assignee,
    dismiss_reason: r.dismiss_reason,
    updated_at: r.updated_at,
  };
}

/** Alerts with their triage state, notes and false-positive suppressions. */
export class AlertTable {
  private readonly byId: Statement<[string], AlertRow>;
  private readonly insert: Statement;
  private readonly updateDetection: Statement;
  private readonly updateTriage: Statement;
  private readonly suppressionsOf: Statement<[string, number], { severity_rank: number; expires_at: number }>;
  private readonly insertSuppression: Statement;
  private readonly insertNote: Statement;
  private readonly notesOf: Statement<[string], Note>;

  constructor(
    private readonly db: Database,
    private readonly audit: AuditLog,
    private readonly now: () => number,
    private readonly suppressionDays: number,
  ) {
    this.byId = db.prepare('SELECT * FROM alerts WHERE alert_id = ?');
    this.insert = db.prepare(
      `INSERT INTO alerts (alert_id, api_key_id, account_id, severity_rank, detected_at, status, assignee,
         dismiss_reason, updated_at, body)
       VALUES (@alert_id, @api_key_id, @account_id, @severity_rank, @detected_at, @status, NULL,
         @dismiss_reason, @updated_at, @body)`,
    );
    this.updateDetection = db.prepare(
      `UPDATE alerts SET severity_rank = @severity_rank, detected_at = @detected_at, status = @status,
         dismiss_reason = @dismiss_reason, updated_at = @updated_at, body = @body
       WHERE alert_id = @alert_id`,
    );
    this.updateTriage = db.prepare(
      `UPDATE alerts SET status = @status, dismiss_reason = @dismiss_reason, assignee = @assignee,
         updated_at = @updated_at
       WHERE alert_id = @alert_id`,
    );
    this.suppressionsOf = db.prepare(
      'SELECT severity_rank, expires_at FROM suppressions WHERE api_key_id = ? AND expires_at > ?',
    );
    this.insertSuppression = db.prepare(
      `INSERT INTO suppressions (api_key_id, severity_rank, alert_id, created_at, expires_at)
       VALUES (?, ?, ?, ?, ?)`,
    );
    this.insertNote = db.prepare(
      'INSERT INTO notes (note_id, alert_id, author, text, created_at) VALUES (?, ?, ?, ?, ?)',
    );
    this.notesOf = db.prepare('SELECT * FROM notes WHERE alert_id = ? ORDER BY created_at, note_id');
  }

  /**
   * Stores alerts as detection produced them: detection fields replaced, triage kept. Runs inside
   * the caller's transaction.
   */
  upsert(alerts: readonly Alert[]): void {
    const now = this.now();
    for (const alert of alerts) {
      const row = this.byId.get(alert.alert_id);
      const suppressed = isSuppressed(this.suppressions(alert.api_key_id, now), alert.severity, now);
      const values = {
        alert_id: alert.alert_id,
        severity_rank: severityRank(alert.severity),
        detected_at: alert.detected_at,
        updated_at: now,
        body: JSON.stringify(alert),
      };
      if (!row) {
        this.insert.run({
          ...values,
          api_key_id: alert.api_key_id,
          account_id: alert.account_id,
          status: suppressed ? 'dismissed' : 'open',
          dismiss_reason: suppressed ? 'false_positive' : null,
        });
        if (suppressed) {
          this.auditAlert(alert.alert_id, 'system', 'suppressed', {
            severity: alert.severity,
            why: 'the key has a false-positive dismissal at this severity or above',
          });
        }
        continue;
      }
      // A false positive that grows beyond what was dismissed deserves a fresh look.
      const escalated =
        row.status === 'dismissed' &&
        row.dismiss_reason === 'false_positive' &&
        values.severity_rank > row.severity_rank &&
        !suppressed;
      this.updateDetection.run({
        ...values,
        status: escalated ? 'open' : row.status,
        dismiss_reason: escalated ? null : row.dismiss_reason,
      });
      if (escalated) {
        this.auditAlert(alert.alert_id, 'system', 'status_changed', {
          from: 'dismissed',
          to: 'open',
          why: `severity rose to ${alert.severity}, above its false-positive dismissal`,
        });
      }
    }
  }

  list(q: AlertListQuery): Page<AlertRecord> {
    const order = ORDERS[q.sort];
    const keyset = keysetQuery(order, q.cursor);
    const where = new Where()
      .when(q.status && JSON.stringify(q.status), 'status IN (SELECT value FROM json_each(?))')
      .when(q.severity && severityRank(q.severity), 'severity_rank >= ?')
      .when(q.account_id, 'account_id = ?')
      .when(q.detected_from, 'detected_at >= ?')
      .when(q.detected_to, 'detected_at < ?')
      .when(
        q.api_key_id,
        `(api_key_id = ? OR EXISTS (SELECT 1 FROM json_each(body, '$.related_api_key_ids') WHERE value = ?))`,
        2,
      )
      .when(
        q.detector,
        `EXISTS (SELECT 1 FROM json_each(body, '$.signals') WHERE json_extract(value, '$.detector') = ?)`,
      );
    if (keyset.where) where.add(keyset.where, ...keyset.params);
    const rows = this.db
      .prepare<unknown[], AlertRow>(`SELECT * FROM alerts ${where} ORDER BY ${keyset.orderBy} LIMIT ?`)
      .all(...where.params, q.limit + 1);
    return pageOf(order, rows, q.limit, (r) => sortKey(q.sort, r), toRecord);
  }

  get(alertId: string): AlertRecord {
    return toRecord(this.row(alertId));
  }

  notes(alertId: string): Note[] {
    return this.notesOf.all(alertId);
  }

  /** Applies a triage change; runs inside the caller's transaction so a refused change leaves no trace. */
  triage(alertId: string, change: AlertChange, actor: string): AlertRecord {
    const row = this.row(alertId);
    const now = this.now();
    const next = { status: row.status, dismiss_reason: row.dismiss_reason, assignee: row.assignee };
    if (change.status !== undefined) {
      const problem = transitionProblem(row.status, change.status);
      if (problem) throw new TransitionError(problem);
      next.status = change.status;
      next.dismiss_reason = change.status === 'dismissed' ? (change.reason ?? 'other') : null;
      this.auditAlert(alertId, actor, 'status_changed', {
        from: row.status,
        to: change.status,
        ...(next.dismiss_reason && { reason: next.dismiss_reason }),
      });
      if (next.dismiss_reason === 'false_positive') {
        this.insertSuppression.run(row.api_key_id, row.severity_rank, alertId, now, now + this.suppressionDays * DAY);
      }
    }
    if (change.assignee !== undefined && change.assignee !== row.assignee) {
      next.assignee = change.assignee;
      this.auditAlert(alertId, actor, 'assigned', { from: row.assignee, to: change.assignee });
    }
    if (change.note !== undefined) {
      const noteId = sortableId(now);
      this.insertNote.run(noteId, alertId, actor, change.note, now);
      this.auditAlert(alertId, actor, 'note_added', { note_id: noteId });
    }
    this.updateTriage.run({ alert_id: alertId, ...next, updated_at: now });
    return this.get(alertId);
  }

  counts(): Array<{ severity: Alert['severity']; status: AlertStatus; count: number }> {
    return this.db
      .prepare<[], { severity_rank: number; status: AlertStatus; count: number }>(
        'SELECT severity_rank, status, count(*) AS count FROM alerts GROUP BY severity_rank, status',
      )
      .all()
      .map((r) => ({ severity: SEVERITIES[r.severity_rank], status: r.status, count: r.count }));
  }

  private row(alertId: string): AlertRow {
    const row = this.byId.get(alertId);
    if (!row) throw new NotFoundError('alert', alertId);
    return row;
  }

  private suppressions(apiKeyId: string, now: number): Suppression[] {
    return this.suppressionsOf
      .all(apiKeyId, now)
      .map((s) => ({ severity: SEVERITIES[s.severity_rank], expiresAt: s.expires_at }));
  }

  private auditAlert(alertId: string, actor: string, action: string, details: Record<string, unknown>): void {
    this.audit.record({ actor, action, target_type: 'alert', target_id: alertId, details });
  }
}
