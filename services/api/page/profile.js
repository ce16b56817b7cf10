// One key on its own (GET /v1/keys/:id): a cluster member with no alert of its own is checked here.
import { el, fill } from './dom.js';
import { count, score, shortWhen, when } from './format.js';
import { severityBadge, statusPill } from './badges.js';
import { actionButtons, empty, KEY_ACTIONS, section, signalTable } from './blocks.js';
import { trafficChart } from './chart.js';
import { enforcementList } from './enforcement.js';
import { alertLink } from './nav.js';

/** Draws a key's profile and the decisions in force on it into `root`. */
export function renderKey(root, profile, onKey) {
  const traffic = trafficChart(profile.api_key_id, profile.hours);
  const a = profile.assessment;
  fill(
    root,
    el(
      'header',
      { class: 'detail-head' },
      el('h2', {}, 'Key ', el('code', {}, profile.api_key_id), profile.allowlisted && el('span', { class: 'pill allowlisted' }, 'allow-listed')),
      el(
        'dl',
        { class: 'facts' },
        [
          ['Account', el('code', {}, profile.account_id)],
          ['Latest score', a ? score(a.score) : '—'],
          ['Assessed', a ? `${when(a.at)} after ${count(a.requests)} requests` : 'not yet'],
        ].map(([name, value]) => el('div', {}, el('dt', {}, name), el('dd', {}, value))),
      ),
    ),
    el('div', { class: 'actions', role: 'toolbar', 'aria-label': 'Key actions' }, actionButtons(KEY_ACTIONS)),
    section('Enforcement', enforcementList([], onKey)),
    section('Current signals', a ? signalTable(a.signals) : empty('Not assessed yet.')),
    section('Traffic of this key', traffic.node),
    section('Alerts', alertsTable(profile.alerts)),
  );
  traffic.draw();
}

function alertsTable(alerts) {
  if (!alerts.length) return empty('No alert names this key.');
  return el(
    'table',
    { class: 'grid' },
    el('thead', {}, el('tr', {}, ['Alert', 'Severity', 'Score', 'Detected (UTC)', 'Status'].map((h) => el('th', { scope: 'col' }, h)))),
    el(
      'tbody',
      {},
      alerts.map((x) =>
        el(
          'tr',
          {},
          el('td', {}, alertLink(x.alert_id, x.kind === 'cluster' ? `Cluster of ${count(x.related_api_key_ids.length)} keys` : 'Key alert')),
          el('td', {}, severityBadge(x.severity)),
          el('td', { class: 'num' }, score(x.score)),
          el('td', { class: 'nowrap' }, shortWhen(x.detected_at)),
          el('td', {}, statusPill(x.status)),
        ),
      ),
    ),
  );
}
