import type { ClickHouseClient } from '@clickhouse/client';
import type { Logger } from 'pino';
import { Registry } from 'prom-client';
import { SEVERITIES } from '../../../schemas/alert';
import type { AlertListQuery, AllowlistCreate, AuditQuery } from '../../../schemas/api';
import type { Config } from '../../../schemas/config';
import type { Decision, DecisionListQuery } from '../../../schemas/enforcement';
import type { Range, ReportData } from '../../../schemas/report';
import type { RequestLogEvent } from '../../../schemas/event';
import type { TextFeatures } from '../../../detectors/features/text';
import type { PipelineOutput } from '../../pipeline/types';
import type { DecisionEnd, DeliveryAttempt, NewDecision, NewReport, RecordOutcome } from '../actions';
import { newAllowlistRow, withActive } from '../allowlist';
import type { AuditInput } from '../audit-rows';
import { newAuditRow } from '../audit-rows';
import type { DecisionRow } from '../decisions';
import { decisionAt, decisionAudit, deliveryAudit, endedRow, newDecisionRow, recordedAudit } from '../decisions';
import { NotFoundError } from '../errors';
import { keyProfile, memberKey, PROFILE_ALERTS } from '../key-profile';
import type { ReportRow } from '../report-rows';
import { finishedRow, reportData, toReportRecord } from '../report-rows';
import type { AlertAudit } from '../triage';
import { isSuppressed, planDetection, planTriage } from '../triage';
import type { AlertChange, AllowlistFilter, DataStore, EncodedEvents, EventSink, MemberKey } from '../types';
import { AlertReader, detectionRow, triageRow } from './alerts';
import { allowlistRow, ClickHouseAllowlist } from './allowlist';
import { AuditReader } from './audit-log';
import { connectClickHouse } from './connect';
import { DecisionReader } from './decisions';
import { encodeEvents, EVENT_COLUMNS } from './events';
import type { InsertRows, Row } from './insert';
import { rowsInserter } from './insert';
import { readKeyAccounts, readKeyHistory } from './key-history';
import { KeyLinkReader, keyLinkRows } from './key-links';
import { ReportReader, ReportReads } from './reports';
import type { RetryPolicy } from './retry';
import type { RetentionPolicy } from './retention';
import { PartitionRetention } from './retention';
import { withRetry } from './retry';
import { SampleRowSchema } from './rows';
import { selectRows } from './select';
import { list, sql } from './sql';
import { nextVersion } from './versions';
import { BufferedWriter } from './writer';

const DAY = 86_400_000;
/** Ids in one IN list: at 256 characters each, escaped, well below the server's 256 KiB query limit. */
const MEMBER_KEYS_PER_QUERY = 200;

const RETRY: RetryPolicy = { attempts: 5, backoffMs: 100, maxBackoffMs: 2_000 };

/** The tables `writeOutput` writes, flushed before it resolves. */
const OUTPUT_TABLES = ['alerts', 'audit', 'key_hours', 'key_assessments', 'samples', 'key_links'];

export interface ClickHouseStoreOptions {
  /** Keep prompt text of raw events; off keeps only their fingerprints. */
  storePrompts: boolean;
  /** How long a false-positive dismissal suppresses like alerts of the key. */
  suppressionDays: number;
  /** How often the in-memory allow-list is reloaded; 0 only after this store's own edits. */
  allowlistRefreshMs: number;
  /** The buffered writer's batch size and interval (0: flush only on size and `flush`). */
  flushRows: number;
  flushIntervalMs: number;
  retry?: RetryPolicy;
  log: Logger;
  /** Where the writer's metrics go; a registry of their own by default. */
  registry?: Registry;
  /** Wall clock for triage, audit and suppression times; tests move it. */
  now?: () => number;
}

/**
 * The scale-out store (see types.ts for who keeps what). Pipeline writes (events, detection
 * output) go through the buffered writer; analysts' writes are inserted at once and read back, so
 * the API sees its own changes.
 */
