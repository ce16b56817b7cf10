import type { Database, Statement } from 'better-sqlite3';
import type { Alert, AlertStatus } from '../../../schemas/alert';
import { SEVERITIES, severityRank } from '../../../schemas/alert';
import type { AlertListQuery, AlertRecord, Note } from '../../../schemas/api';
import type { AlertRow } from '../alert-rows';
import { ALERT_ORDERS, toAlertRecord } from '../alert-rows';
import { NotFoundError } from '../errors';
import { pageOf } from '../keyset';
import type { AlertAudit, Suppression } from '../triage';
import { isSuppressed, planDetection, planTriage } from '../triage';
import type { AlertChange, Page } from '../types';
import type { AuditLog } from './audit-log';
import { keysetQuery } from './keyset';
import { Where } from './where';

const DAY = 86_400_000;

/** Alerts with their triage state, notes and false-positive suppressions. */
export class AlertTable {
  private readonly byId: Statement<[string], AlertRow>;
  private readonly put: Statement;
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
    // An upsert, not INSERT OR REPLACE: replacing would delete the row its notes reference.
    this.put = db.prepare(
      `INSERT INTO alerts (alert_id, api_key_id, account_id, severity_rank, detected_at, status, assignee,
         dismiss_reason, updated_at, body)
       VALUES (@alert_id, @api_key_id, @account_id, @severity_rank, @detected_at, @status, @assignee,
         @dismiss_reason, @updated_at, @body)
       ON CONFLICT (alert_id) DO UPDATE SET severity_rank = excluded.severity_rank,
         detected_at = excluded.detected_at, status = excluded.status, dismiss_reason = excluded.dismiss_reason,
         updated_at = excluded.updated_at, body = excluded.body`,
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
   * Stores alerts as detection produced them: detection fields replaced, triage kept (see
   * `planDetection`). Runs inside the caller's transaction.
   */
  upsert(alerts: readonly Alert[]): void {
    const now = this.now();
    for (const alert of alerts) {
      const row = this.byId.get(alert.alert_id);
      const suppressed = isSuppressed(this.suppressions(alert.api_key_id, now), alert.severity, now);
      const stored = row && { ...row, severity: SEVERITIES[row.severity_rank] };
      const plan = planDetection(alert, stored, suppressed);
      this.put.run({
        alert_id: alert.alert_id,
        api_key_id: alert.api_key_id,
        account_id: alert.account_id,
        severity_rank: severityRank(alert.severity),
        detected_at: alert.detected_at,
        ...plan.triage,
        updated_at: now,
        body: JSON.stringify(alert),
      });
      this.auditAlert(alert.alert_id, plan.audit);
    }
  }

  list(q: AlertListQuery): Page<AlertRecord> {
    const order = ALERT_ORDERS[q.sort];
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
    return pageOf(order, rows, q.limit, toAlertRecord);
  }

  get(alertId: string): AlertRecord {
    return toAlertRecord(this.row(alertId));
  }

  notes(alertId: string): Note[] {
    return this.notesOf.all(alertId);
  }

  /** Applies a triage change; runs inside the caller's transaction so a refused change leaves no trace. */
  triage(alertId: string, change: AlertChange, actor: string): AlertRecord {
    const row = this.row(alertId);
    const now = this.now();
    const plan = planTriage(row, change, actor, now);
    if (plan.suppress) {
      this.insertSuppression.run(row.api_key_id, row.severity_rank, alertId, now, now + this.suppressionDays * DAY);
    }
    if (plan.note) this.insertNote.run(plan.note.note_id, alertId, actor, plan.note.text, now);
    this.auditAlert(alertId, plan.audit);
    this.updateTriage.run({ alert_id: alertId, ...plan.triage, updated_at: now });
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

  private auditAlert(alertId: string, entries: readonly AlertAudit[]): void {
    this.audit.recordAll(entries.map((e) => ({ ...e, target_type: 'alert' as const, target_id: alertId })));
  }
}
