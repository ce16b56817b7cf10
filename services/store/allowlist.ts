import type { AllowlistCreate, AllowlistEntry } from '../../schemas/api';
import { sortableId } from './ids';
import type { AllowlistView } from './types';

/** An allow-list entry as stored; whether it is active depends on when one asks. */
export type AllowlistRow = Omit<AllowlistEntry, 'active'>;

const isActive = (e: AllowlistRow, at: number) => e.expires_at === null || e.expires_at > at;

/** The entry as the API shows it at `now`. */
export const withActive = (e: AllowlistRow, now: number): AllowlistEntry => ({ ...e, active: isActive(e, now) });

export function newAllowlistRow(input: AllowlistCreate, actor: string, now: number): AllowlistRow {
  return { entry_id: sortableId(now), ...input, author: actor, created_at: now };
}

/**
 * The allow-list in memory: the pipeline asks on every assessment, and the list is small and
 * edited rarely. Each store replaces the copy after its edits (and the ClickHouse store also on
 * a timer, for edits made by other instances).
 */
export class AllowlistCopy implements AllowlistView {
  private entries: readonly AllowlistRow[] = [];

  replace(entries: readonly AllowlistRow[]): void {
    this.entries = entries;
  }

  isAllowlisted(apiKeyId: string, accountId: string, ts: number): boolean {
    return this.entries.some(
      (e) =>
        ((e.kind === 'api_key' && e.value === apiKeyId) || (e.kind === 'account' && e.value === accountId)) &&
        isActive(e, ts),
    );
  }

  list(includeInactive: boolean, now: number): AllowlistEntry[] {
    return this.entries.map((e) => withActive(e, now)).filter((e) => includeInactive || e.active);
  }

  find(entryId: string): AllowlistRow | undefined {
    return this.entries.find((e) => e.entry_id === entryId);
  }
}
