import type { Database } from 'better-sqlite3';
import type { RequestSample } from '../../pipeline/types';
import { openDatabase } from './database';
import type { AlertStore, AlertChange, AllowlistFilter, DetectionBatch } from '../types';
import type { AlertListQuery, AllowlistCreate, AuditQuery } from '../../../schemas/api';
import { AlertTable } from './alerts';
import { Allowlist } from './allowlist';
import { AuditLog } from './audit-log';
import { DetectionTables } from './detections';
import { KeyHistory, PROFILE_ALERTS } from './key-profile';

export interface SqliteStoreOptions {
  /** How long a false-positive dismissal suppresses like alerts of the key. */
  suppressionDays: number;
  /** Wall clock for triage, audit and suppression times; tests move it. */
  now?: () => number;
}

/**
 * The embedded store of `distillguard serve`: one SQLite file. better-sqlite3 is synchronous, so
 * each method runs to completion before another starts, and the async signatures are only the
 * interface's (a networked store needs them).
 */
export class SqliteStore implements AlertStore {
  private readonly alerts: AlertTable;
  private readonly allowlist: Allowlist;
  private readonly audit: AuditLog;
  private readonly detections: DetectionTables;
  private readonly history: KeyHistory;
  private readonly now: () => number;

  /** Takes ownership of `db` (closing it in `close`); the journal borrows the same connection. */
  constructor(
    private readonly db: Database,
    options: SqliteStoreOptions,
  ) {
    const now = options.now ?? Date.now;
    this.audit = new AuditLog(db, now);
    this.alerts = new AlertTable(db, this.audit, now, options.suppressionDays);
    this.allowlist = new Allowlist(db, this.audit, now);
    this.detections = new DetectionTables(db);
    this.history = new KeyHistory(db);
    this.now = now;
  }

  static open(file: string, options: SqliteStoreOptions): SqliteStore {
    return new SqliteStore(openDatabase(file), options);
  }

  async commitBatch({ output, states, position }: DetectionBatch): Promise<void> {
    this.db.transaction(() => {
      this.alerts.upsert(output.alerts);
      this.detections.write(output.hours, output.assessments, output.samples, states, position);
    })();
  }

  async committedPosition(source: string): Promise<string | undefined> {
    return this.detections.position(source);
  }

  loadState(id: string): string | undefined {
    return this.detections.state(id);
  }

  isAllowlisted(apiKeyId: string, accountId: string, ts: number): boolean {
    return this.allowlist.covers(apiKeyId, accountId, ts);
  }

  async listAlerts(query: AlertListQuery) {
    return this.alerts.list(query);
  }

  async getAlert(alertId: string) {
    const alert = this.alerts.get(alertId);
    const samples = this.db
      .prepare<[string], RequestSample>(
        'SELECT * FROM samples WHERE request_id IN (SELECT value FROM json_each(?)) ORDER BY ts, request_id',
      )
      .all(JSON.stringify(alert.sample_request_ids));
    return { ...alert, samples, notes: this.alerts.notes(alertId), audit: this.audit.of('alert', alertId) };
  }

  async updateAlert(alertId: string, change: AlertChange, actor: string) {
    return this.db.transaction(() => this.alerts.triage(alertId, change, actor))();
  }

  async keyProfile(apiKeyId: string) {
    const { items } = this.alerts.list({ api_key_id: apiKeyId, sort: 'detected_at:desc', limit: PROFILE_ALERTS });
    return this.history.profile(apiKeyId, items, (accountId) => this.allowlist.covers(apiKeyId, accountId, this.now()));
  }

  async listAllowlist(filter: AllowlistFilter) {
    return this.allowlist.list(filter.includeInactive);
  }

  async addAllowlistEntry(entry: AllowlistCreate, actor: string) {
    return this.editAllowlist(() => this.allowlist.add(entry, actor));
  }

  async removeAllowlistEntry(entryId: string, actor: string): Promise<void> {
    this.editAllowlist(() => this.allowlist.remove(entryId, actor));
  }

  async listAudit(query: AuditQuery) {
    return this.audit.list(query);
  }

  async countAlerts() {
    return this.alerts.counts();
  }

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
  }

  async close(): Promise<void> {
    // Folds the WAL back into the main file so the data directory is one self-contained file.
    if (this.db.open) {
      this.db.pragma('wal_checkpoint(TRUNCATE)');
      this.db.close();
    }
  }

  private editAllowlist<T>(edit: () => T): T {
    try {
      return this.db.transaction(edit)();
    } finally {
      this.allowlist.reload();
    }
  }
}
