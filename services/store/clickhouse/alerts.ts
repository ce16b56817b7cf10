import type { ClickHouseClient } from '@clickhouse/client';
import type { Alert, AlertStatus, Severity } from '../../../schemas/alert';
import { SEVERITIES, severityRank } from '../../../schemas/alert';
import type { AlertListQuery, AlertRecord, Note } from '../../../schemas/api';
import { ALERT_ORDERS, toAlertRecord } from '../alert-rows';
import { NotFoundError } from '../errors';
import { pageOf } from '../keyset';
import type { Suppression, Triage } from '../triage';
import type { Page } from '../types';
import { withClusterAlerts } from './cluster-members';
import type { Row } from './insert';
import { keysetSql } from './keyset';
import type { StoredAlertRow } from './rows';
import { AlertRowSchema, CountRowSchema, NoteRowSchema, SuppressionRowSchema } from './rows';
import { selectRows } from './select';
import type { Sql } from './sql';
import { list, sql, when, where } from './sql';
import { nextVersion } from './versions';

/**
 * The latest detection half and the latest triage half of each alert (see migration 002), in the
 * columns `AlertRow` has, plus the versions they carry. argMaxIf rather than FINAL: FINAL keeps
 * one whole row per key, while here each half has its own writer and its own latest row.
 */
const latest = (filter: Sql) => sql`
  SELECT alert_id,
    argMaxIf(api_key_id, version, source = 'detection') AS api_key_id,
    argMaxIf(account_id, version, source = 'detection') AS account_id,
    argMaxIf(related_api_key_ids, version, source = 'detection') AS related_api_key_ids,
    argMaxIf(detectors, version, source = 'detection') AS detectors,
    argMaxIf(severity_rank, version, source = 'detection') AS severity_rank,
    argMaxIf(detected_at, version, source = 'detection') AS detected_at,
    argMaxIf(body, version, source = 'detection') AS body,
    argMaxIf(status, version, source = 'triage') AS status,
    argMaxIf(assignee, version, source = 'triage') AS assignee,
    argMaxIf(dismiss_reason, version, source = 'triage') AS dismiss_reason,
    max(updated_at) AS updated_at,
    maxIf(version, source = 'detection') AS detection_version,
    maxIf(version, source = 'triage') AS triage_version
  FROM alerts ${filter}
  GROUP BY alert_id`;

const COLUMNS = sql`alert_id, api_key_id, severity_rank, detected_at, status, assignee, dismiss_reason, updated_at, body,
  detection_version, triage_version`;

/** The triage half of an alert's rows. */
export function triageRow(alertId: string, triage: Triage, updatedAt: number, after: number): Row {
  return {
    alert_id: alertId,
    source: 'triage',
    status: triage.status,
    assignee: triage.assignee ?? '',
    dismiss_reason: triage.dismiss_reason ?? '',
    updated_at: updatedAt,
    version: nextVersion(after),
  };
}

/** The detection half of an alert's rows. */
export function detectionRow(alert: Alert, updatedAt: number, after: number): Row {
  return {
    alert_id: alert.alert_id,
    source: 'detection',
    api_key_id: alert.api_key_id,
    account_id: alert.account_id,
    related_api_key_ids: alert.related_api_key_ids,
    detectors: [...new Set(alert.signals.map((s) => s.detector))],
    severity_rank: severityRank(alert.severity),
    detected_at: alert.detected_at,
    body: JSON.stringify(alert),
    updated_at: updatedAt,
    version: nextVersion(after),
  };
}

/** Reads alerts, their notes and the suppressions that apply to new ones. */
export class AlertReader {
  constructor(private readonly client: ClickHouseClient) {}

  /** Stored alerts by id; a half written alone (a failed write) does not count. */
  async byIds(alertIds: readonly string[]): Promise<Map<string, StoredAlertRow>> {
    if (alertIds.length === 0) return new Map();
    const rows = await selectRows(this.client, this.view(sql`WHERE alert_id IN (${list(alertIds)})`, []), AlertRowSchema);
    return new Map(rows.map((r) => [r.alert_id, r]));
  }

  async get(alertId: string): Promise<StoredAlertRow> {
    const row = (await this.byIds([alertId])).get(alertId);
    if (!row) throw new NotFoundError('alert', alertId);
    return row;
  }

