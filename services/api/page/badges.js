// Severity and status markers, the same in the queue and in the detail.
import { el } from './dom.js';
import { words } from './format.js';

export function severityBadge(severity) {
  return el('span', { class: `badge sev-${severity}` }, severity);
}

export function statusPill(status) {
  return el('span', { class: `pill st-${status}` }, words(status));
}
