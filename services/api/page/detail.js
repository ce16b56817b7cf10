// One alert, read top to bottom: what it is, what to do, why it fired, what the key (or the
// cluster's members) sent.
import { el, fill } from './dom.js';
import { count, score, shortWhen, when, words } from './format.js';
import { severityBadge, statusPill } from './badges.js';
import { actionButtons, empty, KEY_ACTIONS, section, signalTable, TRIAGE_ACTIONS } from './blocks.js';
import { trafficChart } from './chart.js';
import { accountsList, clusterSize, membersTable } from './cluster.js';
import { enforcementList } from './enforcement.js';
import { alertLink, keyLink } from './nav.js';

/**
 * Draws an alert (GET /v1/alerts/:id) into `root` with what the app read around it: for a key
 * alert its key's profile (GET /v1/keys/:id), for a cluster alert its members
 * (GET /v1/alerts/:id/members); and enforcement (GET /v1/enforcement: the alert's decisions,
 * and for a key alert those in force on its key).
 */
export function renderDetail(root, alert, { profile, members, enforcement }) {
  if (alert.kind === 'cluster') return renderCluster(root, alert, members, enforcement);
  const traffic = trafficChart(alert.api_key_id, profile.hours);
  fill(
    root,
    summary(alert, `Key alert on `, el('code', {}, alert.api_key_id), profile.allowlisted && el('span', { class: 'pill allowlisted' }, 'allow-listed')),
    actions(alert),
    section('Enforcement', enforcementList(enforcement.ofAlert, enforcement.onKey)),
    section('Why it fired', signalTable(alert.signals)),
    section('Traffic of this key', traffic.node),
    section('Sample requests', samples(alert.samples)),
    ...triageSections(alert),
  );
  traffic.draw();
}

function renderCluster(root, alert, members, enforcement) {
  fill(
    root,
    summary(alert, `Cluster alert: ${clusterSize(members)}`),
    actions(alert),
    section('Enforcement on the members', enforcementList(enforcement.ofAlert, [], { cluster: true })),
    section('Why it fired: what the members do together', signalTable(alert.signals)),
    section(`Members (${count(members.length)})`, membersTable(members, enforcement.ofAlert)),
    section('Accounts involved', accountsList(members)),
    section('Sample requests', samples(alert.samples)),
    ...triageSections(alert),
  );
}

function triageSections(alert) {
  return [
    section('Severity history', historyTable(alert.severity_history)),
    section('Notes', noteForm(), notes(alert.notes)),
    section('Activity', activity(alert.audit)),
  ];
}

function summary(alert, ...title) {
  const cluster = alert.kind === 'cluster';
  const facts = [
    cluster
      ? ['Named after', keyLink(alert.api_key_id, el('code', {}, alert.api_key_id)), el('span', { class: 'sub' }, ' its first member')]
      : ['Account', el('code', {}, alert.account_id)],
    ['Score', score(alert.score)],
    ['Status', statusPill(alert.status), alert.dismiss_reason && ` ${words(alert.dismiss_reason)}`],
    ['Assignee', alert.assignee ?? '—'],
    ['Recommended', words(alert.recommended_action)],
    ['Detected', when(alert.detected_at)],
    ['Traffic', `${shortWhen(alert.first_event_ts)} – ${shortWhen(alert.last_event_ts)} UTC`],
    ['Requests', `${count(alert.requests_at_detection)} at detection, ${count(alert.requests_total)} in all`],
  ];
  if (alert.cluster_alert_id) {
    facts.unshift(['Part of a cluster', alertLink(alert.cluster_alert_id, 'Open its cluster alert'), ' ', el('kbd', {}, 'g')]);
  }
  if (!cluster && alert.related_api_key_ids.length) {
    facts.push(['Related keys', alert.related_api_key_ids.map((k) => el('code', {}, k, ' '))]);
  }
  if (alert.ended_at !== null) facts.push(['Ended', when(alert.ended_at)]);
  return el(
    'header',
    { class: 'detail-head' },
    el('h2', {}, severityBadge(alert.severity), ...title),
    el('dl', { class: 'facts' }, facts.map(([name, ...value]) => el('div', {}, el('dt', {}, name), el('dd', {}, value)))),
  );
}

function actions(alert) {
  return el(
    'div',
    { class: 'actions', role: 'toolbar', 'aria-label': 'Triage actions' },
    actionButtons(alert.kind === 'cluster' ? TRIAGE_ACTIONS : [...TRIAGE_ACTIONS, ...KEY_ACTIONS]),
    el(
      'form',
      { class: 'assign', 'data-form': 'assignee' },
      el('label', { for: 'assignee' }, 'Assignee'),
      el('input', { id: 'assignee', name: 'assignee', value: alert.assignee ?? '', autocomplete: 'off', 'aria-keyshortcuts': 's' }),
      el('button', { type: 'submit' }, 'Assign'),
    ),
  );
}

function samples(list) {
  if (!list.length) return empty('No sample requests kept.');
  return list.map((s) =>
    el(
      'article',
      { class: 'sample' },
      el(
        'p',
        { class: 'sample-meta' },
        when(s.ts), ' · ', s.model, ' · ',
        `${count(s.prompt_tokens)} → ${count(s.completion_tokens)} tokens`,
        s.finish_reason ? ` · finished: ${s.finish_reason}` : '',
      ),
      s.prompt === null ? empty('Prompt not stored.') : el('pre', { class: 'prompt' }, s.prompt),
    ),
  );
}

function historyTable(history) {
  return el(
    'table',
    { class: 'grid' },
    el('thead', {}, el('tr', {}, ['When', 'Severity', 'Score', 'Requests so far'].map((h) => el('th', { scope: 'col' }, h)))),
    el(
      'tbody',
      {},
      history.map((h) =>
        el(
          'tr',
          {},
          el('td', {}, when(h.at)),
          el('td', {}, severityBadge(h.severity)),
          el('td', { class: 'num' }, score(h.score)),
          el('td', { class: 'num' }, count(h.requests)),
        ),
      ),
    ),
  );
}

function noteForm() {
  return el(
    'form',
    { class: 'note', 'data-form': 'note' },
    el('label', { for: 'note' }, 'Add a note'),
    el('textarea', { id: 'note', name: 'note', rows: 2, required: true, 'aria-keyshortcuts': 'n' }),
    el('button', { type: 'submit' }, 'Add note'),
  );
}

function notes(list) {
  return el(
    'ul',
    { class: 'timeline' },
    list.map((n) =>
      el('li', {}, el('span', { class: 'who' }, n.author), el('span', { class: 'at' }, when(n.created_at)), el('blockquote', {}, n.text)),
    ),
  );
}

function activity(entries) {
  if (!entries.length) return empty('No triage yet.');
  return el(
    'ul',
    { class: 'timeline' },
    entries.map((e) =>
      el(
        'li',
        {},
        el('span', { class: 'who' }, e.actor), ' ', words(e.action),
        el('span', { class: 'at' }, when(e.at)),
        change(e.details),
      ),
    ),
  );
}

/** Audit details as "open → acknowledged · reason: false_positive"; ids are for machines and left out. */
function change(details) {
  const { from, to, ...rest } = details;
  const parts = 'to' in details ? [`${from ?? '—'} → ${to ?? '—'}`] : [];
  for (const [name, value] of Object.entries(rest)) {
    if (!name.endsWith('_id')) parts.push(`${words(name)}: ${typeof value === 'string' ? value : JSON.stringify(value)}`);
  }
  return parts.length ? el('div', { class: 'sub' }, parts.join(' · ')) : null;
}