  /** The alert as the API shows it, its cluster alert resolved. */
  async record(row: StoredAlertRow): Promise<AlertRecord> {
    const [record] = await withClusterAlerts(this.client, [toAlertRecord(row)]);
    return record;
  }

  async list(q: AlertListQuery): Promise<Page<AlertRecord>> {
    const order = ALERT_ORDERS[q.sort];
    const keyset = keysetSql(order, q.cursor);
    const conditions = [
      when(q.status, (s) => sql`status IN (${list(s)})`),
      when(q.severity, (s) => sql`severity_rank >= ${severityRank(s)}`),
      when(q.account_id, (a) => sql`account_id = ${a}`),
      when(q.detected_from, (t) => sql`detected_at >= ${t}`),
      when(q.detected_to, (t) => sql`detected_at < ${t}`),
      when(q.api_key_id, (k) => sql`api_key_id = ${k} OR has(related_api_key_ids, ${k})`),
      when(q.detector, (d) => sql`has(detectors, ${d})`),
      keyset.after,
    ];
    const rows = await selectRows(
      this.client,
      sql`${this.view(sql``, conditions)} ORDER BY ${keyset.orderBy} LIMIT ${q.limit + 1}`,
      AlertRowSchema,
    );
    const page = pageOf(order, rows, q.limit, toAlertRecord);
    return { ...page, items: await withClusterAlerts(this.client, page.items) };
  }

  /** The keys' own alerts (not those listing them as members), newest first, at most `perKey` each. */
  async ofKeys(apiKeyIds: readonly string[], perKey: number): Promise<AlertRecord[]> {
    if (apiKeyIds.length === 0) return [];
    // Triage rows carry no key: the inner filter selects the alerts by id.
    const ids = sql`WHERE alert_id IN (SELECT alert_id FROM alerts WHERE source = 'detection' AND api_key_id IN (${list(apiKeyIds)}))`;
    const rows = await selectRows(
      this.client,
      sql`${this.view(ids, [])} ORDER BY detected_at DESC, alert_id DESC LIMIT ${perKey} BY api_key_id`,
      AlertRowSchema,
    );
    return withClusterAlerts(this.client, rows.map(toAlertRecord));
  }

  async notes(alertId: string): Promise<Note[]> {
    return selectRows(
      this.client,
      sql`SELECT note_id, alert_id, author, text, created_at FROM notes FINAL WHERE alert_id = ${alertId}
        ORDER BY created_at, note_id`,
      NoteRowSchema,
    );
  }

  /** Suppressions in force at `now` on the keys, by key. */
  async suppressions(apiKeyIds: readonly string[], now: number): Promise<Map<string, Suppression[]>> {
    const byKey = new Map<string, Suppression[]>();
    if (apiKeyIds.length === 0) return byKey;
    const rows = await selectRows(
      this.client,
      sql`SELECT api_key_id, severity_rank, expires_at FROM suppressions FINAL
        WHERE api_key_id IN (${list(apiKeyIds)}) AND expires_at > ${now}`,
      SuppressionRowSchema,
    );
    for (const r of rows) {
      const entries = byKey.get(r.api_key_id) ?? [];
      entries.push({ severity: SEVERITIES[r.severity_rank], expiresAt: r.expires_at });
      byKey.set(r.api_key_id, entries);
    }
    return byKey;
  }

  async counts(): Promise<Array<{ severity: Severity; status: AlertStatus; count: number }>> {
    const rows = await selectRows(
      this.client,
      sql`SELECT severity_rank, status, count() AS count FROM (${this.view(sql``, [])}) GROUP BY severity_rank, status`,
      CountRowSchema,
    );
    return rows.map((r) => ({ severity: SEVERITIES[r.severity_rank], status: r.status, count: r.count }));
  }

  /** Alerts (`inner` filters the rows aggregated) as `AlertRow`s that meet `conditions`. */
  private view(inner: Sql, conditions: ReadonlyArray<Sql | undefined>): Sql {
    // An alert whose halves were not both written (a failed first write) does not exist yet.
    return sql`SELECT ${COLUMNS} FROM (${latest(inner)}) ${where([sql`body != '' AND status != ''`, ...conditions])}`;
  }
}
