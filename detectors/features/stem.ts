import { hash32 } from '../hash';

/**
 * A light suffix rule, so that "explains", "explained" and "explaining" meet as "explain", and
 * "bake", "baking", "baked" as "bak". It is not linguistics: the lexicon is hashed with the same
 * rule, so whatever it does to a word it does on both sides. Takes the word's length and its last
 * three letters (lower case, last first) and returns how many letters to cut.
 */
export function stemCut(len: number, last: number, last2: number, last3: number): number {
  if (len > 5 && last === 0x67 && last2 === 0x6e && last3 === 0x69) return 3; // -ing
  if (len > 4 && last2 === 0x65 && (last === 0x64 || last === 0x73)) return 2; // -ed, -es
  if (len > 3 && last === 0x73 && last2 !== 0x73) return 1; // -s, not -ss
  if (len > 3 && last === 0x65) return 1; // -e
  return 0;
}

/** Hash of a lower-case ASCII word after the suffix rule: equal to what the scanner computes. */
export function wordHash(word: string): number {
  const n = word.length;
  const cut = stemCut(n, word.charCodeAt(n - 1), word.charCodeAt(n - 2), word.charCodeAt(n - 3));
  return hash32(cut ? word.slice(0, n - cut) : word);
}
