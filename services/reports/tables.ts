import { SEVERITIES, ALERT_STATUSES } from '../../schemas/alert';
import type { PeriodSummary, ReportData } from '../../schemas/report';

export type Cell = string | number | null;

/** One table of the report, as Markdown, CSV and HTML all show it. */
export interface ReportTable {
  id: string;
  title: string;
  columns: Array<{ label: string; numeric?: boolean }>;
  rows: Cell[][];
}

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
const day = (ms: number) => iso(ms).slice(0, 10);
const score = (x: number) => Math.round(x * 100) / 100;

/** "+12%", "−40%", "new" (from nothing) or "" (nothing either time). */
export function change(current: number, previous: number): string {
  if (previous === 0) return current === 0 ? '' : 'new';
  const pct = Math.round(((current - previous) / previous) * 100);
  return pct === 0 ? '±0%' : `${pct > 0 ? '+' : '−'}${Math.abs(pct)}%`;
}

const SUMMARY_ROWS: Array<[keyof PeriodSummary, string]> = [
  ['events', 'Requests seen'],
  ['tokens', 'Tokens'],
  ['keys', 'API keys seen'],
  ['accounts', 'Accounts seen'],
  ['alerts', 'Alerts'],
  ['alerts_high_or_above', 'Alerts high or critical'],
  ['decisions', 'Enforcement decisions'],
  ['confirmed', 'Confirmed by analysts'],
  ['dismissed_false_positive', 'Dismissed as false positive'],
];

function summaryTable(r: ReportData): ReportTable {
  const precision = (p: number | null) => (p === null ? null : `${Math.round(p * 100)}%`);
  return {
    id: 'summary',
    title: 'Summary, week over week',
    columns: [{ label: 'Metric' }, { label: 'This period', numeric: true }, { label: 'Previous period', numeric: true }, { label: 'Change', numeric: true }],
    rows: [
      ...SUMMARY_ROWS.map(([key, label]): Cell[] => {
        const [now, before] = [r.summary[key] ?? 0, r.previous[key] ?? 0];
        return [label, now, before, change(now, before)];
      }),
      ['Analyst precision (confirmed ÷ confirmed + false positives)', precision(r.summary.precision), precision(r.previous.precision), ''],
    ],
  };
}

const counts = (id: string, title: string, label: string, entries: Array<[string, number]>): ReportTable => ({
  id,
  title,
  columns: [{ label }, { label: 'Alerts', numeric: true }],
  rows: entries,
});

/** The report's tables in reading order; a table with nothing to show is left out. */
export function reportTables(r: ReportData): ReportTable[] {
  const tables: ReportTable[] = [
    summaryTable(r),
    counts('alerts_by_severity', 'Alerts by severity', 'Severity', [...SEVERITIES].reverse().map((s) => [s, r.alerts.by_severity[s]])),
    counts('alerts_by_status', 'Alerts by status', 'Status', ALERT_STATUSES.map((s) => [s, r.alerts.by_status[s]])),
    counts('alerts_by_detector', 'Alerts by detector (an alert counts once for each detector that signalled)', 'Detector', r.alerts.by_detector.map((d) => [d.detector, d.alerts])),
    {
      id: 'top_keys',
      title: 'Top API keys by risk',
      columns: [{ label: 'API key' }, { label: 'Account' }, { label: 'Requests', numeric: true }, { label: 'Tokens', numeric: true }, { label: 'Highest score', numeric: true }, { label: 'Alerts', numeric: true }],
      rows: r.top_keys.map((k) => [k.api_key_id, k.account_id, k.requests, k.tokens, score(k.max_score), k.alerts]),
    },
    {
      id: 'top_accounts',
      title: 'Top accounts by risk',
      columns: [{ label: 'Account' }, { label: 'Keys', numeric: true }, { label: 'Requests', numeric: true }, { label: 'Tokens', numeric: true }, { label: 'Highest score', numeric: true }, { label: 'Alerts', numeric: true }],
      rows: r.top_accounts.map((a) => [a.account_id, a.keys, a.requests, a.tokens, score(a.max_score), a.alerts]),
    },
    {
      id: 'top_clusters',
      title: 'Top clusters by risk',
      columns: [{ label: 'Alert' }, { label: 'Lead key' }, { label: 'Keys', numeric: true }, { label: 'Severity' }, { label: 'Score', numeric: true }],
      rows: r.top_clusters.map((c) => [c.alert_id, c.api_key_id, c.keys, c.severity, score(c.score)]),
    },
    {
      id: 'enforcement',
      title: `Enforcement decisions and outcomes (${r.enforcement.failed_deliveries} failed deliveries)`,
      columns: [{ label: 'Action' }, { label: 'Outcome' }, { label: 'Decisions', numeric: true }],
      rows: r.enforcement.outcomes.map((o) => [o.action, o.status.replace('_', ' '), o.decisions]),
    },
    {
      id: 'campaigns',
      title: 'Notable campaigns',
      columns: [
        { label: 'Alert' }, { label: 'Key' }, { label: 'Account' }, { label: 'Severity' }, { label: 'Score', numeric: true },
        { label: 'Status' }, { label: 'Detected (UTC)' }, { label: 'Requests', numeric: true }, { label: 'Evidence' },
      ],
      rows: r.campaigns.map((c) => [
        c.alert_id,
        c.related_api_key_ids.length ? `${c.api_key_id} (+${c.related_api_key_ids.length} keys)` : c.api_key_id,
        c.account_id,
        c.severity,
        score(c.score),
        c.status,
        iso(c.detected_at).slice(0, 16).replace('T', ' '),
        c.requests_total,
        c.evidence.map((e) => `${e.detector} ${score(e.score)}: ${e.summary}`).join(' | '),
      ]),
    },
    {
      id: 'daily',
      title: 'Day by day (UTC)',
      columns: [{ label: 'Day' }, { label: 'Requests', numeric: true }, { label: 'Tokens', numeric: true }, { label: 'Keys', numeric: true }, ...SEVERITIES.map((s) => ({ label: `Alerts ${s}`, numeric: true }))],
      rows: r.daily.map((d) => [day(d.day), d.events, d.tokens, d.keys, ...SEVERITIES.map((s) => d.alerts[s])]),
    },
  ];
  return tables.filter((t) => t.rows.length > 0);
}

/** A cell as a person reads it: thousands separated, scores with two decimals, empty as "—". */
export function display(cell: Cell): string {
  if (cell === null || cell === '') return '—';
  if (typeof cell === 'string') return cell;
  return Number.isInteger(cell) ? cell.toLocaleString('en-US') : cell.toFixed(2);
}

export const periodLabel = (r: ReportData) => `${day(r.range.from)} to ${day(r.range.to - 1)} (UTC)`;
