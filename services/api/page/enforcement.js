// The enforcement an alert caused and what is in force on its key: throttles, suspensions, their
// lifetimes and where they were published.
import { el } from './dom.js';
import { count, shortWhen, when, words } from './format.js';

function limit(d) {
  if (d.action === 'suspend') return null;
  const parts = [d.limit_rpm !== null && `${count(d.limit_rpm)} req/min`, d.limit_tpm !== null && `${count(d.limit_tpm)} tokens/min`];
  return parts.filter(Boolean).join(', ');
}

function lifetime(d) {
  if (d.status === 'active') return `until ${when(d.until)}`;
  if (d.status === 'dry_run') return `would have lasted until ${shortWhen(d.until)} UTC`;
  if (d.status === 'excluded') return 'not applied';
  const by = d.ended_by && d.ended_by !== 'system' ? ` by ${d.ended_by}` : '';
  return `${d.status === 'lifted' ? 'lifted' : 'expired'} ${when(d.ended_at ?? d.until)}${by}${d.end_reason && d.status === 'lifted' ? ` · ${d.end_reason}` : ''}`;
}

/** "webhook ✓ · kafka ✗ failed after 8 tries: HTTP 500" */
function deliveries(list) {
  if (!list.length) return null;
  return el(
    'div',
    { class: 'sub' },
    'Published: ',
    list.map((x, i) => [
      i ? ' · ' : '',
      el('span', { class: `delivery ${x.status}`, title: x.error ?? '' }, `${x.channel} ${words(x.event)} `, x.status === 'sent' ? '✓' : `✗ ${x.status}${x.error ? `: ${x.error}` : ''}`),
    ]),
  );
}

function row(d) {
  return el(
    'li',
    { class: `decision st-${d.status}` },
    el(
      'div',
      { class: 'decision-head' },
      el('span', { class: `pill enf-${d.status}` }, words(d.status)),
      ' ',
      el('strong', {}, `${d.action === 'suspend' ? 'Suspension' : 'Throttle'} of `, el('code', {}, d.api_key_id)),
      [limit(d), lifetime(d)].filter(Boolean).map((part) => ` · ${part}`),
      d.status === 'active' &&
        el('button', { type: 'button', class: 'quiet', 'data-action': 'lift', 'data-decision': d.decision_id }, 'Lift…'),
    ),
    el('div', { class: 'sub' }, `${d.source === 'manual' ? `By ${d.created_by}` : `Policy rule ${d.rule}`} · ${d.reason}`),
    deliveries(d.deliveries),
  );
}

/** "3 active · 1 excluded", over a cluster's member decisions. */
function tally(decisions) {
  const by = new Map();
  for (const d of decisions) by.set(d.status, (by.get(d.status) ?? 0) + 1);
  return [...by].map(([status, n]) => `${count(n)} ${words(status)}`).join(' · ');
}

/**
 * The decisions of the alert and those in force on its key, each once, newest first. With
 * `cluster` (a cluster alert, whose decisions are its members'), a tally, one button lifting all
 * of them, and the list folded: the member table shows each member's.
 */
export function enforcementList(ofAlert, onKey, { cluster = false } = {}) {
  const byId = new Map([...onKey, ...ofAlert].map((d) => [d.decision_id, d]));
  const decisions = [...byId.values()].sort((a, b) => b.created_at - a.created_at);
  if (!decisions.length) return el('p', { class: 'empty' }, 'No throttle or suspension on this alert or its key.');
  const list = el('ul', { class: 'decisions' }, decisions.map(row));
  if (!cluster) return list;
  return [
    el(
      'p',
      { class: 'tally' },
      tally(decisions),
      decisions.some((d) => d.status === 'active') && el('button', { type: 'button', class: 'quiet', 'data-action': 'lift-all' }, 'Lift all…'),
    ),
    el('details', {}, el('summary', {}, 'Each member’s decision'), list),
  ];
}

/** A member's decision as a pill: the latest the alert caused on the key, or none. */
export function decisionPill(decision) {
  return decision ? el('span', { class: `pill enf-${decision.status}`, title: decision.reason }, words(decision.status)) : el('span', { class: 'sub' }, 'none');
}
