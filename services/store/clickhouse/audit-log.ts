import type { ClickHouseClient } from '@clickhouse/client';
import type { AuditEntry, AuditQuery } from '../../../schemas/api';
import { AUDIT_ORDER, toAuditEntry } from '../audit-rows';
import { pageOf } from '../keyset';
import type { Page } from '../types';
import { keysetSql } from './keyset';
import { AuditRowSchema } from './rows';
import { selectRows } from './select';
import type { Sql } from './sql';
import { sql, when, where } from './sql';

const COLUMNS = sql`audit_id, at, actor, action, target_type, target_id, details`;

/** Reads the audit trail; FINAL drops the copy an insert retried after a timeout may have left. */
export class AuditReader {
  constructor(private readonly client: ClickHouseClient) {}

  /** A target's trail, oldest first. */
  async of(targetType: AuditEntry['target_type'], targetId: string): Promise<AuditEntry[]> {
    const rows = await this.select(
      [sql`target_type = ${targetType}`, sql`target_id = ${targetId}`],
      sql`ORDER BY at, audit_id`,
    );
    return rows.map(toAuditEntry);
  }

  async list(q: AuditQuery): Promise<Page<AuditEntry>> {
    const keyset = keysetSql(AUDIT_ORDER, q.cursor);
    const rows = await this.select(
      [
        when(q.target_type, (t) => sql`target_type = ${t}`),
        when(q.target_id, (t) => sql`target_id = ${t}`),
        when(q.actor, (a) => sql`actor = ${a}`),
        when(q.action, (a) => sql`action = ${a}`),
        when(q.since, (t) => sql`at >= ${t}`),
        when(q.until, (t) => sql`at < ${t}`),
        keyset.after,
      ],
      sql`ORDER BY ${keyset.orderBy} LIMIT ${q.limit + 1}`,
    );
    return pageOf(AUDIT_ORDER, rows, q.limit, toAuditEntry);
  }

  private select(conditions: ReadonlyArray<Sql | undefined>, tail: Sql) {
    return selectRows(this.client, sql`SELECT ${COLUMNS} FROM audit FINAL ${where(conditions)} ${tail}`, AuditRowSchema);
  }
}
