import type { Database } from 'better-sqlite3';
import type { PipelineOutput, RequestSample } from '../../pipeline/types';
import { openDatabase } from './database';
import type {
  AlertChange,
  AllowlistFilter,
  DataStore,
  DetectionBatch,
  DetectionCommitter,
  DetectorStateView,
  MemberKey,
} from '../types';
import type { AlertListQuery, AllowlistCreate, AuditQuery } from '../../../schemas/api';
import type { DecisionListQuery } from '../../../schemas/enforcement';
import type { Range, ReportData } from '../../../schemas/report';
import type { ActionStore, DecisionEnd, DeliveryAttempt, NewDecision, NewReport } from '../actions';
import { AlertTable } from './alerts';
import { Allowlist } from './allowlist';
import { AuditLog } from './audit-log';
import { DeliveryTable } from './deliveries';
import { DetectionTables } from './detections';
import { EnforcementTable } from './enforcement';
import { keyProfile, memberKey, PROFILE_ALERTS } from '../key-profile';
import { KeyHistoryReader } from './key-profile';
import { ReportReads } from './report-reads';
import { ReportTable } from './reports';

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
export class SqliteStore implements DataStore, DetectionCommitter, DetectorStateView, ActionStore {
  private readonly alerts: AlertTable;
  private readonly allowlist: Allowlist;
  private readonly audit: AuditLog;
  private readonly detections: DetectionTables;
  private readonly history: KeyHistoryReader;
  private readonly deliveries: DeliveryTable;
  private readonly enforcement: EnforcementTable;
  private readonly reports: ReportTable;
  private readonly reads: ReportReads;
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
    this.history = new KeyHistoryReader(db);
    this.deliveries = new DeliveryTable(db, this.audit, now);
    this.enforcement = new EnforcementTable(db, this.audit, this.deliveries, (k, a, at) => this.isAllowlisted(k, a, at), now);
    this.reports = new ReportTable(db, now);
    this.reads = new ReportReads(db);
    this.now = now;
  }

  static open(file: string, options: SqliteStoreOptions): SqliteStore {
    return new SqliteStore(openDatabase(file), options);
  }

  async writeOutput(output: PipelineOutput): Promise<void> {
    this.db.transaction(() => this.storeOutput(output))();
  }

  async commitBatch({ output, states, position }: DetectionBatch): Promise<void> {
    this.db.transaction(() => {
      this.storeOutput(output);
      this.detections.writeProgress(states, position);
    })();
  }

  async committedPosition(source: string): Promise<string | undefined> {
    return this.detections.position(source);
  }

  loadState(id: string): string | undefined {
    return this.detections.state(id);
  }

  isAllowlisted(apiKeyId: string, accountId: string, ts: number): boolean {
    return this.allowlist.copy.isAllowlisted(apiKeyId, accountId, ts);
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
    return keyProfile(apiKeyId, { ...this.history.read(apiKeyId), alerts: items }, (accountId) =>
      this.isAllowlisted(apiKeyId, accountId, this.now()),
    );
  }

  async memberKeys(apiKeyIds: readonly string[]) {
    // In process, reading key by key costs no round trips.
    const out = new Map<string, MemberKey>();
    for (const id of apiKeyIds) {
      const { items } = this.alerts.list({ api_key_id: id, sort: 'detected_at:desc', limit: PROFILE_ALERTS });
      const member = memberKey(id, this.history.account(id), items, (accountId) => this.isAllowlisted(id, accountId, this.now()));
      if (member) out.set(id, member);
    }
    return out;
  }

  async listAllowlist(filter: AllowlistFilter) {
    return this.allowlist.copy.list(filter.includeInactive, this.now());
  }

  async addAllowlistEntry(entry: AllowlistCreate, actor: string) {
    return this.editAllowlist(() => this.allowlist.add(entry, actor));
  }

  async removeAllowlistEntry(entryId: string, actor: string) {
    return this.editAllowlist(() => this.allowlist.remove(entryId, actor));
  }

  async listAudit(query: AuditQuery) {
    return this.audit.list(query);
  }

  async countAlerts() {
    return this.alerts.counts();
  }

  async recordDecision(decision: NewDecision) {
    return this.db.transaction(() => this.enforcement.record(decision))();
  }

  async getDecision(decisionId: string) {
    return this.enforcement.get(decisionId);
  }

  async listDecisions(query: DecisionListQuery) {
    return this.enforcement.list(query);
  }

  async activeDecisions(apiKeyId: string) {
    return this.enforcement.active(apiKeyId);
  }

  async unendedDecisions(afterId: string | null, limit: number) {
    return this.enforcement.unended(afterId, limit);
  }

  async countOffences(apiKeyId: string, since: number, dryRun: boolean, exceptAlertId: string | null) {
    return this.enforcement.offences(apiKeyId, since, dryRun, exceptAlertId);
  }

  async endDecision(decisionId: string, end: DecisionEnd) {
    return this.db.transaction(() => this.enforcement.finish(decisionId, end))();
  }

  async recordDelivery(attempt: DeliveryAttempt): Promise<void> {
    this.db.transaction(() => this.deliveries.record(attempt))();
  }

  async getDelivery(deliveryId: string) {
    return this.deliveries.get(deliveryId);
  }

  async createReport(report: NewReport) {
    return this.reports.create(report);
  }

  async finishReport(reportId: string, result: { data: ReportData } | { error: string }) {
    return this.reports.complete(reportId, result);
  }

  async getReport(reportId: string) {
    return this.reports.get(reportId);
  }

  async listReports(limit: number) {
    return this.reports.list(limit);
  }

  traffic(range: Range) {
    return this.reads.traffic(range);
  }

  topKeys(range: Range, limit: number) {
    return this.reads.topKeys(range, limit);
  }

  topAccounts(range: Range, limit: number) {
    return this.reads.topAccounts(range, limit);
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

  private storeOutput(output: PipelineOutput): void {
    this.alerts.upsert(output.alerts);
    this.detections.writeHistory(output);
  }

  private editAllowlist<T>(edit: () => T): T {
    try {
      return this.db.transaction(edit)();
    } finally {
      this.allowlist.reload();
    }
  }
}