export class ClickHouseStore implements DataStore, EventSink {
  /** The keys' link features, for the cluster-linking job. */
  readonly keyLinks: KeyLinkReader;
  private readonly alerts: AlertReader;
  private readonly audit: AuditReader;
  private readonly allowlist: ClickHouseAllowlist;
  private readonly decisions: DecisionReader;
  private readonly reports: ReportReader;
  private readonly reads: ReportReads;
  private readonly writer: BufferedWriter;
  private readonly insert: InsertRows;
  private readonly retry: RetryPolicy;
  private readonly now: () => number;

  /** Takes ownership of `client` (closed by `close`); its database must be migrated. */
  constructor(
    private readonly client: ClickHouseClient,
    private readonly options: ClickHouseStoreOptions,
  ) {
    this.keyLinks = new KeyLinkReader(client);
    this.alerts = new AlertReader(client);
    this.audit = new AuditReader(client);
    this.allowlist = new ClickHouseAllowlist(client, options.allowlistRefreshMs, options.log);
    this.decisions = new DecisionReader(client);
    this.reports = new ReportReader(client);
    this.reads = new ReportReads(client);
    this.insert = rowsInserter(client);
    this.retry = options.retry ?? RETRY;
    this.writer = new BufferedWriter(this.insert, {
      maxRows: options.flushRows,
      intervalMs: options.flushIntervalMs,
      retry: this.retry,
      registry: options.registry ?? new Registry(),
      log: options.log,
    });
    this.now = options.now ?? Date.now;
  }

  /** Loads the allow-list copy; call once before the pipeline asks it. */
  async start(): Promise<this> {
    await this.allowlist.reload();
    return this;
  }

  encodeEvents(events: readonly RequestLogEvent[], text?: ReadonlyArray<TextFeatures | undefined>): EncodedEvents {
    return encodeEvents(events, this.options.storePrompts, text);
  }

  /** One insert's worth of rows for the writer: the parts' buffers are sent as they are, not copied together. */
  writeEncodedEvents(parts: readonly EncodedEvents[]): Promise<void> {
    const rows = parts.length === 1 ? parts[0] : { columns: EVENT_COLUMNS, chunks: parts.flatMap((p) => p.chunks), count: parts.reduce((n, p) => n + p.count, 0) };
    return this.writer.write('events', rows);
  }

  backlog(): number {
    return this.writer.backlog();
  }

  /** Inserts what the writer holds now; tests call it to read what they wrote. */
  flush(): Promise<void> {
    return this.writer.flush();
  }

  async writeOutput(output: PipelineOutput): Promise<void> {
    const now = this.now();
    const [stored, suppressions] = await Promise.all([
      this.alerts.byIds(output.alerts.map((a) => a.alert_id)),
      this.alerts.suppressions([...new Set(output.alerts.map((a) => a.api_key_id))], now),
    ]);
    const alertRows: Row[] = [];
    const auditRows: Row[] = [];
    for (const alert of output.alerts) {
      const row = stored.get(alert.alert_id);
      const suppressed = isSuppressed(suppressions.get(alert.api_key_id) ?? [], alert.severity, now);
      const plan = planDetection(alert, row && { ...row, severity: SEVERITIES[row.severity_rank] }, suppressed);
      // Both halves of a new alert go in one insert into one table: they land together or not at all.
      alertRows.push(detectionRow(alert, now, row?.detection_version ?? 0));
      if (!row || plan.triage.status !== row.status) {
        alertRows.push(triageRow(alert.alert_id, plan.triage, now, row?.triage_version ?? 0));
      }
      auditRows.push(...this.auditRows(alert.alert_id, plan.audit, now));
    }
    const version = nextVersion();
    const written = Promise.all([
      this.writer.write('alerts', alertRows),
      this.writer.write('audit', auditRows),
      this.writer.write('key_hours', output.hours.map((h) => ({ ...h, version }))),
      this.writer.write(
        'key_assessments',
        output.assessments.map((a) => ({ ...a, signals: JSON.stringify(a.signals), version })),
      ),
      this.writer.write('samples', output.samples.map((s) => ({ ...s, version }))),
      this.writer.write('key_links', keyLinkRows(output.links)),
    ]);
    // Awaited together, so that a rejection is handled while the flush is still running.
    await Promise.all([written, this.writer.flush(OUTPUT_TABLES)]);
  }

