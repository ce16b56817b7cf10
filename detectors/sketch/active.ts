import { hourOf } from './hourly';

const WORD_BITS = 24;
const WORDS = 2;
const MASK = (1 << WORD_BITS) - 1;
/** Hours remembered. */
export const ACTIVE_SPAN = WORD_BITS * WORDS;

/**
 * Which of the last 48 hours saw any activity, as two 24-bit words: bit `i` of the register is
 * hour `head - i` (hours since the epoch, UTC). Far smaller than counts per hour when only
 * "was it active" matters. Plain JSON data.
 */
export interface ActiveHours {
  /** Newest hour marked; -1 before the first. */
  head: number;
  bits: number[];
}

export function newActiveHours(): ActiveHours {
  return { head: -1, bits: new Array<number>(WORDS).fill(0) };
}

export function markActive(a: ActiveHours, ts: number): void {
  const h = hourOf(ts);
  if (a.head < 0) a.head = h;
  // Moving on by one hour shifts the register by one bit; a long gap clears it.
  for (let s = Math.min(h - a.head, ACTIVE_SPAN); s > 0; s--) {
    for (let w = WORDS - 1; w > 0; w--) a.bits[w] = ((a.bits[w] << 1) | (a.bits[w - 1] >>> (WORD_BITS - 1))) & MASK;
    a.bits[0] = (a.bits[0] << 1) & MASK;
  }
  if (h > a.head) a.head = h;
  const age = a.head - h;
  if (age < ACTIVE_SPAN) a.bits[Math.floor(age / WORD_BITS)] |= 1 << age % WORD_BITS;
}

/** The active hours, ascending. */
export function activeHours(a: ActiveHours): number[] {
  const out: number[] = [];
  for (let age = ACTIVE_SPAN - 1; age >= 0; age--) {
    if (a.bits[Math.floor(age / WORD_BITS)] & (1 << age % WORD_BITS)) out.push(a.head - age);
  }
  return out;
}
