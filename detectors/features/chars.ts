/**
 * Character classes the prompt scanner branches on, for UTF-16 code units. A lookup table for
 * ASCII and a few range tests above it: cheap, and good enough to find words in the scripts prompts
 * arrive in. Astral characters (emoji) come as surrogate halves and count as symbols.
 */

const SYMBOL = 0;
export const SPACE = 1;
export const NEWLINE = 2;
/** A letter that is not upper case, including letters of caseless scripts. */
export const LOWER = 3;
export const UPPER = 4;
export const DIGIT = 5;
/** Han, kana: scripts written without spaces, where each character is taken as a word. */
export const IDEOGRAPH = 6;
/** ' and ’: dropped inside a word ("don't" → "dont"), a symbol elsewhere. */
export const APOSTROPHE = 7;

const ASCII = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  if (c >= 0x61 && c <= 0x7a) ASCII[c] = LOWER;
  else if (c >= 0x41 && c <= 0x5a) ASCII[c] = UPPER;
  else if (c >= 0x30 && c <= 0x39) ASCII[c] = DIGIT;
  else if (c === 0x0a) ASCII[c] = NEWLINE;
  else if (c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0b || c === 0x0c) ASCII[c] = SPACE;
  else if (c === 0x27) ASCII[c] = APOSTROPHE;
  else ASCII[c] = SYMBOL;
}

function classifyHigh(c: number): number {
  if (c >= 0xd800 && c <= 0xdfff) return SYMBOL;
  if (c < 0x250) {
    if (c < 0xc0) return c === 0xa0 ? SPACE : c === 0x85 ? NEWLINE : SYMBOL;
    if (c === 0xd7 || c === 0xf7) return SYMBOL;
    return c <= 0xde ? UPPER : LOWER;
  }
  if (c >= 0x2000 && c <= 0x2bff) {
    if (c <= 0x200a || c === 0x202f || c === 0x205f) return SPACE;
    if (c === 0x2028 || c === 0x2029) return NEWLINE;
    return c === 0x2019 ? APOSTROPHE : SYMBOL;
  }
  if (c >= 0x3000 && c <= 0x303f) return c === 0x3000 ? SPACE : SYMBOL;
  if ((c >= 0x3040 && c <= 0x30ff) || (c >= 0x3400 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff)) {
    return IDEOGRAPH;
  }
  if (c >= 0xfe00 && c <= 0xfe0f) return SYMBOL; // variation selectors after emoji
  if (c >= 0xff00 && c <= 0xffef) return (c >= 0xff21 && c <= 0xff3a) || (c >= 0xff41 && c <= 0xff5a) ? LOWER : SYMBOL;
  if ((c >= 0x391 && c <= 0x3a9) || (c >= 0x400 && c <= 0x42f)) return UPPER;
  return LOWER;
}

export function charClass(c: number): number {
  return c < 128 ? ASCII[c] : classifyHigh(c);
}

/** Lower case of an UPPER letter (Latin, Greek, Cyrillic). */
export function lowerOf(c: number): number {
  if (c >= 0x400 && c <= 0x40f) return c + 0x50;
  return c + 0x20;
}
