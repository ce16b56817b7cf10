import { hash32 } from '../hash';
import { step } from './mix';
import { CUE_NAMES, CUE_PHRASES, ENUMERATION_WORDS, TOPIC_WORDS } from './lexicon';
import { wordHash } from './stem';

/** The token a number stands as in phrases (`#` in the lexicon); no word hashes to it in practice. */
export const NUMBER_TOKEN = hash32('#');

/** What a phrase of the lexicon says when it matches; one entry per phrase or phrase prefix. */
interface PhraseEntry {
  /** Capability areas (bits) this phrase counts 2 for, and those it counts 1 for. */
  strong: number;
  weak: number;
  /** Elicitation cue bits. */
  cues: number;
  /** A word that makes a following number an enumeration marker. */
  enumeration: boolean;
  /** A longer phrase continues from here. */
  prefix: boolean;
}

/** Phrases are keyed by chaining token hashes: a single word by its own hash. */
function extend(key: number, token: number): number {
  return step(key, token);
}

function tokensOf(phrase: string): number[] {
  if (/[^a-z0-9# ]/.test(phrase)) throw new Error(`lexicon phrase "${phrase}" has characters the scanner splits on`);
  return (phrase.match(/[a-z]+|[0-9]+|#/g) ?? []).map((t) => (t === '#' || /^\d/.test(t) ? NUMBER_TOKEN : wordHash(t)));
}

/** Expands the cue pattern syntax (`a|b`, `a_b`, `word?`) into plain phrases. */
function expand(pattern: string): string[] {
  let out = [''];
  for (const part of pattern.split(' ')) {
    const optional = part.endsWith('?');
    const alts = (optional ? part.slice(0, -1) : part).split('|').map((a) => a.replace(/_/g, ' '));
    if (optional) alts.push('');
    out = out.flatMap((prefix) => alts.map((a) => (a ? (prefix ? `${prefix} ${a}` : a) : prefix)));
  }
  return out;
}

function buildTable(): Map<number, PhraseEntry> {
  const table = new Map<number, PhraseEntry>();
  const entry = (key: number): PhraseEntry => {
    let e = table.get(key);
    if (!e) table.set(key, (e = { strong: 0, weak: 0, cues: 0, enumeration: false, prefix: false }));
    return e;
  };
  const add = (phrase: string, apply: (e: PhraseEntry) => void) => {
    const tokens = tokensOf(phrase);
    let key = tokens[0] | 0;
    for (let i = 1; i < tokens.length; i++) {
      entry(key).prefix = true;
      key = extend(key, tokens[i]);
    }
    apply(entry(key));
  };
  const list = (s: string) => s.split(',').map((p) => p.trim()).filter(Boolean);

  TOPIC_WORDS.forEach((t, bit) => {
    for (const p of list(t.strong)) add(p, (e) => (e.strong |= 1 << bit));
    for (const p of list(t.weak)) add(p, (e) => (e.weak |= 1 << bit));
  });
  CUE_NAMES.forEach((cue, bit) => {
    for (const pattern of CUE_PHRASES[cue]) for (const p of expand(pattern)) add(p, (e) => (e.cues |= 1 << bit));
  });
  for (const p of list(ENUMERATION_WORDS)) add(p, (e) => (e.enumeration = true));
  return table;
}

/**
 * The phrase table compiled to typed arrays with open addressing: a Map keyed by 32-bit hashes
 * boxes most keys (they exceed the small-integer range), which costs more than the scan itself.
 */
class CompiledTable {
  private readonly mask: number;
  /** Per slot: the key, then its entry index + 1 (0 for an empty slot), side by side for locality. */
  private readonly slots: Int32Array;
  readonly strong: Int32Array;
  readonly weak: Int32Array;
  readonly cues: Int32Array;
  readonly enumeration: Uint8Array;
  readonly prefix: Uint8Array;

  constructor(table: Map<number, PhraseEntry>) {
    let size = 1024;
    while (size < table.size * 2) size *= 2; // at most half full: short probes, small enough for cache
    this.mask = size - 1;
    this.slots = new Int32Array(size * 2);
    const n = table.size;
    this.strong = new Int32Array(n);
    this.weak = new Int32Array(n);
    this.cues = new Int32Array(n);
    this.enumeration = new Uint8Array(n);
    this.prefix = new Uint8Array(n);
    let i = 0;
    for (const [key, e] of table) {
      let slot = key & this.mask;
      while (this.slots[2 * slot + 1] !== 0) slot = (slot + 1) & this.mask;
      this.slots[2 * slot] = key | 0;
      this.slots[2 * slot + 1] = i + 1;
      this.strong[i] = e.strong;
      this.weak[i] = e.weak;
      this.cues[i] = e.cues;
      this.enumeration[i] = e.enumeration ? 1 : 0;
      this.prefix[i] = e.prefix ? 1 : 0;
      i++;
    }
  }

  /** Entry index of a key, or -1. */
  find(key: number): number {
    const k = key | 0;
    const slots = this.slots;
    let slot = k & this.mask;
    for (;;) {
      const entry = slots[2 * slot + 1];
      if (entry === 0) return -1;
      if (slots[2 * slot] === k) return entry - 1;
      slot = (slot + 1) & this.mask;
    }
  }
}

const TABLE = new CompiledTable(buildTable());
/** Phrases are short; more open prefixes than this at once means nested repeats we can drop. */
const MAX_OPEN = 4;
const TOPIC_SLOTS = 32;

/**
 * Matches lexicon phrases over a stream of token hashes, one lookup per token plus one per open
 * prefix, and sums capability-area evidence. Reused across prompts (`reset`), so it allocates
 * nothing per token.
 */
export class PhraseMatcher {
  cues = 0;
  private readonly scores = new Int32Array(TOPIC_SLOTS);
  private touched = 0;
  private open = new Int32Array(MAX_OPEN);
  private nextOpen = new Int32Array(MAX_OPEN);
  private opened = 0;

  reset(): void {
    this.cues = 0;
    if (this.touched) this.scores.fill(0);
    this.touched = 0;
    this.opened = 0;
  }

  /** Ends phrases in progress (sentence ends, skipped code). */
  cut(): void {
    this.opened = 0;
  }

  /** Feeds the next token; returns whether it is an enumeration word ("Question", "item"). */
  push(token: number): boolean {
    const next = this.nextOpen;
    let n = 0;
    for (let i = 0; i < this.opened; i++) {
      const key = extend(this.open[i], token);
      const e = TABLE.find(key);
      if (e < 0) continue;
      this.apply(e);
      if (TABLE.prefix[e] && n < MAX_OPEN) next[n++] = key;
    }
    const own = TABLE.find(token);
    if (own >= 0) {
      this.apply(own);
      if (TABLE.prefix[own] && n < MAX_OPEN) next[n++] = token;
    }
    this.nextOpen = this.open;
    this.open = next;
    this.opened = n;
    return own >= 0 && TABLE.enumeration[own] === 1;
  }

  /**
   * Areas the prompt belongs to: a score of 2 (one strong word or two weak ones) and at least a
   * third of the best area's, so that a long text is not put in every area it brushes against.
   */
  topics(): number {
    let max = 0;
    for (let m = this.touched; m; m &= m - 1) max = Math.max(max, this.scores[31 - Math.clz32(m & -m)]);
    let mask = 0;
    for (let m = this.touched; m; m &= m - 1) {
      const bit = 31 - Math.clz32(m & -m);
      const s = this.scores[bit];
      if (s >= 2 && s * 3 >= max) mask |= 1 << bit;
    }
    return mask >>> 0;
  }

  private apply(e: number): void {
    this.cues |= TABLE.cues[e];
    const strong = TABLE.strong[e];
    const both = strong | TABLE.weak[e];
    if (!both) return;
    this.touched |= both;
    for (let m = both; m; m &= m - 1) {
      const low = m & -m;
      this.scores[31 - Math.clz32(low)] += strong & low ? 2 : 1;
    }
  }
}
