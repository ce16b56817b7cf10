import type { TextFeatures } from '../../detectors/features/text';
import { MINHASH_SIZE } from '../../detectors/sketch/minhash';

/**
 * Text features packed as numbers, one fixed-width record per event, so that a batch crosses
 * between threads as one transferred buffer instead of thousands of cloned objects. Every field is
 * an integer below 2^32 (or -1), exact in a float64.
 */
const SCALARS = ['promptHash', 'templateHash', 'templateWords', 'fillHash', 'topics', 'elicitation', 'systemElicitation', 'systemHash', 'structure', 'chars', 'words'] as const;
/** Slot 0: 1 when the event has text; then the scalars, the sequence number (-1 for none), the MinHash. */
const SEQUENCE = 1 + SCALARS.length;
const MINHASH = SEQUENCE + 1;
const WIDTH = MINHASH + MINHASH_SIZE;
/** Offset of each scalar in a record. */
const AT = Object.fromEntries(SCALARS.map((name, j) => [name, 1 + j])) as Record<(typeof SCALARS)[number], number>;

export function packTextFeatures(items: ReadonlyArray<TextFeatures | undefined>): Float64Array {
  const out = new Float64Array(items.length * WIDTH);
  for (let i = 0; i < items.length; i++) {
    const f = items[i];
    if (!f) continue;
    const at = i * WIDTH;
    out[at] = 1;
    for (const name of SCALARS) out[at + AT[name]] = f[name];
    out[at + SEQUENCE] = f.sequenceNumber ?? -1;
    for (let j = 0; j < MINHASH_SIZE; j++) out[at + MINHASH + j] = f.minhash[j];
  }
  return out;
}

/** The i-th record of a packed batch. */
export function unpackTextFeatures(packed: Float64Array, i: number): TextFeatures | undefined {
  const at = i * WIDTH;
  if (packed[at] !== 1) return undefined;
  const sequence = packed[at + SEQUENCE];
  return {
    promptHash: packed[at + AT.promptHash],
    templateHash: packed[at + AT.templateHash],
    templateWords: packed[at + AT.templateWords],
    fillHash: packed[at + AT.fillHash],
    topics: packed[at + AT.topics],
    elicitation: packed[at + AT.elicitation],
    systemElicitation: packed[at + AT.systemElicitation],
    systemHash: packed[at + AT.systemHash],
    // In extractTextFeatures' order: one object shape for the detectors, wherever it was made.
    sequenceNumber: sequence >= 0 ? sequence : undefined,
    structure: packed[at + AT.structure],
    chars: packed[at + AT.chars],
    words: packed[at + AT.words],
    minhash: minhashOf(packed, at + MINHASH),
  };
}

// A plain loop: Array.from over a subarray costs more than the rest of unpacking together.
function minhashOf(packed: Float64Array, from: number): number[] {
  const out = new Array<number>(MINHASH_SIZE);
  for (let j = 0; j < MINHASH_SIZE; j++) out[j] = packed[from + j];
  return out;
}
