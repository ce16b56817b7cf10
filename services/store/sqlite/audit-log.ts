import type { Database, Statement } from 'better-sqlite3';
import type { AuditEntry, AuditQuery } from '../../../schemas/api';
import { sortableId } from '../ids';
import type { Page } from '../types';
import type { KeysetOrder } from './keyset';
import { keysetQuery, pageOf } from './keyset';
import { Where } from './where';

interface AuditRow {
  audit_id: string;
  at: number;
  actor: string;
  action: string;
  target_type: AuditEntry['target_type'];
  target_id: string;
  details: string;
}

const NEWEST_FIRST: KeysetOrder = {
  name: 'audit',
  columns: [
    { sql: 'at', type: 'number' },
    { sql: 'audit_id', type: 'string' },
  ],
  descending: true,
};

const toEntry = (r: AuditRow): AuditEntry => ({ ...r, details: JSON.parse(r.details) as Record<string, unknown> });

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

  record(entry: Omit<AuditEntry, 'audit_id' | 'at'>): void {
    const at = this.now();
    this.insert.run({ ...entry, audit_id: sortableId(at), at, details: JSON.stringify(entry.details) });
  }

  /** A target's trail, oldest first. */
  of(targetType: AuditEntry['target_type'], targetId: string): AuditEntry[] {
    return this.byTarget.all(targetType, targetId).map(toEntry);
  }

  list(q: AuditQuery): Page<AuditEntry> {
    const keyset = keysetQuery(NEWEST_FIRST, q.cursor);
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
    return pageOf(NEWEST_FIRST, rows, q.limit, (r) => [r.at, r.audit_id], toEntry);
  }
}
