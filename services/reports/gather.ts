import type { AlertRecord } from '../../schemas/api';
import { SEVERITIES, severityRank, ALERT_STATUSES } from '../../schemas/alert';
import type { Decision } from '../../schemas/enforcement';
import type { PeriodSummary, Range, ReportData } from '../../schemas/report';
import type { EnforcementStore, ReportSource } from '../store/actions';
import type { AlertStore, Page } from '../store/types';
import { dayStart, daysOf, previousRange } from './range';

export type ReportReadStore = ReportSource & Pick<EnforcementStore, 'listDecisions'> & Pick<AlertStore, 'listAlerts'>;

const TOP = 10;
const CAMPAIGNS = 8;
const EVIDENCE = 3;
const PAGE = 1000;

interface Period {
  traffic: Awaited<ReturnType<ReportSource['traffic']>>;
  alerts: AlertRecord[];
  decisions: Decision[];
}

async function readAll<T>(page: (cursor: string | undefined) => Promise<Page<T>>): Promise<T[]> {
  const all: T[] = [];
  let cursor: string | undefined;
  do {
    const p = await page(cursor);
    all.push(...p.items);
    cursor = p.next_cursor ?? undefined;
  } while (cursor);
  return all;
}

async function period(store: ReportReadStore, r: Range): Promise<Period> {
  const [traffic, alerts, decisions] = await Promise.all([
    store.traffic(r),
    readAll((cursor) => store.listAlerts({ detected_from: r.from, detected_to: r.to, sort: 'detected_at:asc', limit: PAGE, cursor })),
    readAll((cursor) => store.listDecisions({ created_from: r.from, created_to: r.to, limit: PAGE, cursor })),
  ]);
  return { traffic, alerts, decisions };
}

const countBy = <K extends string>(keys: readonly K[], values: readonly K[]) =>
  Object.fromEntries(keys.map((k) => [k, values.filter((v) => v === k).length])) as Record<K, number>;

function summarize({ traffic, alerts, decisions }: Period): PeriodSummary {
  const confirmed = alerts.filter((a) => a.status === 'confirmed').length;
  const falsePositives = alerts.filter((a) => a.dismiss_reason === 'false_positive').length;
  return {
    events: traffic.events,
    tokens: traffic.tokens,
    keys: traffic.keys,
    accounts: traffic.accounts,
    alerts: alerts.length,
    alerts_high_or_above: alerts.filter((a) => severityRank(a.severity) >= severityRank('high')).length,
    decisions: decisions.length,
    confirmed,
    dismissed_false_positive: falsePositives,
    precision: confirmed + falsePositives ? confirmed / (confirmed + falsePositives) : null,
  };
}

/** Notable first: confirmed before the rest, then by severity, score and size. */
function byNotability(a: AlertRecord, b: AlertRecord): number {
  return (
    Number(b.status === 'confirmed') - Number(a.status === 'confirmed') ||
    severityRank(b.severity) - severityRank(a.severity) ||
    b.score - a.score ||
    b.requests_total - a.requests_total ||
    a.alert_id.localeCompare(b.alert_id)
  );
}

function tally(values: readonly string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
  return m;
}

/** Everything the report says about `range`, read through the store interface only. */
export async function gatherReport(store: ReportReadStore, reportId: string, range: Range, now: number): Promise<ReportData> {
  const previous_range = previousRange(range);
  const [current, prior, topKeys, topAccounts] = await Promise.all([
    period(store, range),
    period(store, previous_range),
    store.topKeys(range, TOP),
    store.topAccounts(range, TOP),
  ]);
  const { alerts, decisions, traffic } = current;
  const alertsOfKey = tally(alerts.map((a) => a.api_key_id));
  const alertsOfAccount = tally(alerts.map((a) => a.account_id));
  const detectors = tally(alerts.flatMap((a) => [...new Set(a.signals.map((s) => s.detector))]));
  const outcomes = tally(decisions.map((d) => `${d.action}/${d.status}`));
  const trafficOfDay = new Map(traffic.daily.map((d) => [d.day, d]));

  return {
    report_id: reportId,
    range,
    previous_range,
    generated_at: now,
    summary: summarize(current),
    previous: summarize(prior),
    daily: daysOf(range).map((day) => {
      const t = trafficOfDay.get(day);
      const ofDay = alerts.filter((a) => dayStart(a.detected_at) === day).map((a) => a.severity);
      return { day, events: t?.events ?? 0, tokens: t?.tokens ?? 0, keys: t?.keys ?? 0, alerts: countBy(SEVERITIES, ofDay) };
    }),
    alerts: {
      by_severity: countBy(SEVERITIES, alerts.map((a) => a.severity)),
      by_status: countBy(ALERT_STATUSES, alerts.map((a) => a.status)),
      by_detector: [...detectors]
        .map(([detector, n]) => ({ detector: detector as AlertRecord['signals'][number]['detector'], alerts: n }))
        .sort((a, b) => b.alerts - a.alerts || a.detector.localeCompare(b.detector)),
      dismissed_by_reason: Object.fromEntries(tally(alerts.flatMap((a) => (a.dismiss_reason ? [a.dismiss_reason] : [])))),
    },
    top_keys: topKeys.map((k) => ({ ...k, alerts: alertsOfKey.get(k.api_key_id) ?? 0 })),
    top_accounts: topAccounts.map((a) => ({ ...a, alerts: alertsOfAccount.get(a.account_id) ?? 0 })),
    top_clusters: alerts
      .filter((a) => a.kind === 'cluster')
      .sort((a, b) => b.score - a.score || a.alert_id.localeCompare(b.alert_id))
      .slice(0, TOP)
      .map((a) => ({ alert_id: a.alert_id, api_key_id: a.api_key_id, keys: 1 + a.related_api_key_ids.length, severity: a.severity, score: a.score })),
    enforcement: {
      outcomes: [...outcomes]
        .map(([k, n]) => {
          const [action, status] = k.split('/') as [Decision['action'], Decision['status']];
          return { action, status, decisions: n };
        })
        .sort((a, b) => b.decisions - a.decisions || `${a.action}/${a.status}`.localeCompare(`${b.action}/${b.status}`)),
      failed_deliveries: decisions.flatMap((d) => d.deliveries).filter((x) => x.status === 'failed').length,
    },
    campaigns: alerts
      .filter((a) => severityRank(a.severity) >= severityRank('high'))
      .sort(byNotability)
      .slice(0, CAMPAIGNS)
      .map((a) => ({
        alert_id: a.alert_id,
        kind: a.kind,
        api_key_id: a.api_key_id,
        account_id: a.account_id,
        related_api_key_ids: a.related_api_key_ids,
        severity: a.severity,
        score: a.score,
        status: a.status,
        detected_at: a.detected_at,
        requests_total: a.requests_total,
        evidence: [...a.signals]
          .sort((x, y) => y.score - x.score)
          .slice(0, EVIDENCE)
          .map(({ detector, score, summary }) => ({ detector, score, summary })),
      })),
  };
}