  isAllowlisted(apiKeyId: string, accountId: string, ts: number): boolean {
    return this.allowlist.copy.isAllowlisted(apiKeyId, accountId, ts);
  }

  async listAlerts(query: AlertListQuery) {
    return this.alerts.list(query);
  }

  async getAlert(alertId: string) {
    const alert = await this.alerts.record(await this.alerts.get(alertId));
    const [samples, notes, audit] = await Promise.all([
      alert.sample_request_ids.length === 0
        ? []
        : selectRows(
            this.client,
            sql`SELECT request_id, api_key_id, ts, model, prompt_tokens, completion_tokens, finish_reason, prompt
              FROM samples FINAL WHERE request_id IN (${list(alert.sample_request_ids)}) ORDER BY ts, request_id`,
            SampleRowSchema,
          ),
      this.alerts.notes(alertId),
      this.audit.of('alert', alertId),
    ]);
    return { ...alert, samples, notes, audit };
  }

  async updateAlert(alertId: string, change: AlertChange, actor: string) {
    const row = await this.alerts.get(alertId);
    const now = this.now();
    const plan = planTriage(row, change, actor, now);
    await Promise.all([
      this.insertNow('alerts', [triageRow(alertId, plan.triage, now, row.triage_version)]),
      this.insertNow('audit', this.auditRows(alertId, plan.audit, now)),
      plan.note &&
        this.insertNow('notes', [{ ...plan.note, alert_id: alertId, author: actor, created_at: now }]),
      plan.suppress &&
        this.insertNow('suppressions', [
          {
            api_key_id: row.api_key_id,
            alert_id: alertId,
            severity_rank: row.severity_rank,
            created_at: now,
            expires_at: now + this.options.suppressionDays * DAY,
          },
        ]),
    ]);
    // Read back: an insert is visible to the next query, so this is the version just written.
    return this.alerts.record(await this.alerts.get(alertId));
  }

  async keyProfile(apiKeyId: string) {
    const [history, alerts] = await Promise.all([
      readKeyHistory(this.client, apiKeyId),
      this.alerts.list({ api_key_id: apiKeyId, sort: 'detected_at:desc', limit: PROFILE_ALERTS }),
      this.allowlist.reload(),
    ]);
    return keyProfile(apiKeyId, { ...history, alerts: alerts.items }, (accountId) =>
      this.isAllowlisted(apiKeyId, accountId, this.now()),
    );
  }

  /** Ages out raw events and link features as `policy` says (the retention job). */
  retention(policy: RetentionPolicy): PartitionRetention {
    return new PartitionRetention(this.client, policy);
  }

  async memberKeys(apiKeyIds: readonly string[]) {
    const out = new Map<string, MemberKey>();
    await this.allowlist.reload();
    for (let i = 0; i < apiKeyIds.length; i += MEMBER_KEYS_PER_QUERY) {
      const ids = apiKeyIds.slice(i, i + MEMBER_KEYS_PER_QUERY);
      const [accounts, alerts] = await Promise.all([readKeyAccounts(this.client, ids), this.alerts.ofKeys(ids, PROFILE_ALERTS)]);
      for (const id of ids) {
        const member = memberKey(id, accounts.get(id), alerts, (accountId) => this.isAllowlisted(id, accountId, this.now()));
        if (member) out.set(id, member);
      }
    }
    return out;
  }

