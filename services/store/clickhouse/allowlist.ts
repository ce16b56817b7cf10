import type { ClickHouseClient } from '@clickhouse/client';
import type { Logger } from 'pino';
import type { AllowlistRow } from '../allowlist';
import { AllowlistCopy } from '../allowlist';
import type { Row } from './insert';
import { AllowlistRowSchema } from './rows';
import { selectRows } from './select';
import type { Sql } from './sql';
import { sql, where } from './sql';
import { nextVersion } from './versions';

/** An allow-list row to insert; a removal is a newer version marked removed. */
export const allowlistRow = (entry: AllowlistRow, removed: boolean): Row => ({
  ...entry,
  removed: removed ? 1 : 0,
  version: nextVersion(),
});

/**
 * The allow-list table and its in-memory copy, which the pipeline asks synchronously. The copy is
 * reloaded after this instance's edits and every `refreshMs`, for edits made through others.
 */
export class ClickHouseAllowlist {
  readonly copy = new AllowlistCopy();
  private readonly timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly client: ClickHouseClient,
    refreshMs: number,
    log: Logger,
  ) {
    if (refreshMs > 0) {
      this.timer = setInterval(() => {
        this.reload().catch((err: unknown) => log.warn({ err }, 'allow-list refresh failed; keeping the copy'));
      }, refreshMs).unref();
    }
  }

  async reload(): Promise<void> {
    this.copy.replace(await this.select([]));
  }

  /** The entry as stored now (the copy may not have another instance's edit yet). */
  async current(entryId: string): Promise<AllowlistRow | undefined> {
    return (await this.select([sql`entry_id = ${entryId}`]))[0];
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private select(conditions: Sql[]): Promise<AllowlistRow[]> {
    return selectRows(
      this.client,
      sql`SELECT entry_id, kind, value, reason, author, created_at, expires_at FROM allowlist FINAL
        ${where([sql`removed = 0`, ...conditions])} ORDER BY created_at, entry_id`,
      AllowlistRowSchema,
    );
  }
}
