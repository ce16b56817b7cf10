import type { Rng } from '../rng';

/** Shorthands people type in chat, applied word by word with some probability. */
const SHORTHANDS: readonly (readonly [RegExp, readonly string[]])[] = [
  [/\byou\b/g, ['u']],
  [/\byour\b/g, ['ur']],
  [/\bplease\b/gi, ['pls', 'plz', 'please']],
  [/\bthanks\b/gi, ['thx', 'ty', 'thanks']],
  [/\bbecause\b/g, ['bc', 'cuz', 'cause']],
  [/\bI'm\b/g, ['im', 'Im', 'i\'m']],
  [/\bdon't\b/g, ['dont']],
  [/\bcan't\b/g, ['cant']],
  [/\bdoesn't\b/g, ['doesnt']],
  [/\bwhat's\b/gi, ['whats']],
  [/\bit's\b/g, ['its']],
  [/\bgoing to\b/g, ['gonna']],
  [/\bwant to\b/g, ['wanna']],
  [/\bprobably\b/g, ['prob', 'probs']],
  [/\bsomething\b/g, ['smth', 'something']],
  [/\bI\b/g, ['i']],
  [/\band\b/g, ['&', 'and']],
  [/\bright now\b/g, ['rn']],
  [/\bto be honest\b/g, ['tbh']],
];

/** One typing slip in a word: swapped, dropped or doubled letter. */
function typo(rng: Rng, word: string): string {
  const i = rng.int(1, word.length - 2);
  switch (rng.int(0, 2)) {
    case 0:
      return word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
    case 1:
      return word.slice(0, i) + word.slice(i + 1);
    default:
      return word.slice(0, i) + word[i] + word.slice(i);
  }
}

function addTypos(rng: Rng, text: string, count: number): string {
  const words = text.split(' ');
  const candidates = words.map((w, i) => (/^[a-z]{5,}$/i.test(w) ? i : -1)).filter((i) => i >= 0);
  for (let k = 0; k < count && candidates.length > 0; k++) {
    const i = rng.pick(candidates);
    words[i] = typo(rng, words[i]);
  }
  return words.join(' ');
}

/**
 * Makes text read as a person typed it: `sloppiness` 0 keeps it as written, 1 is a hurried phone
 * message (lower case, shorthands, no final punctuation, typos). Code blocks are left alone.
 */
export function humanize(rng: Rng, text: string, sloppiness: number): string {
  if (sloppiness <= 0) return text;
  const fence = text.indexOf('\n```');
  const head = fence >= 0 ? text.slice(0, fence) : text;
  const tail = fence >= 0 ? text.slice(fence) : '';
  let s = head;
  for (const [pattern, options] of SHORTHANDS) {
    if (rng.chance(sloppiness * 0.6)) s = s.replace(pattern, (m) => (rng.chance(0.7) ? rng.pick(options) : m));
  }
  if (rng.chance(sloppiness * 0.7)) s = s.charAt(0).toLowerCase() + s.slice(1);
  if (rng.chance(sloppiness * 0.35)) s = s.toLowerCase();
  if (rng.chance(sloppiness * 0.6)) s = s.replace(/[.?!]+$/, '');
  else if (rng.chance(sloppiness * 0.15)) s = s.replace(/\?$/, '??');
  const typos = (rng.chance(sloppiness * 0.6) ? 1 : 0) + (rng.chance(sloppiness * 0.25) ? 1 : 0);
  return addTypos(rng, s, typos) + tail;
}