  async listAllowlist(filter: AllowlistFilter) {
    await this.allowlist.reload();
    return this.allowlist.copy.list(filter.includeInactive, this.now());
  }

  async addAllowlistEntry(input: AllowlistCreate, actor: string) {
    const now = this.now();
    const entry = newAllowlistRow(input, actor, now);
    await this.editAllowlist(
      allowlistRow(entry, false),
      { actor, action: 'allowlist_added', target_type: 'allowlist', target_id: entry.entry_id, details: entry },
      now,
    );
    return withActive(entry, now);
  }

  async removeAllowlistEntry(entryId: string, actor: string) {
    const entry = await this.allowlist.current(entryId);
    if (!entry) throw new NotFoundError('allow-list entry', entryId);
    const now = this.now();
    await this.editAllowlist(
      allowlistRow(entry, true),
      { actor, action: 'allowlist_removed', target_type: 'allowlist', target_id: entryId, details: entry },
      now,
    );
    return withActive(entry, now);
  }

  async listAudit(query: AuditQuery) {
    return this.audit.list(query);
  }

  async countAlerts() {
    return this.alerts.counts();
  }

  /**
   * Without transactions, the allow-list check and the dedupe look-up run just before the insert:
   * an allow-list entry or a second decision for the same alert landing in between is not seen.
   * The policy job of an alert runs once at a time, which keeps the second case away.
   */
  async recordDecision(d: NewDecision): Promise<RecordOutcome> {
    const now = this.now();
    await this.allowlist.reload();
    if (!d.excluded && this.isAllowlisted(d.api_key_id, d.account_id, now)) return { outcome: 'allowlisted' };
    const row = newDecisionRow(d, now);
    const existing = row.dedupe_key === null ? undefined : await this.decisions.byDedupeKey(row.dedupe_key);
    if (existing) return { outcome: 'exists', decision: await this.withDeliveries(existing, now) };
    await this.insertAudited('enforcement', [{ ...row, version: nextVersion() }], recordedAudit(row, d.created_by), now);
    return { outcome: 'created', decision: { ...decisionAt(row, now), deliveries: [] } };
  }

  async getDecision(decisionId: string) {
    return this.withDeliveries(await this.decision(decisionId), this.now());
  }

  async listDecisions(query: DecisionListQuery) {
    const now = this.now();
    const page = await this.decisions.list(query, now);
    return { items: await this.attachDeliveries(page.items, now), next_cursor: page.next_cursor };
  }

  async activeDecisions(apiKeyId: string) {
    const now = this.now();
    return this.attachDeliveries(await this.decisions.active(apiKeyId, now), now);
  }

  async unendedDecisions(afterId: string | null, limit: number) {
    return this.attachDeliveries(await this.decisions.unended(afterId, limit), this.now());
  }

  async countOffences(apiKeyId: string, since: number, dryRun: boolean, exceptAlertId: string | null) {
    return this.decisions.offences(apiKeyId, since, dryRun, exceptAlertId);
  }

  async endDecision(decisionId: string, end: DecisionEnd) {
    const now = this.now();
    const ended = endedRow(await this.decision(decisionId), end, now);
    const audit = decisionAudit(ended, end.actor, `enforcement_${end.status}`, { reason: end.reason });
    await this.insertAudited('enforcement', [{ ...ended, version: nextVersion() }], audit, now);
    return this.withDeliveries(ended, now);
  }

  async recordDelivery(a: DeliveryAttempt): Promise<void> {
    const now = this.now();
    await this.insertAudited('deliveries', [{ ...a, updated_at: now, version: nextVersion() }], deliveryAudit(a), now);
  }

  async getDelivery(deliveryId: string) {
    return this.decisions.delivery(deliveryId);
  }

