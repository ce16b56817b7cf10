import type { Database, Statement } from 'better-sqlite3';
import type { AuditEntry, AuditQuery } from '../../../schemas/api';
import type { AuditInput, AuditRow } from '../audit-rows';
import { AUDIT_ORDER, newAuditRow, toAuditEntry } from '../audit-rows';
import { pageOf } from '../keyset';
import type { Page } from '../types';
import { keysetQuery } from './keyset';
import { Where } from './where';

/** The audit trail: who did what to which alert or allow-list entry, and when. */
export class AuditLog {
  private readonly insert: Statement;
  private readonly byTarget: Statement<[string, string], AuditRow>;

  constructor(
    private readonly db: Database,
    private readonly now: () => number,
  ) {
    this.insert = db.prepare(
      `INSERT INTO audit (audit_id, at, actor, action, target_type, target_id, details)
       VALUES (@audit_id, @at, @actor, @action, @target_type, @target_id, @details)`,
    );
    this.byTarget = db.prepare(
      'SELECT * FROM audit WHERE target_type = ? AND target_id = ? ORDER BY at, audit_id',
    );
  }

  record(entry: AuditInput): void {
    this.insert.run(newAuditRow(entry, this.now()));
  }

  recordAll(entries: readonly AuditInput[]): void {
    for (const e of entries) this.record(e);
  }

  /** A target's trail, oldest first. */
  of(targetType: AuditEntry['target_type'], targetId: string): AuditEntry[] {
    return this.byTarget.all(targetType, targetId).map(toAuditEntry);
  }

  list(q: AuditQuery): Page<AuditEntry> {
    const keyset = keysetQuery(AUDIT_ORDER, q.cursor);
    const where = new Where()
      .when(q.target_type, 'target_type = ?')
      .when(q.target_id, 'target_id = ?')
      .when(q.actor, 'actor = ?')
      .when(q.action, 'action = ?')
      .when(q.since, 'at >= ?')
      .when(q.until, 'at < ?');
    if (keyset.where) where.add(keyset.where, ...keyset.params);
    const rows = this.db
      .prepare<unknown[], AuditRow>(`SELECT * FROM audit ${where} ORDER BY ${keyset.orderBy} LIMIT ?`)
      .all(...where.params, q.limit + 1);
    return pageOf(AUDIT_ORDER, rows, q.limit, toAuditEntry);
  }
}
