// The triage page: signs in, keeps the queue and the open alert in step with the API, and turns
// buttons and shortcuts into API calls.
import { ApiError, request, requestAll, token, withQuery } from './api.js';
import { renderCounts, renderQueue } from './queue.js';
import { renderDetail } from './detail.js';
import { hashOf, viewOf } from './nav.js';
import { renderKey } from './profile.js';
import { loadReports, openReport, requestReport } from './reports.js';
import { bindShortcuts } from './shortcuts.js';
import { el, fill } from './dom.js';

const PAGE_SIZE = 100;
const $ = (id) => document.getElementById(id);

const state = {
  alerts: [],
  nextCursor: null,
  /** Index of the queue row the j/k keys are on. */
  cursor: 0,
  /** What the detail shows: `{ kind: 'alert' | 'key', id }`, as in the page's address. */
  view: null,
  /** The alert shown in the detail, which may have left the queue since (e.g. once dismissed). */
  open: null,
  /** The key that allow-listing and throttling act on: a key alert's or a profile's; none for a cluster. */
  subject: null,
};

// ---- feedback ----------------------------------------------------------------------------------

function showError(err) {
  const details = err.details === undefined ? null : el('pre', {}, JSON.stringify(err.details, null, 2));
  fill(
    $('error'),
    el('strong', {}, err.code ?? 'error'), ' ', err.message,
    details && el('details', {}, el('summary', {}, 'Details'), details),
    el('button', { type: 'button', class: 'quiet', 'data-close': true, 'aria-label': 'Close error' }, '×'),
  );
  $('error').hidden = false;
}

function notify(text) {
  $('notice').textContent = text;
}

/** Runs an API-backed step; a rejected token sends the analyst back to sign in, any other error is shown. */
async function guarded(step) {
  // What the last step said is stale once the next one starts.
  $('error').hidden = true;
  notify('');
  try {
    await step();
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      token.clear();
      showSignIn();
    }
    showError(err);
  }
}

// ---- signing in --------------------------------------------------------------------------------

// The stylesheet shows the sign-in form or the workspace from this one attribute.
const session = (state) => (document.body.dataset.session = state);

function showSignIn() {
  session('out');
  $('token').focus();
}

function start() {
  if (!token.get()) return showSignIn();
  return guarded(async () => {
    await loadQueue();
    session('in');
    focusCursor();
    // A notification links to `/#alert=<id>`.
    const linked = viewOf(location.hash);
    if (linked) await openView(linked);
  });
}

// ---- the queue ---------------------------------------------------------------------------------

async function loadQueue(more = false) {
  const filters = Object.fromEntries(new FormData($('filters')));
  const cursor = more ? state.nextCursor : null;
  const page = await request('GET', withQuery('/v1/alerts', { ...filters, limit: PAGE_SIZE, cursor }));
  state.alerts = more ? [...state.alerts, ...page.alerts] : page.alerts;
  state.nextCursor = page.next_cursor;
  state.cursor = Math.max(0, Math.min(state.cursor, state.alerts.length - 1));
  drawQueue();
  renderCounts($('counts'), state.alerts, state.nextCursor !== null);
}

function drawQueue() {
  // Redrawing replaces the rows; focus on one of them moves to the new cursor row.
  const focused = $('queue').contains(document.activeElement);
  renderQueue($('queue'), state.alerts, state.cursor, state.open?.alert_id);
  if (focused) focusCursor();
  $('queue-empty').hidden = state.alerts.length > 0;
  $('more').hidden = !state.nextCursor;
}

function focusCursor() {
  $('queue').rows[state.cursor]?.focus();
}

function moveCursor(step) {
  if (!state.alerts.length) return;
  state.cursor = Math.max(0, Math.min(state.cursor + step, state.alerts.length - 1));
  drawQueue();
  focusCursor();
}

// ---- the open alert or key --------------------------------------------------------------------

async function openAlert(id) {
  const alert = await request('GET', `/v1/alerts/${encodeURIComponent(id)}`);
  const ofAlert = requestAll('/v1/enforcement', { alert_id: alert.alert_id }, 'decisions');
  if (alert.kind === 'cluster') {
    const [{ members }, decisions] = await Promise.all([request('GET', `/v1/alerts/${encodeURIComponent(id)}/members`), ofAlert]);
    renderDetail($('detail'), alert, { members, enforcement: { ofAlert: decisions, onKey: [] } });
  } else {
    const [profile, decisions, onKey] = await Promise.all([
      request('GET', `/v1/keys/${encodeURIComponent(alert.api_key_id)}`),
      ofAlert,
      request('GET', withQuery('/v1/enforcement', { api_key_id: alert.api_key_id, status: 'active' })),
    ]);
    renderDetail($('detail'), alert, { profile, enforcement: { ofAlert: decisions, onKey: onKey.decisions } });
  }
  state.open = alert;
  state.subject = alert.kind === 'key' ? { api_key_id: alert.api_key_id, account_id: alert.account_id } : null;
}

