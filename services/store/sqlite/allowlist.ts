import type { Database } from 'better-sqlite3';
import type { AllowlistCreate, AllowlistEntry } from '../../../schemas/api';
import { NotFoundError } from '../errors';
import { sortableId } from '../ids';
import type { AuditLog } from './audit-log';

type EntryRow = Omit<AllowlistEntry, 'active'>;

const isActive = (e: EntryRow, at: number) => e.expires_at === null || e.expires_at > at;

/**
 * Allow-listed keys and accounts. The pipeline asks on every assessment, so entries are held in
 * memory and reloaded after each edit; the table is small and edited rarely.
 */
export class Allowlist {
  private entries: EntryRow[] = [];

  constructor(
    private readonly db: Database,
    private readonly audit: AuditLog,
    private readonly now: () => number,
  ) {
    this.reload();
  }

  covers(apiKeyId: string, accountId: string, ts: number): boolean {
    return this.entries.some(
      (e) =>
        ((e.kind === 'api_key' && e.value === apiKeyId) || (e.kind === 'account' && e.value === accountId)) &&
        isActive(e, ts),
    );
  }

  list(includeInactive: boolean): AllowlistEntry[] {
    const now = this.now();
    return this.entries
      .map((e) => ({ ...e, active: isActive(e, now) }))
      .filter((e) => includeInactive || e.active);
  }

  /** Runs inside the caller's transaction; `reload` once it has ended. */
  add(input: AllowlistCreate, actor: string): AllowlistEntry {
    const now = this.now();
    const entry: EntryRow = { entry_id: sortableId(now), ...input, author: actor, created_at: now };
    this.db
      .prepare(
        `INSERT INTO allowlist (entry_id, kind, value, reason, author, created_at, expires_at)
         VALUES (@entry_id, @kind, @value, @reason, @author, @created_at, @expires_at)`,
      )
      .run(entry);
    this.audit.record({ actor, action: 'allowlist_added', target_type: 'allowlist', target_id: entry.entry_id, details: entry });
    return { ...entry, active: isActive(entry, now) };
  }

  /** Runs inside the caller's transaction (`reload` once it has ended); the audit entry keeps what was removed. */
  remove(entryId: string, actor: string): void {
    const entry = this.entries.find((e) => e.entry_id === entryId);
    if (!entry) throw new NotFoundError('allow-list entry', entryId);
    this.db.prepare('DELETE FROM allowlist WHERE entry_id = ?').run(entryId);
    this.audit.record({ actor, action: 'allowlist_removed', target_type: 'allowlist', target_id: entryId, details: entry });
  }

  /** Re-reads the table, so memory shows exactly what is committed. */
  reload(): void {
    this.entries = this.db.prepare<[], EntryRow>('SELECT * FROM allowlist ORDER BY created_at, entry_id').all();
  }
}
