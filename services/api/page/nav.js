// The page's addresses: `#alert=<id>` opens an alert (notifications link there), `#key=<id>` a
// key's profile. Links are plain anchors, so Tab, Enter and the browser's Back work on them.
import { el } from './dom.js';

const HASH = /^#(alert|key)=(.+)$/;

/** The view the address names, or null. */
export function viewOf(hash) {
  const m = HASH.exec(hash);
  return m ? { kind: m[1], id: decodeURIComponent(m[2]) } : null;
}

export function hashOf(kind, id) {
  return `#${kind}=${encodeURIComponent(id)}`;
}

export function alertLink(alertId, ...children) {
  return el('a', { href: hashOf('alert', alertId) }, ...children);
}

export function keyLink(apiKeyId, ...children) {
  return el('a', { href: hashOf('key', apiKeyId) }, ...children);
}
