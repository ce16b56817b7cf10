/**
 * Throughput of extractTextFeatures on a few thousand varied prompts (templated sweeps, chatty
 * questions, labelled passages, code, multiple choice, non-English, a few long documents).
 * Run: npx tsc -p tsconfig.build.json && node dist/bench/text-features.js
 */
import { extractTextFeatures } from '../detectors/features/text';
import { Rng } from '../services/simulate/rng';

const WORDS = (
  'the a of to and in is it you that for on with as was are this be at have from or one had by word but not ' +
  'what all were when we there can an your which their said if do will each about how up out them then she ' +
  'many some so these would other into has more her two like him see time could no make than first been its ' +
  'who now people my made over did down only way find use may water long little very after words called just ' +
  'where most know get through back much before go good new write our used me man too any day same right look ' +
  'think also around another came come work three must because does part even place well such here take why ' +
  'integral photosynthesis mortgage recipe python vaccine treaty sonnet velocity enzyme lawsuit itinerary'
).split(' ');
const NAMES = ['Paris', 'Einstein', 'Amazon', 'Kyoto', 'Shakespeare', 'Brazil', 'Mercury', 'Tesla'];

function corpus(n: number): string[] {
  // Seeded, so every run measures the same prompts.
  const rng = new Rng(7);
  const r = () => rng.next();
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const sentence = (len: number) => Array.from({ length: len }, () => pick(WORDS)).join(' ');
  const shapes: (() => string)[] = [
    () => `What is ${Math.floor(r() * 999)} * ${Math.floor(r() * 999)}? Let's think step by step.`,
    () => `Question ${Math.floor(r() * 5000)}: ${sentence(12)}?\nA) ${sentence(3)}\nB) ${sentence(3)}\nC) ${sentence(3)}\nD) ${sentence(3)}\nAnswer:`,
    () => `hey so ${sentence(8 + Math.floor(r() * 20))}, can you explain ${pick(NAMES)} in detail?`,
    () => `Translate to French: "${sentence(10)}"`,
    () => `Review: ${sentence(40 + Math.floor(r() * 80))}.\nSentiment:`,
    () => `${sentence(60)}.\n\n${sentence(70)}.\n\nSummarize the text above in two sentences.`,
    () => `My code fails:\n\`\`\`python\ndef f(x):\n    return x / ${Math.floor(r() * 9)}\n\`\`\`\nWhy? ${sentence(10)}`,
    () => `请一步一步地解释光合作用，${pick(NAMES)} 🌱🌞 ${sentence(5)}`,
    () => sentence(5 + Math.floor(r() * 30)),
  ];
  const out = Array.from({ length: n }, () => pick(shapes)());
  for (let i = 0; i < n / 500; i++) out[i * 500] = sentence(6000); // ~35 KB documents
  return out;
}

function main(): void {
  const prompts = corpus(5000);
  const chars = prompts.reduce((s, p) => s + p.length, 0);
  let sink = 0;
  for (let i = 0; i < 3; i++) for (const p of prompts) sink = (sink + extractTextFeatures(p, undefined).templateHash) | 0;
  // Best of several rounds: the figure is the code's cost, not the machine's other load.
  let best = Infinity;
  for (let round = 0; round < 15; round++) {
    const t0 = process.hrtime.bigint();
    for (const p of prompts) sink = (sink + extractTextFeatures(p, 'You are a helpful assistant.').templateHash) | 0;
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e9);
  }
  const n = prompts.length;
  console.log(
    `extractTextFeatures: ${Math.round(n / best).toLocaleString('en')} prompts/s, ` +
      `${((best / n) * 1e6).toFixed(2)} µs/prompt, ${(chars / best / 1e6).toFixed(0)} M chars/s ` +
      `(${n} prompts, mean ${Math.round(chars / n)} chars; checksum ${sink >>> 0})`,
  );
}

main();
