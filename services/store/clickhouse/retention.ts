import type { ClickHouseClient } from '@clickhouse/client';
import { z } from 'zod';
import { selectRows } from './select';
import { ident, sql } from './sql';

const DAY = 86_400_000;

/** Days to keep of the tables that grow with every request; null keeps everything. */
export interface RetentionPolicy {
  events: number | null;
  keyLinks: number | null;
}

export interface RetentionResult {
  /** Dropped partitions (YYYYMM) by table. */
  dropped: Record<string, string[]>;
}

const PartitionRowSchema = z.object({ partition: z.string() });

/** Epoch ms at which month `yyyymm` ends (UTC). */
function monthEnd(yyyymm: string): number {
  return Date.UTC(Number(yyyymm.slice(0, 4)), Number(yyyymm.slice(4)), 1);
}

/**
 * Ages out raw events and link features by dropping whole monthly partitions (by event time), the
 * cheap way to delete in ClickHouse and the only one 18.16 has (no TTL). A partition goes once all
 * of its month lies beyond the retention, so up to a month more than asked is kept. The other
 * tables grow with keys and alerts, not with requests, and stay.
 */
export class PartitionRetention {
  constructor(
    private readonly client: ClickHouseClient,
    private readonly policy: RetentionPolicy,
  ) {}

  async run(now: number): Promise<RetentionResult> {
    const dropped: Record<string, string[]> = {};
    for (const [table, days] of [['events', this.policy.events], ['key_links', this.policy.keyLinks]] as const) {
      if (days !== null) dropped[table] = await this.dropBefore(table, now - days * DAY);
    }
    return { dropped };
  }

  /** Drops the partitions of `table` whose month ended at or before `cutoff`; returns them, oldest first. */
  private async dropBefore(table: string, cutoff: number): Promise<string[]> {
    const rows = await selectRows(
      this.client,
      sql`SELECT DISTINCT partition FROM system.parts WHERE database = currentDatabase() AND table = ${table} AND active`,
      PartitionRowSchema,
    );
    const old = rows
      .map((r) => r.partition)
      .filter((p) => /^\d{6}$/.test(p) && monthEnd(p) <= cutoff)
      .sort();
    for (const p of old) await this.client.command({ query: sql`ALTER TABLE ${ident(table)} DROP PARTITION ${Number(p)}`.text });
    return old;
  }
}
