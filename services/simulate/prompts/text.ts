import type { Rng } from '../rng';

/** Values for a template's `{name}` slots: a list to pick from or a function to call. */
export type Slots = Readonly<Record<string, readonly string[] | (() => string)>>;

/**
 * Expands a template: each `[a|b|c]` becomes one of its alternatives (an empty alternative makes
 * the part optional), then each `{name}` a value of `slots.name`. Slot values go in verbatim, so
 * they may hold brackets (code, JSON); spacing is tidied before they go in.
 */
export function expand(rng: Rng, template: string, slots: Slots = {}): string {
  const chosen = template
    .replace(/\[([^[\]]*)\]/g, (_, body: string) => rng.pick(body.split('|')))
    .replace(/ {2,}/g, ' ')
    .replace(/ ([,.?!:;])/g, '$1')
    .trim();
  return chosen.replace(/\{(\w+)\}/g, (_, name: string) => {
    const s = slots[name];
    if (s === undefined) throw new Error(`template slot {${name}} has no values`);
    return typeof s === 'function' ? s() : rng.pick(s);
  });
}

export function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** "a" or "an" before a noun phrase, by its first letter. */
export function withArticle(noun: string): string {
  return `${/^[aeiou]/i.test(noun) ? 'an' : 'a'} ${noun}`;
}

/** "a, b and c". */
export function listOf(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