  async createReport(r: NewReport) {
    const existing = await this.reports.byId(r.report_id);
    if (existing) return toReportRecord(existing);
    const row: ReportRow = {
      report_id: r.report_id,
      status: 'pending',
      trigger: r.trigger,
      range_from: r.range.from,
      range_to: r.range.to,
      requested_by: r.requested_by,
      created_at: this.now(),
      finished_at: null,
      error: null,
      data: null,
    };
    await this.insertNow('reports', [{ ...row, version: nextVersion() }]);
    return toReportRecord(row);
  }

  async finishReport(reportId: string, result: { data: ReportData } | { error: string }) {
    const row = finishedRow(await this.report(reportId), result, this.now());
    await this.insertNow('reports', [{ ...row, version: nextVersion() }]);
    return toReportRecord(row);
  }

  async getReport(reportId: string) {
    const row = await this.report(reportId);
    return { record: toReportRecord(row), data: reportData(row) };
  }

  async listReports(limit: number) {
    return (await this.reports.newest(limit)).map(toReportRecord);
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
    const result = await this.client.ping();
    if (!result.success) throw result.error;
  }

  /** Stops the allow-list refresh, stores what the writer holds, then closes the connection. */
  async close(): Promise<void> {
    this.allowlist.stop();
    await this.writer.close();
    await this.client.close();
  }

  private insertNow(table: string, rows: readonly Row[]): Promise<void> {
    return withRetry(() => this.insert(table, rows), this.retry);
  }

  private auditRows(alertId: string, entries: readonly AlertAudit[], now: number): Row[] {
    return entries.map((e) => newAuditRow({ ...e, target_type: 'alert', target_id: alertId }, now));
  }

  private async decision(decisionId: string): Promise<DecisionRow> {
    const row = await this.decisions.byId(decisionId);
    if (!row) throw new NotFoundError('enforcement decision', decisionId);
    return row;
  }

  private async report(reportId: string): Promise<ReportRow> {
    const row = await this.reports.byId(reportId);
    if (!row) throw new NotFoundError('report', reportId);
    return row;
  }

  /** Rows of `table` with the audit entries about them. */
  private async insertAudited(table: string, rows: readonly Row[], audit: readonly AuditInput[], now: number): Promise<void> {
    await Promise.all([this.insertNow(table, rows), this.insertNow('audit', audit.map((e) => newAuditRow(e, now)))]);
  }

  private async withDeliveries(row: DecisionRow, now: number): Promise<Decision> {
    return (await this.attachDeliveries([row], now))[0];
  }

  private async attachDeliveries(rows: readonly DecisionRow[], now: number): Promise<Decision[]> {
    const deliveries = await this.decisions.deliveries('decision', rows.map((r) => r.decision_id));
    return rows.map((r) => ({ ...decisionAt(r, now), deliveries: deliveries.get(r.decision_id) ?? [] }));
  }

  private async editAllowlist(row: Row, audit: AuditInput, now: number): Promise<void> {
    await this.insertAudited('allowlist', [row], [audit], now);
    await this.allowlist.reload();
  }
}

/** Opens the scale-out store on CLICKHOUSE_URL / CLICKHOUSE_DATABASE, creating and migrating the database. */
export async function openClickHouseStore(
  config: Pick<Config, 'clickhouse' | 'storePrompts' | 'suppressionDays'>,
  deps: { log: Logger; registry?: Registry; now?: () => number },
): Promise<ClickHouseStore> {
  const { url, database, flushRows, flushIntervalMs, allowlistRefreshMs } = config.clickhouse;
  if (url === undefined) throw new Error('CLICKHOUSE_URL is not set');
  const { client, applied } = await connectClickHouse(url, database);
  deps.log.info({ database, applied }, 'ClickHouse schema up to date');
  const store = new ClickHouseStore(client, {
    storePrompts: config.storePrompts,
    suppressionDays: config.suppressionDays,
    allowlistRefreshMs,
    flushRows,
    flushIntervalMs,
    ...deps,
  });
  try {
    return await store.start();
  } catch (err) {
    await store.close();
    throw err;
  }
}
