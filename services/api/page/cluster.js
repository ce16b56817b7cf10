// What a cluster alert adds to an alert: who its members are, whose accounts they sit in, and
// the evidence that links each of them, for an analyst to check member by member.
import { el } from './dom.js';
import { count, score, words } from './format.js';
import { severityBadge, statusPill } from './badges.js';
import { empty } from './blocks.js';
import { decisionPill } from './enforcement.js';
import { alertLink, keyLink } from './nav.js';

/** "12 keys in 9 accounts", from the members as resolved (accounts not known yet are left out). */
export function clusterSize(members) {
  const accounts = new Set(members.map((m) => m.account_id).filter((a) => a !== null));
  return `${count(members.length)} keys in ${count(accounts.size)} accounts`;
}

/** A member's key, opening its own alert when it has one and its profile otherwise. */
function memberKey(m) {
  const code = el('code', {}, m.api_key_id);
  return [
    m.key_alert ? alertLink(m.key_alert.alert_id, code) : keyLink(m.api_key_id, code),
    m.allowlisted && [' ', el('span', { class: 'pill allowlisted' }, 'allow-listed')],
  ];
}

function ownAlert(m) {
  if (!m.key_alert) return el('span', { class: 'sub' }, 'none');
  const a = m.key_alert;
  return alertLink(a.alert_id, severityBadge(a.severity), ' ', statusPill(a.status));
}

/** The kinds of evidence behind the link, strongest first: "template 1.00 · wording 0.64". */
function evidence(link) {
  const kinds = Object.entries(link.evidence).sort((a, b) => b[1] - a[1]);
  return el(
    'dl',
    { class: 'figures' },
    kinds.map(([kind, strength]) => el('div', {}, el('dt', {}, words(kind)), el('dd', {}, score(strength)))),
  );
}

function memberRow(m, decision) {
  const link = m.link;
  return el(
    'tr',
    { 'data-key': m.api_key_id },
    el('th', { scope: 'row' }, memberKey(m)),
    el('td', {}, m.account_id === null ? el('span', { class: 'sub' }, 'not known yet') : el('code', {}, m.account_id)),
    el('td', {}, ownAlert(m)),
    el('td', {}, decisionPill(decision)),
    el(
      'td',
      { class: 'link' },
      link
        ? [el('div', {}, '→ ', keyLink(link.linked_to, el('code', {}, link.linked_to)), ' ', el('strong', { class: 'strength' }, score(link.strength))), evidence(link)]
        : el('span', { class: 'sub' }, 'no link recorded'),
    ),
  );
}

/**
 * One row per member with what the alert caused on it, weakest link first: a key that does not
 * belong is most likely among the loosely linked, so that is where checking starts.
 */
export function membersTable(members, decisions) {
  if (!members.length) return empty('No members listed.');
  // Newest first, so the first seen per key is its latest.
  const latest = new Map();
  for (const d of [...decisions].sort((a, b) => b.created_at - a.created_at)) if (!latest.has(d.api_key_id)) latest.set(d.api_key_id, d);
  const strength = (m) => m.link?.strength ?? -1;
  const rows = [...members].sort((a, b) => strength(a) - strength(b)).map((m) => memberRow(m, latest.get(m.api_key_id)));
  return el(
    'table',
    { class: 'members grid' },
    el('caption', { class: 'sub' }, 'Weakest links first. A key opens its own alert, or its profile when it has none.'),
    el(
      'thead',
      {},
      el('tr', {}, ['Key', 'Account', 'Own alert', 'Enforcement', 'Strongest link: to, strength, evidence by kind'].map((h) => el('th', { scope: 'col' }, h))),
    ),
    el('tbody', {}, rows),
  );
}

/** The accounts involved, those holding most member keys first. */
export function accountsList(members) {
  const keys = new Map();
  for (const m of members) if (m.account_id !== null) keys.set(m.account_id, (keys.get(m.account_id) ?? 0) + 1);
  if (!keys.size) return empty('No account known yet.');
  const accounts = [...keys].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  return el(
    'ul',
    { class: 'accounts' },
    accounts.map(([account, n]) => el('li', {}, el('code', {}, account), el('span', { class: 'sub' }, ` ${count(n)} ${n === 1 ? 'key' : 'keys'}`))),
  );
}