async function openKey(apiKeyId) {
  const [profile, onKey] = await Promise.all([
    request('GET', `/v1/keys/${encodeURIComponent(apiKeyId)}`),
    request('GET', withQuery('/v1/enforcement', { api_key_id: apiKeyId, status: 'active' })),
  ]);
  renderKey($('detail'), profile, onKey.decisions);
  state.open = null;
  state.subject = { api_key_id: profile.api_key_id, account_id: profile.account_id };
}

/** Shows an alert or a key in the detail, and keeps the address naming it (without a history entry). */
async function openView(view) {
  await (view.kind === 'alert' ? openAlert(view.id) : openKey(view.id));
  state.view = view;
  history.replaceState(null, '', hashOf(view.kind, view.id));
  drawQueue();
}

/** Draws the detail again after a change made from it. */
const refresh = () => openView(state.view);

function openCursor() {
  const alert = state.alerts[state.cursor];
  if (alert) guarded(() => openView({ kind: 'alert', id: alert.alert_id }));
}

/**
 * PATCHes the open alert, then redraws both panes (a status change can move it out of the queue).
 * The notice comes last: once it shows, the page is settled and safe to type into.
 */
function triage(change, done) {
  const alert = state.open;
  if (!alert) return notify('Open an alert first.');
  return guarded(async () => {
    await request('PATCH', `/v1/alerts/${encodeURIComponent(alert.alert_id)}`, change);
    await loadQueue();
    await refresh();
    notify(done);
  });
}

/** Shows a modal form; resolves to its fields when confirmed, null when cancelled. */
function ask(dialog) {
  return new Promise((resolve) => {
    const form = dialog.querySelector('form');
    dialog.addEventListener(
      'close',
      () => {
        const fields = dialog.returnValue === 'confirm' ? Object.fromEntries(new FormData(form)) : null;
        form.reset();
        resolve(fields);
      },
      { once: true },
    );
    dialog.returnValue = '';
    dialog.showModal();
  });
}

async function dismiss() {
  if (!state.open) return notify('Open an alert first.');
  const fields = await ask($('dismiss-dialog'));
  // JSON leaves out an undefined note; the API refuses an empty one.
  if (fields) await triage({ status: 'dismissed', reason: fields.reason, note: fields.note.trim() || undefined }, 'Alert dismissed.');
}

/** Allow-listing and throttling act on one key: a cluster's members one by one, from their alert or profile. */
function needSubject() {
  if (state.subject) return true;
  notify(state.open ? 'Open a member from the table to allow-list or throttle its key.' : 'Open an alert first.');
  return false;
}

async function allowList() {
  if (!needSubject()) return;
  const subject = state.subject;
  const values = { api_key: subject.api_key_id, account: subject.account_id };
  for (const [kind, value] of Object.entries(values)) $(`allow-${kind}`).textContent = value;
  const fields = await ask($('allow-dialog'));
  if (!fields) return;
  const entry = {
    kind: fields.kind,
    value: values[fields.kind],
    reason: fields.reason,
    // A date input gives a day; the entry lasts to the end of it.
    expires_at: fields.expires ? Date.parse(`${fields.expires}T23:59:59.999Z`) : null,
  };
  await guarded(async () => {
    await request('POST', '/v1/allowlist', entry);
    await refresh();
    notify(`${entry.value} is on the allow-list.`);
  });
}

async function throttleKey() {
  if (!needSubject()) return;
  const key = state.subject.api_key_id;
  $('throttle-key').textContent = key;
  const fields = await ask($('throttle-dialog'));
  if (!fields) return;
  const body = { limit_rpm: Number(fields.limit_rpm), duration_minutes: Number(fields.duration_minutes), reason: fields.reason };
  await guarded(async () => {
    await request('POST', `/v1/keys/${encodeURIComponent(key)}/throttle`, body);
    await refresh();
    notify(`${key} is throttled to ${body.limit_rpm} requests a minute.`);
  });
}

