import type { Database, Statement } from 'better-sqlite3';
import type { Range } from '../../../schemas/report';
import type { AccountActivity, KeyActivity, ReportSource, TrafficDay } from '../actions';

type Bounds = [number, number];

/** The aggregates of key history that a report is made of. */
export class ReportReads implements ReportSource {
  private readonly totals: Statement<Bounds, { events: number; tokens: number; keys: number; accounts: number }>;
  private readonly daily: Statement<Bounds, TrafficDay>;
  private readonly keys: Statement<[...Bounds, number], KeyActivity>;
  private readonly accounts: Statement<[...Bounds, number], AccountActivity>;

  constructor(db: Database) {
    const inRange = 'FROM key_hours WHERE hour >= ? AND hour < ?';
    this.totals = db.prepare(
      `SELECT coalesce(sum(requests), 0) AS events, coalesce(sum(tokens), 0) AS tokens,
         count(DISTINCT api_key_id) AS keys, count(DISTINCT account_id) AS accounts ${inRange}`,
    );
    this.daily = db.prepare(
      `SELECT (hour / 86400000) * 86400000 AS day, sum(requests) AS events, sum(tokens) AS tokens,
         count(DISTINCT api_key_id) AS keys ${inRange} GROUP BY day ORDER BY day`,
    );
    this.keys = db.prepare(
      `SELECT api_key_id, min(account_id) AS account_id, sum(requests) AS requests, sum(tokens) AS tokens,
         max(max_score) AS max_score ${inRange}
       GROUP BY api_key_id ORDER BY max_score DESC, requests DESC, api_key_id LIMIT ?`,
    );
    this.accounts = db.prepare(
      `SELECT account_id, count(DISTINCT api_key_id) AS keys, sum(requests) AS requests, sum(tokens) AS tokens,
         max(max_score) AS max_score ${inRange}
       GROUP BY account_id ORDER BY max_score DESC, requests DESC, account_id LIMIT ?`,
    );
  }

  async traffic(r: Range) {
    return { ...this.totals.get(r.from, r.to)!, daily: this.daily.all(r.from, r.to) };
  }

  async topKeys(r: Range, limit: number) {
    return this.keys.all(r.from, r.to, limit);
  }

  async topAccounts(r: Range, limit: number) {
    return this.accounts.all(r.from, r.to, limit);
  }
}
