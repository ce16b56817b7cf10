import type { Database } from 'better-sqlite3';
import type { AllowlistCreate, AllowlistEntry } from '../../../schemas/api';
import type { AllowlistRow } from '../allowlist';
import { AllowlistCopy, newAllowlistRow, withActive } from '../allowlist';
import { NotFoundError } from '../errors';
import type { AuditLog } from './audit-log';

/** The allow-list table, with its in-memory copy reloaded after each edit. */
export class Allowlist {
  readonly copy = new AllowlistCopy();

  constructor(
    private readonly db: Database,
    private readonly audit: AuditLog,
    private readonly now: () => number,
  ) {
    this.reload();
  }

  /** Runs inside the caller's transaction; `reload` once it has ended. */
  add(input: AllowlistCreate, actor: string): AllowlistEntry {
    const now = this.now();
    const entry = newAllowlistRow(input, actor, now);
    this.db
      .prepare(
        `INSERT INTO allowlist (entry_id, kind, value, reason, author, created_at, expires_at)
         VALUES (@entry_id, @kind, @value, @reason, @author, @created_at, @expires_at)`,
      )
      .run(entry);
    this.audit.record({ actor, action: 'allowlist_added', target_type: 'allowlist', target_id: entry.entry_id, details: entry });
    return withActive(entry, now);
  }

  /** Runs inside the caller's transaction (`reload` once it has ended); the audit entry keeps what was removed. */
  remove(entryId: string, actor: string): AllowlistEntry {
    const entry = this.copy.find(entryId);
    if (!entry) throw new NotFoundError('allow-list entry', entryId);
    this.db.prepare('DELETE FROM allowlist WHERE entry_id = ?').run(entryId);
    this.audit.record({ actor, action: 'allowlist_removed', target_type: 'allowlist', target_id: entryId, details: entry });
    return withActive(entry, this.now());
  }

  /** Re-reads the table, so memory shows exactly what is committed. */
  reload(): void {
    this.copy.replace(this.db.prepare<[], AllowlistRow>('SELECT * FROM allowlist ORDER BY created_at, entry_id').all());
  }
}
