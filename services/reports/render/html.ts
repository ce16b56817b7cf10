import type { Severity } from '../../../schemas/alert';
import { SEVERITIES } from '../../../schemas/alert';
import type { ReportData } from '../../../schemas/report';
import type { ReportTable } from '../tables';
import { change, display, periodLabel, reportTables } from '../tables';
import { barChart, columnChart } from './charts';
import { Html, html } from './html-template';

// The triage page's palette, so that a severity reads the same everywhere.
const SEVERITY_COLORS: Record<Severity, string> = { critical: '#a3122a', high: '#d9480f', medium: '#b7791f', low: '#7f93ad' };
const ACCENT = '#2456a6';
const OUTCOME_COLORS: Record<string, string> = { active: '#d9480f', expired: '#7f93ad', lifted: '#2f9e44', dry_run: '#b9c0cc' };

// Ours, not data: inserted as it is (escaping would break its quotes).
const STYLE = new Html(`
:root { color: #1c2330; font: 14px/1.45 system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', Arial, sans-serif; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1100px; padding: 2rem 2.5rem 3rem; background: #fff; }
header { border-bottom: 3px solid #17233a; padding-bottom: 0.8rem; margin-bottom: 1.5rem; }
h1 { font-size: 1.6rem; margin: 0; } h1 span { font-weight: 400; color: #5b6475; }
h2 { font-size: 1.1rem; margin: 2rem 0 0.6rem; }
.meta { color: #5b6475; margin: 0.3rem 0 0; }
.kpis { display: grid; grid-template-columns: repeat(5, 1fr); gap: 0.8rem; }
.kpi { border: 1px solid #dde1e8; border-radius: 8px; padding: 0.7rem 0.9rem; }
.kpi b { display: block; font-size: 1.5rem; font-variant-numeric: tabular-nums; }
.kpi span { color: #5b6475; font-size: 0.85em; }
.kpi .bad { color: #a3122a; } .kpi .good { color: #2f9e44; }
.charts { margin-top: 1rem; display: grid; grid-template-columns: 1fr 1fr; gap: 1rem 1.5rem; }
figure { margin: 0; border: 1px solid #dde1e8; border-radius: 8px; padding: 0.8rem 0.9rem 0.5rem; break-inside: avoid; }
figcaption { font-weight: 600; margin-bottom: 0.4rem; }
.chart { width: 100%; height: auto; display: block; }
.chart text { font-size: 13px; fill: #5b6475; }
table { width: 100%; border-collapse: collapse; break-inside: auto; }
th { text-align: left; color: #5b6475; font-size: 0.85em; font-weight: 600; }
th, td { padding: 0.35rem 0.5rem; border-bottom: 1px solid #dde1e8; vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td { overflow-wrap: break-word; }
td:not(:last-child) { white-space: nowrap; }
td:last-child { min-width: 12rem; }
tr { break-inside: avoid; }
.empty { color: #5b6475; }
@media print {
  body { padding: 0; max-width: none; }
  @page { margin: 14mm; }
  * { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  h2 { break-after: avoid; }
}
`);

/**
 * A headline figure with its change since the previous period, coloured when the change is good
 * or bad news (`upIsGood`); volume changes are neither.
 */
function kpi(label: string, now: number, before: number, o: { text?: string; upIsGood?: boolean } = {}): Html {
  const delta = change(now, before);
  const good = o.upIsGood === undefined || now === before ? '' : now > before === o.upIsGood ? 'good' : 'bad';
  return html`<div class="kpi"><span>${label}</span><b>${o.text ?? now.toLocaleString('en-US')}</b><span class="${good}">${delta || 'no change'} vs previous</span></div>`;
}

function table(t: ReportTable): Html {
  const cls = (numeric?: boolean) => (numeric ? 'num' : false);
  return html`<h2>${t.title}</h2><table><thead><tr>${t.columns.map((c) => html`<th class="${cls(c.numeric)}">${c.label}</th>`)}</tr></thead><tbody>${t.rows.map(
    (row) => html`<tr>${row.map((v, i) => html`<td class="${cls(t.columns[i].numeric)}">${display(v)}</td>`)}</tr>`,
  )}</tbody></table>`;
}

function charts(r: ReportData): Html {
  const days = r.daily.map((d) => new Date(d.day).toUTCString().slice(0, 11).replace(',', ''));
  const severities = [...SEVERITIES].map((s) => ({ name: s, color: SEVERITY_COLORS[s], values: r.daily.map((d) => d.alerts[s]) }));
  const detectors = r.alerts.by_detector.map((d) => ({ label: d.detector, value: d.alerts, color: ACCENT }));
  const outcomes = r.enforcement.outcomes.map((o) => ({
    label: `${o.action} · ${o.status.replace('_', ' ')}`,
    value: o.decisions,
    color: OUTCOME_COLORS[o.status],
  }));
  const none = (what: string) => html`<p class="empty">No ${what} in this period.</p>`;
  return html`<section class="charts">
<figure><figcaption>Requests per day</figcaption>${columnChart('Requests per day', days, [{ name: 'requests', color: ACCENT, values: r.daily.map((d) => d.events) }])}</figure>
<figure><figcaption>Alerts per day, by severity</figcaption>${columnChart('Alerts per day by severity', days, severities)}</figure>
<figure><figcaption>Alerts by detector</figcaption>${detectors.length ? barChart('Alerts by detector', detectors) : none('alerts')}</figure>
<figure><figcaption>Enforcement decisions by outcome</figcaption>${outcomes.length ? barChart('Enforcement decisions by outcome', outcomes) : none('decisions')}</figure>
</section>`;
}

/** The report as one HTML file: headline figures, charts (inline SVG), then every table. */
export function renderHtml(r: ReportData): string {
  const { summary: s, previous: p } = r;
  const precision = (x: number | null) => (x === null ? '—' : `${Math.round(x * 100)}%`);
  const doc = html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>DistillGuard abuse report · ${periodLabel(r)}</title><style>${STYLE}</style></head>
<body>
<header><h1>DistillGuard <span>abuse report</span></h1>
<p class="meta">${periodLabel(r)} · compared with the ${Math.round((r.range.to - r.range.from) / 86_400_000)} days before · generated ${new Date(r.generated_at).toISOString().slice(0, 16).replace('T', ' ')} UTC · report ${r.report_id}</p></header>
<section class="kpis">
${kpi('Requests', s.events, p.events)}${kpi('API keys seen', s.keys, p.keys)}${kpi('Alerts high or critical', s.alerts_high_or_above, p.alerts_high_or_above, { upIsGood: false })}${kpi('Enforcement decisions', s.decisions, p.decisions)}${kpi('Analyst precision', s.precision ?? 0, p.precision ?? 0, { text: precision(s.precision), upIsGood: true })}
</section>
${charts(r)}
${reportTables(r).map(table)}
</body></html>`;
  return doc.text;
}