async function lift(button) {
  $('lift-title').textContent = 'Lift this decision';
  const fields = await ask($('lift-dialog'));
  if (!fields) return;
  await guarded(async () => {
    await request('DELETE', `/v1/enforcement/${encodeURIComponent(button.dataset.decision)}`, { reason: fields.reason });
    await refresh();
    notify('Lifted.');
  });
}

/** Lifts everything the open alert caused: for a cluster, on every member. */
async function liftAll() {
  const alert = state.open;
  $('lift-title').textContent = 'Lift every decision in force on the members';
  const fields = await ask($('lift-dialog'));
  if (!fields) return;
  await guarded(async () => {
    const { decisions } = await request('DELETE', `/v1/alerts/${encodeURIComponent(alert.alert_id)}/enforcement`, { reason: fields.reason });
    await refresh();
    notify(`Lifted ${decisions.length} ${decisions.length === 1 ? 'decision' : 'decisions'}.`);
  });
}

/** From a member's own alert to its cluster alert. */
function goToCluster() {
  const cluster = state.open?.cluster_alert_id;
  if (cluster) location.hash = hashOf('alert', cluster);
  else notify(state.open ? 'This alert is not part of a cluster.' : 'Open an alert first.');
}

function showReports() {
  guarded(async () => {
    await loadReports($('reports'));
    $('reports-dialog').showModal();
  });
}

const commands = {
  acknowledge: () => triage({ status: 'acknowledged' }, 'Alert acknowledged.'),
  confirm: () => triage({ status: 'confirmed' }, 'Alert confirmed.'),
  reopen: () => triage({ status: 'open' }, 'Alert reopened.'),
  dismiss,
  allow: allowList,
  throttle: throttleKey,
  lift,
  'lift-all': liftAll,
};

// ---- wiring ------------------------------------------------------------------------------------

$('sign-in').addEventListener('submit', (event) => {
  event.preventDefault();
  token.set($('token').value.trim());
  $('token').value = '';
  start();
});
$('sign-out').addEventListener('click', () => {
  token.clear();
  showSignIn();
});
$('error').addEventListener('click', (event) => {
  if (event.target.closest('[data-close]')) $('error').hidden = true;
});

$('filters').addEventListener('submit', (event) => event.preventDefault());
$('filters').addEventListener('change', () => {
  state.cursor = 0;
  guarded(() => loadQueue());
});
$('more').addEventListener('click', () => guarded(() => loadQueue(true)));
$('queue').addEventListener('click', (event) => {
  const row = event.target.closest('tr');
  if (!row) return;
  state.cursor = row.sectionRowIndex;
  openCursor();
});

// Following a link (a member, a cluster alert) or going Back: the detail takes focus, so that
// Tab and the shortcuts carry on from there.
window.addEventListener('hashchange', () => {
  const view = viewOf(location.hash);
  if (!view) return;
  guarded(async () => {
    await openView(view);
    $('detail').scrollTop = 0;
    $('detail').focus();
  });
});

$('detail').addEventListener('click', (event) => {
  const button = event.target.closest('[data-action]');
  if (button) commands[button.dataset.action](button);
});
$('detail').addEventListener('submit', (event) => {
  event.preventDefault();
  const form = event.target;
  const value = new FormData(form).get(form.dataset.form).trim();
  if (form.dataset.form === 'assignee') triage({ assignee: value || null }, value ? `Assigned to ${value}.` : 'Unassigned.');
  else if (value) triage({ note: value }, 'Note added.');
});

$('reports-open').addEventListener('click', showReports);
$('reports-dialog').addEventListener('click', (event) => {
  const link = event.target.closest('[data-report]');
  if (!link) return;
  event.preventDefault();
  guarded(() => openReport(link.dataset.report));
});
$('report-request').addEventListener('submit', (event) => {
  event.preventDefault();
  const fields = Object.fromEntries(new FormData(event.target));
  guarded(async () => {
    const report = await requestReport(fields);
    await loadReports($('reports'));
    notify(`Report ${report.report_id} requested; it is listed once made.`);
  });
});

const focusField = (id) => () => $(id)?.focus();
bindShortcuts({
  j: () => moveCursor(1),
  k: () => moveCursor(-1),
  ArrowDown: () => moveCursor(1),
  ArrowUp: () => moveCursor(-1),
  Enter: openCursor,
  a: commands.acknowledge,
  c: commands.confirm,
  d: commands.dismiss,
  o: commands.reopen,
  l: commands.allow,
  t: commands.throttle,
  g: goToCluster,
  s: focusField('assignee'),
  n: focusField('note'),
  '/': () => document.querySelector('#filters [name=api_key_id]').focus(),
});

start();
