// One alert, read top to bottom: what it is, what to do, why it fired, what the key sent.
import { el, fill } from './dom.js';
import { count, figure, score, shortWhen, when, words } from './format.js';
import { severityBadge, statusPill } from './badges.js';
import { keyChart } from './chart.js';
import { enforcementList } from './enforcement.js';

/**
 * Draws an alert (GET /v1/alerts/:id), its key's profile (GET /v1/keys/:id) and enforcement
 * (GET /v1/enforcement: the alert's decisions, and those in force on its key) into `root`.
 */
export function renderDetail(root, alert, profile, enforcement) {
  const chart = el('div', {
    class: 'chart',
    role: 'img',
    'aria-label': `Requests per hour and highest score per hour of key ${alert.api_key_id}`,
  });
  const hasTraffic = profile.hours.length > 0;
  fill(
    root,
    summary(alert, profile.allowlisted),
    actions(alert),
    section('Enforcement', enforcementList(enforcement.ofAlert, enforcement.onKey)),
    section('Why it fired', signalTable(alert.signals)),
    section('Traffic of this key', hasTraffic ? chart : empty('No traffic recorded for this key.')),
    section('Sample requests', samples(alert.samples)),
    section('Severity history', historyTable(alert.severity_history)),
    section('Notes', noteForm(), notes(alert.notes)),
    section('Activity', activity(alert.audit)),
  );
  // uPlot sizes itself from its host, which has a width only once it is in the page.
  if (hasTraffic) keyChart(chart, profile.hours);
}

function section(title, ...content) {
  return el('section', { class: 'block' }, el('h3', {}, title), content);
}

function empty(text) {
  return el('p', { class: 'empty' }, text);
}

function summary(alert, allowlisted) {
  const facts = [
    ['Account', el('code', {}, alert.account_id)],
    ['Score', score(alert.score)],
    ['Status', statusPill(alert.status), alert.dismiss_reason && ` ${words(alert.dismiss_reason)}`],
    ['Assignee', alert.assignee ?? '—'],
    ['Recommended', words(alert.recommended_action)],
    ['Detected', when(alert.detected_at)],
    ['Traffic', `${shortWhen(alert.first_event_ts)} – ${shortWhen(alert.last_event_ts)} UTC`],
    ['Requests', `${count(alert.requests_at_detection)} at detection, ${count(alert.requests_total)} in all`],
  ];
  if (alert.related_api_key_ids.length) {
    facts.push(['Related keys', alert.related_api_key_ids.map((k) => el('code', {}, k, ' '))]);
  }
  if (alert.ended_at !== null) facts.push(['Ended', when(alert.ended_at)]);
  return el(
    'header',
    { class: 'detail-head' },
    el(
      'h2',
      {},
      severityBadge(alert.severity),
      `${alert.kind === 'cluster' ? 'Cluster' : 'Key'} alert on `,
      el('code', {}, alert.api_key_id),
      allowlisted && el('span', { class: 'pill allowlisted' }, 'allow-listed'),
    ),
    el('dl', { class: 'facts' }, facts.map(([name, ...value]) => el('div', {}, el('dt', {}, name), el('dd', {}, value)))),
  );
}

const ACTIONS = [
  ['acknowledge', 'Acknowledge', 'a'],
  ['confirm', 'Confirm', 'c'],
  ['dismiss', 'Dismiss…', 'd'],
  ['reopen', 'Reopen', 'o'],
  ['allow', 'Allow-list…', 'l'],
  ['throttle', 'Throttle key…', 't'],
];

/** Buttons carry `data-action`; the app listens for them and for the same keys. */
function actions(alert) {
  return el(
    'div',
    { class: 'actions', role: 'toolbar', 'aria-label': 'Triage actions' },
    ACTIONS.map(([action, label, key]) =>
      el('button', { type: 'button', 'data-action': action, 'aria-keyshortcuts': key }, label, ' ', el('kbd', {}, key)),
    ),
    el(
      'form',
      { class: 'assign', 'data-form': 'assignee' },
      el('label', { for: 'assignee' }, 'Assignee'),
      el('input', { id: 'assignee', name: 'assignee', value: alert.assignee ?? '', autocomplete: 'off', 'aria-keyshortcuts': 's' }),
      el('button', { type: 'submit' }, 'Assign'),
    ),
  );
}

function signalTable(signals) {
  if (!signals.length) return empty('No signals recorded.');
  const rows = [...signals]
    .sort((a, b) => b.score - a.score)
    .map((s) =>
      el(
        'tr',
        {},
        el('th', { scope: 'row' }, s.detector),
        el('td', {}, el('meter', { min: 0, max: 1, value: s.score, 'aria-hidden': 'true' }), ' ', score(s.score)),
        el('td', {}, el('p', { class: 'finding' }, s.summary), figures(s.evidence)),
      ),
    );
  return el(
    'table',
    { class: 'signals grid' },
    el('thead', {}, el('tr', {}, ['Detector', 'Score', 'Finding'].map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, rows),
  );
}

function figures(evidence) {
  return el(
    'dl',
    { class: 'figures' },
    Object.entries(evidence).map(([name, value]) => el('div', {}, el('dt', {}, words(name)), el('dd', {}, figure(value)))),
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
