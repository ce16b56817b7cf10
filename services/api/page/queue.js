// The alert queue: one row per alert, a j/k cursor, and counts by severity.
import { el, fill } from './dom.js';
import { count, score, shortWhen } from './format.js';
import { severityBadge, statusPill } from './badges.js';

const SEVERITIES = ['critical', 'high', 'medium', 'low'];
// A row shows the strongest detectors only; the detail lists them all.
const DETECTORS_SHOWN = 3;

/** Redraws the rows; `cursor` is the index the j/k keys are on, `openId` the alert in the detail. */
export function renderQueue(tbody, alerts, cursor, openId) {
  fill(tbody, alerts.map((alert, i) => row(alert, i === cursor, alert.alert_id === openId)));
}

function row(alert, current, open) {
  return el(
    'tr',
    {
      'data-id': alert.alert_id,
      tabindex: current ? 0 : -1,
      'aria-current': current && 'true',
      class: open ? 'opened' : null,
    },
    el('td', {}, severityBadge(alert.severity)),
    el('td', { class: 'num' }, score(alert.score)),
    el('td', {}, subject(alert)),
    el('td', {}, strongest(alert.signals).map((s) => el('span', { class: 'chip' }, s.detector))),
    el('td', { class: 'nowrap' }, shortWhen(alert.detected_at)),
    el('td', {}, statusPill(alert.status)),
  );
}

/**
 * A cluster alert stands out by a badge and its size, named after its first member; a key alert
 * shows its key and account, and whether the key belongs to a cluster under alert.
 */
function subject(alert) {
  if (alert.kind === 'cluster') {
    const accounts = alert.signals.find((s) => s.detector === 'cluster')?.evidence.accounts;
    const size = `${count(alert.related_api_key_ids.length)} keys${typeof accounts === 'number' ? ` in ${count(accounts)} accounts` : ''}`;
    return [el('span', { class: 'kind-cluster' }, 'cluster'), ' ', el('code', {}, alert.api_key_id), el('div', { class: 'sub' }, size)];
  }
  return [
    el('code', {}, alert.api_key_id),
    el('div', { class: 'sub' }, alert.account_id, alert.cluster_alert_id && [' · ', el('span', { class: 'in-cluster' }, 'in a cluster')]),
  ];
}

function strongest(signals) {
  return [...signals].sort((a, b) => b.score - a.score).slice(0, DETECTORS_SHOWN);
}

/** Counts the loaded alerts by severity; with more pages to load, the counts are lower bounds. */
export function renderCounts(list, alerts, partial) {
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0]));
  for (const alert of alerts) counts[alert.severity] += 1;
  const more = partial ? '+' : '';
  fill(list, SEVERITIES.map((s) => el('li', { class: `sev-${s}` }, el('strong', {}, count(counts[s]), more), ` ${s}`)));
}
