// Parts the alert, cluster and key views share: action buttons, titled sections, a signal's findings.
import { el } from './dom.js';
import { figure, score, words } from './format.js';

// Each is [data-action, label, shortcut]; the app listens for the buttons and for the same keys.
export const TRIAGE_ACTIONS = [
  ['acknowledge', 'Acknowledge', 'a'],
  ['confirm', 'Confirm', 'c'],
  ['dismiss', 'Dismiss…', 'd'],
  ['reopen', 'Reopen', 'o'],
];
/** On one key: from a key alert or a key's profile (a cluster's members have their own). */
export const KEY_ACTIONS = [
  ['allow', 'Allow-list…', 'l'],
  ['throttle', 'Throttle key…', 't'],
];

export function actionButtons(actions) {
  return actions.map(([action, label, key]) =>
    el('button', { type: 'button', 'data-action': action, 'aria-keyshortcuts': key }, label, ' ', el('kbd', {}, key)),
  );
}

export function section(title, ...content) {
  return el('section', { class: 'block' }, el('h3', {}, title), content);
}

export function empty(text) {
  return el('p', { class: 'empty' }, text);
}

/** Each signal with its score, its sentence and the figures behind it, strongest first. */
export function signalTable(signals) {
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
