import { hash32 } from '../hash';
import { step } from './mix';
import { CUE_NAMES, CUE_PHRASES, ENUMERATION_WORDS, TOPIC_WORDS } from './lexicon';
import { wordHash } from './stem';

/**
 * The token a number stands as in phrases (`#` in the lexicon); no word hashes to it in practice.
 * As int32, like the scanner's token hashes, so tokens are always small integers to the compiler.
 */
export const NUMBER_TOKEN = hash32('#') | 0;

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

/** Bits of the table's key filter: 8 KB, small enough to stay in the L1 cache during a scan. */
const FILTER_BITS = 1 << 16;
// A slot is four int32 side by side, so a lookup reads one cache line: the key, its flags (0 for
// an empty slot) with the cue bits above them, and the areas it counts 2 and 1 for.
const SLOT_WIDTH = 4;
const KEY = 0;
const FLAGS = 1;
const STRONG = 2;
const WEAK = 3;
const FILLED = 1;
const PREFIX = 2;
const ENUMERATION = 4;
const CUE_SHIFT = 3;

/**
 * The phrase table compiled to a typed array with open addressing: a Map keyed by 32-bit hashes
 * boxes most keys (they exceed the small-integer range), which costs more than the scan itself.
 * Lookups go to random slots of a table larger than the L1 cache, so it is laid out for few
 * cache lines per lookup.
 */
class CompiledTable {
  private readonly mask: number;
  private readonly slots: Int32Array;
  /**
   * One bit per value of a key's top 16 bits (slots are indexed by its low bits), set for the keys
   * in the table. Most lookups are of words and phrases the lexicon lacks; the filter turns most
   * of them away without reading the table.
   */
  private readonly filter = new Int32Array(FILTER_BITS / 32);

  constructor(table: Map<number, PhraseEntry>) {
    let size = 1024;
    while (size < table.size * 2) size *= 2; // at most half full: short probes
    this.mask = size - 1;
    this.slots = new Int32Array(size * SLOT_WIDTH);
    for (const [key, e] of table) {
      let slot = key & this.mask;
      while (this.slots[slot * SLOT_WIDTH + FLAGS] !== 0) slot = (slot + 1) & this.mask;
      const at = slot * SLOT_WIDTH;
      this.slots[at + KEY] = key | 0;
      const flags = FILLED | (e.prefix ? PREFIX : 0) | (e.enumeration ? ENUMERATION : 0);
      this.slots[at + FLAGS] = flags | (e.cues << CUE_SHIFT);
      this.slots[at + STRONG] = e.strong;
      this.slots[at + WEAK] = e.weak;
      this.filter[key >>> 21] |= 1 << ((key >>> 16) & 31);
    }
  }

  /** The entry of a key (an offset into the slots, for the readers below), or -1. */
  find(key: number): number {
    const k = key | 0;
    if ((this.filter[k >>> 21] & (1 << ((k >>> 16) & 31))) === 0) return -1;
    const slots = this.slots;
    let slot = k & this.mask;
    for (;;) {
      const at = slot * SLOT_WIDTH;
      if (slots[at + FLAGS] === 0) return -1;
      if (slots[at + KEY] === k) return at;
      slot = (slot + 1) & this.mask;
    }
  }

  strong(e: number): number {
    return this.slots[e + STRONG];
  }

  weak(e: number): number {
    return this.slots[e + WEAK];
  }

  cues(e: number): number {
    return this.slots[e + FLAGS] >>> CUE_SHIFT;
  }

  isPrefix(e: number): boolean {
    return (this.slots[e + FLAGS] & PREFIX) !== 0;
  }

  isEnumeration(e: number): boolean {
    return (this.slots[e + FLAGS] & ENUMERATION) !== 0;
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
    // Only the touched scores: most prompts touch a few, and fill() is a call into the runtime.
    for (let m = this.touched; m; m &= m - 1) this.scores[31 - Math.clz32(m & -m)] = 0;
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
      if (TABLE.isPrefix(e) && n < MAX_OPEN) next[n++] = key;
    }
    const own = TABLE.find(token);
    if (own >= 0) {
      this.apply(own);
      if (TABLE.isPrefix(own) && n < MAX_OPEN) next[n++] = token;
    }
    this.nextOpen = this.open;
    this.open = next;
    this.opened = n;
    return own >= 0 && TABLE.isEnumeration(own);
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
    this.cues |= TABLE.cues(e);
    const strong = TABLE.strong(e);
    const both = strong | TABLE.weak(e);
    if (!both) return;
    this.touched |= both;
    for (let m = both; m; m &= m - 1) {
      const low = m & -m;
      this.scores[31 - Math.clz32(low)] += strong & low ? 2 : 1;
    }
  }
}
