import type { ClickHouseClient } from '@clickhouse/client';
import type { DecisionListQuery, DecisionStatus, Delivery } from '../../../schemas/enforcement';
import type { DeliveryAttempt } from '../actions';
import type { DecisionRow } from '../decisions';
import { DECISION_ORDER } from '../decisions';
import { pageOf } from '../keyset';
import type { Page } from '../types';
import { keysetSql } from './keyset';
import { CountSchema, DecisionRowSchema, DeliveryRowSchema } from './rows';
import { selectRows } from './select';
import type { Sql } from './sql';
import { list, sql, when, where } from './sql';

const COLUMNS = sql`decision_id, dedupe_key, api_key_id, account_id, alert_id, action, limit_rpm, limit_tpm, reason,
  source, rule, offence, status, created_at, created_by, until, ended_at, ended_by, end_reason`;

/** A status as read at `now` (see `decisionAt`): stored `active` past `until` reads as expired. */
function statusIs(status: DecisionStatus, now: number): Sql {
  if (status === 'active') return sql`status = 'active' AND until > ${now}`;
  if (status === 'expired') return sql`status = 'expired' OR (status = 'active' AND until <= ${now})`;
  return sql`status = ${status}`;
}

/** Reads enforcement decisions (latest version of each) and the deliveries about them. */
export class DecisionReader {
  constructor(private readonly client: ClickHouseClient) {}

  async one(condition: Sql): Promise<DecisionRow | undefined> {
    return (await this.select([condition], sql`LIMIT 1`))[0];
  }

  byId(decisionId: string): Promise<DecisionRow | undefined> {
    return this.one(sql`decision_id = ${decisionId}`);
  }

  byDedupeKey(key: string): Promise<DecisionRow | undefined> {
    return this.one(sql`dedupe_key = ${key}`);
  }

  async list(q: DecisionListQuery, now: number): Promise<Page<DecisionRow>> {
    const keyset = keysetSql(DECISION_ORDER, q.cursor);
    const rows = await this.select(
      [
        when(q.api_key_id, (k) => sql`api_key_id = ${k}`),
        when(q.account_id, (a) => sql`account_id = ${a}`),
        when(q.alert_id, (a) => sql`alert_id = ${a}`),
        when(q.source, (s) => sql`source = ${s}`),
        when(q.created_from, (t) => sql`created_at >= ${t}`),
        when(q.created_to, (t) => sql`created_at < ${t}`),
        when(q.status, (s) => statusIs(s, now)),
        keyset.after,
      ],
      sql`ORDER BY ${keyset.orderBy} LIMIT ${q.limit + 1}`,
    );
    return pageOf(DECISION_ORDER, rows, q.limit, (r) => r);
  }

  /** In force on the key at `now`; suspensions first, then the lowest limits (NULLs sort last). */
  active(apiKeyId: string, now: number): Promise<DecisionRow[]> {
    return this.select(
      [sql`api_key_id = ${apiKeyId}`, statusIs('active', now)],
      sql`ORDER BY action = 'suspend' DESC, limit_rpm, limit_tpm, until DESC, decision_id`,
    );
  }

  /** Stored active (not ended), past `until` or not, by id after `afterId`. */
  unended(afterId: string | null, limit: number): Promise<DecisionRow[]> {
    return this.select(
      [sql`status = 'active'`, sql`ended_at IS NULL`, sql`decision_id > ${afterId ?? ''}`],
      sql`ORDER BY decision_id LIMIT ${limit}`,
    );
  }

  async offences(apiKeyId: string, since: number, dryRun: boolean, exceptAlertId: string | null): Promise<number> {
    const [row] = await selectRows(
      this.client,
      sql`SELECT uniqExact(ifNull(alert_id, decision_id)) AS n FROM enforcement FINAL
        WHERE api_key_id = ${apiKeyId} AND created_at >= ${since}
          AND (alert_id IS NULL OR alert_id != ${exceptAlertId ?? ''})
          AND ${dryRun ? sql`status = 'dry_run'` : sql`status NOT IN ('dry_run', 'excluded')`}`,
      CountSchema,
    );
    return row.n;
  }

  /** The deliveries about each subject, oldest first. */
  async deliveries(subjectType: DeliveryAttempt['subject_type'], subjectIds: readonly string[]): Promise<Map<string, Delivery[]>> {
    const bySubject = new Map<string, Delivery[]>(subjectIds.map((id) => [id, []]));
    if (subjectIds.length === 0) return bySubject;
    const rows = await selectRows(
      this.client,
      sql`SELECT subject_id, delivery_id, channel, event, status, attempts, error, updated_at FROM deliveries FINAL
        WHERE subject_type = ${subjectType} AND subject_id IN (${list(subjectIds)}) ORDER BY updated_at, delivery_id`,
      DeliveryRowSchema,
    );
    for (const { subject_id, ...d } of rows) bySubject.get(subject_id)?.push(d);
    return bySubject;
  }

  async delivery(deliveryId: string): Promise<Delivery | undefined> {
    const rows = await selectRows(
      this.client,
      sql`SELECT subject_id, delivery_id, channel, event, status, attempts, error, updated_at FROM deliveries FINAL
        WHERE delivery_id = ${deliveryId}`,
      DeliveryRowSchema,
    );
    return rows.map(({ subject_id: _, ...d }) => d)[0];
  }

  private select(conditions: ReadonlyArray<Sql | undefined>, tail: Sql): Promise<DecisionRow[]> {
    return selectRows(this.client, sql`SELECT ${COLUMNS} FROM enforcement FINAL ${where(conditions)} ${tail}`, DecisionRowSchema);
  }
}
