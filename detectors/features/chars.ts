/**
 * Character classes the prompt scanner branches on, for UTF-16 code units. A lookup table for
 * ASCII and a few range tests above it: cheap, and good enough to find words in the scripts prompts
 * arrive in. Astral characters (emoji) come as surrogate halves and count as symbols.
 */

/**
 * A `const enum`, so the compiler writes the values into the scanner's code as literals: module
 * constants are property loads on the exports object in CommonJS, a cost in per-character loops.
 */
export const enum CharClass {
  Symbol = 0,
  Space = 1,
  Newline = 2,
  /** A letter that is not upper case, including letters of caseless scripts. */
  Lower = 3,
  Upper = 4,
  Digit = 5,
  /** Han, kana: scripts written without spaces, where each character is taken as a word. */
  Ideograph = 6,
  /** ' and ’: dropped inside a word ("don't" → "dont"), a symbol elsewhere. */
  Apostrophe = 7,
}

const ASCII = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  if (c >= 0x61 && c <= 0x7a) ASCII[c] = CharClass.Lower;
  else if (c >= 0x41 && c <= 0x5a) ASCII[c] = CharClass.Upper;
  else if (c >= 0x30 && c <= 0x39) ASCII[c] = CharClass.Digit;
  else if (c === 0x0a) ASCII[c] = CharClass.Newline;
  else if (c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0b || c === 0x0c) ASCII[c] = CharClass.Space;
  else if (c === 0x27) ASCII[c] = CharClass.Apostrophe;
  else ASCII[c] = CharClass.Symbol;
}

function classifyHigh(c: number): CharClass {
  if (c >= 0xd800 && c <= 0xdfff) return CharClass.Symbol;
  if (c < 0x250) {
    if (c < 0xc0) return c === 0xa0 ? CharClass.Space : c === 0x85 ? CharClass.Newline : CharClass.Symbol;
    if (c === 0xd7 || c === 0xf7) return CharClass.Symbol;
    return c <= 0xde ? CharClass.Upper : CharClass.Lower;
  }
  if (c >= 0x2000 && c <= 0x2bff) {
    if (c <= 0x200a || c === 0x202f || c === 0x205f) return CharClass.Space;
    if (c === 0x2028 || c === 0x2029) return CharClass.Newline;
    return c === 0x2019 ? CharClass.Apostrophe : CharClass.Symbol;
  }
  if (c >= 0x3000 && c <= 0x303f) return c === 0x3000 ? CharClass.Space : CharClass.Symbol;
  if ((c >= 0x3040 && c <= 0x30ff) || (c >= 0x3400 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff)) {
    return CharClass.Ideograph;
  }
  if (c >= 0xfe00 && c <= 0xfe0f) return CharClass.Symbol; // variation selectors after emoji
  if (c >= 0xff00 && c <= 0xffef) {
    return (c >= 0xff21 && c <= 0xff3a) || (c >= 0xff41 && c <= 0xff5a) ? CharClass.Lower : CharClass.Symbol;
  }
  if ((c >= 0x391 && c <= 0x3a9) || (c >= 0x400 && c <= 0x42f)) return CharClass.Upper;
  return CharClass.Lower;
}

export function charClass(c: number): CharClass {
  return c < 128 ? ASCII[c] : classifyHigh(c);
}

/** Lower case of an upper-case letter (Latin, Greek, Cyrillic). */
export function lowerOf(c: number): number {
  if (c >= 0x400 && c <= 0x40f) return c + 0x50;
  return c + 0x20;
}
