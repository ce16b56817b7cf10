import type { ClickHouseClient } from '@clickhouse/client';
import type { z } from 'zod';
import type { Range } from '../../../schemas/report';
import type { AccountActivity, KeyActivity, ReportSource, TrafficDay } from '../actions';
import type { ReportRow } from '../report-rows';
import { AccountActivityRowSchema, KeyActivityRowSchema, ReportRowSchema, TrafficDayRowSchema, TrafficRowSchema } from './rows';
import { selectRows } from './select';
import type { Sql } from './sql';
import { sql } from './sql';

const DAY = 86_400_000;

/** Reads reports (latest version of each). */
export class ReportReader {
  constructor(private readonly client: ClickHouseClient) {}

  async byId(reportId: string): Promise<ReportRow | undefined> {
    return (await this.select(sql`WHERE report_id = ${reportId}`))[0];
  }

  newest(limit: number): Promise<ReportRow[]> {
    return this.select(sql`ORDER BY created_at DESC, report_id DESC LIMIT ${limit}`);
  }

  private select(tail: Sql): Promise<ReportRow[]> {
    return selectRows(
      this.client,
      sql`SELECT report_id, status, trigger, range_from, range_to, requested_by, created_at, finished_at, error, data
        FROM reports FINAL ${tail}`,
      ReportRowSchema,
    );
  }
}

/** The aggregates of key history (hourly rows, latest version of each) that a report is made of. */
export class ReportReads implements ReportSource {
  constructor(private readonly client: ClickHouseClient) {}

  async traffic(r: Range): Promise<{ events: number; tokens: number; keys: number; accounts: number; daily: TrafficDay[] }> {
    const [[totals], daily] = await Promise.all([
      selectRows(
        this.client,
        sql`SELECT sum(requests) AS events, sum(tokens) AS tokens, uniqExact(api_key_id) AS keys,
          uniqExact(account_id) AS accounts FROM key_hours FINAL ${inRange(r)}`,
        TrafficRowSchema,
      ),
      selectRows(
        this.client,
        sql`SELECT intDiv(hour, ${DAY}) * ${DAY} AS day, sum(requests) AS events, sum(tokens) AS tokens,
          uniqExact(api_key_id) AS keys FROM key_hours FINAL ${inRange(r)} GROUP BY day ORDER BY day`,
        TrafficDayRowSchema,
      ),
    ]);
    return { ...totals, daily };
  }

  topKeys(r: Range, limit: number): Promise<KeyActivity[]> {
    return this.top(sql`api_key_id, min(account_id) AS account_id`, sql`api_key_id`, r, limit, KeyActivityRowSchema);
  }

  topAccounts(r: Range, limit: number): Promise<AccountActivity[]> {
    return this.top(sql`account_id, uniqExact(api_key_id) AS keys`, sql`account_id`, r, limit, AccountActivityRowSchema);
  }

  /** Activity grouped by `id`, by highest score, then requests, then id: a total order. */
  private top<T>(columns: Sql, id: Sql, r: Range, limit: number, row: z.ZodType<T>): Promise<T[]> {
    return selectRows(
      this.client,
      sql`SELECT ${columns}, sum(requests) AS requests, sum(tokens) AS tokens, max(max_score) AS max_score
        FROM key_hours FINAL ${inRange(r)}
        GROUP BY ${id} ORDER BY max_score DESC, requests DESC, ${id} LIMIT ${limit}`,
      row,
    );
  }
}

const inRange = (r: Range) => sql`WHERE hour >= ${r.from} AND hour < ${r.to}`;
