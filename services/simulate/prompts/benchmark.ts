import { Rng } from '../rng';
import { mathProblem, scienceProblem, wordProblem } from './problems';
import { capitalize, expand } from './text';
import { areaNamed } from './topics';

/**
 * Benchmark-like public question sets. A question depends only on the set and its index, never
 * on the simulation seed: a public benchmark is the same for everyone, so an evaluation run and
 * a sweeper asking the same item send the same text.
 */

export interface BenchQuestion {
  subject: string;
  question: string;
  /** Four options for multiple choice sets. */
  choices?: readonly string[];
}

export interface Benchmark {
  name: string;
  size: number;
  question(index: number): BenchQuestion;
  /** Solved examples a few-shot prompt for item `index` starts with (from a dev or train split). */
  examples(index: number, k: number): BenchQuestion[];
}

const PUBLIC_SEED = 0x5eed_b3c4;

/**
 * A published list of `size` distinct questions, made once on first use (a few thousand short
 * strings): generated candidates that repeat an earlier question are skipped, as a curated set
 * has no duplicates.
 */
function questionSet(name: string, size: number, make: (rng: Rng) => BenchQuestion): (index: number) => BenchQuestion {
  let items: BenchQuestion[] | undefined;
  return (index) => {
    if (!items) {
      items = [];
      const seen = new Set<string>();
      for (let attempt = 0; items.length < size; attempt++) {
        if (attempt > size * 50) throw new Error(`${name}: cannot make ${size} distinct questions`);
        const q = make(Rng.derive(PUBLIC_SEED, name, attempt));
        const key = `${q.question}\n${(q.choices ?? []).join('\n')}`;
        if (!seen.has(key)) {
          seen.add(key);
          items.push(q);
        }
      }
    }
    return items[index];
  };
}

/** MMLU-like subjects, each drawing its vocabulary from an area of knowledge. */
const SUBJECTS: readonly (readonly [string, string])[] = [
  ['abstract_algebra', 'mathematics'], ['anatomy', 'medicine'], ['astronomy', 'astronomy'], ['business_ethics', 'business'],
  ['clinical_knowledge', 'medicine'], ['college_biology', 'biology'], ['college_chemistry', 'chemistry'],
  ['college_computer_science', 'computer science'], ['college_mathematics', 'mathematics'], ['college_medicine', 'medicine'],
  ['college_physics', 'physics'], ['computer_security', 'computer science'], ['conceptual_physics', 'physics'],
  ['econometrics', 'statistics'], ['electrical_engineering', 'engineering'], ['elementary_mathematics', 'mathematics'],
  ['formal_logic', 'philosophy'], ['global_facts', 'earth science'], ['high_school_biology', 'biology'],
  ['high_school_chemistry', 'chemistry'], ['high_school_computer_science', 'computer science'],
  ['high_school_european_history', 'history'], ['high_school_geography', 'earth science'],
  ['high_school_government_and_politics', 'political science'], ['high_school_macroeconomics', 'economics'],
  ['high_school_mathematics', 'mathematics'], ['high_school_microeconomics', 'economics'], ['high_school_physics', 'physics'],
  ['high_school_psychology', 'psychology'], ['high_school_statistics', 'statistics'], ['high_school_us_history', 'history'],
  ['high_school_world_history', 'history'], ['human_aging', 'medicine'], ['human_sexuality', 'psychology'],
  ['international_law', 'law'], ['jurisprudence', 'law'], ['logical_fallacies', 'philosophy'], ['machine_learning', 'computer science'],
  ['management', 'business'], ['marketing', 'business'], ['medical_genetics', 'biology'], ['miscellaneous', 'sociology'],
  ['moral_disputes', 'philosophy'], ['moral_scenarios', 'philosophy'], ['nutrition', 'nutrition'], ['philosophy', 'philosophy'],
  ['prehistory', 'history'], ['professional_accounting', 'finance'], ['professional_law', 'law'], ['professional_medicine', 'medicine'],
  ['professional_psychology', 'psychology'], ['public_relations', 'business'], ['security_studies', 'political science'],
  ['sociology', 'sociology'], ['us_foreign_policy', 'political science'], ['virology', 'biology'], ['world_religions', 'history'],
];

const NUMERIC_SUBJECTS = new Set(['abstract_algebra', 'college_mathematics', 'elementary_mathematics', 'high_school_mathematics', 'high_school_statistics', 'college_physics', 'high_school_physics', 'college_chemistry']);

export const MMLU_PER_SUBJECT = 100;

const CLAIMS = ['applies only under idealised conditions', 'was first described in the nineteenth century', 'depends on {c}', 'is a special case of {c}', 'is incompatible with {c}', 'cannot be observed directly', 'is usually measured relative to {c}', 'explains {c}', 'was largely abandoned after the discovery of {c}', 'is a consequence of {c}'];
const STEMS = [
  'Which of the following is most closely associated with {concept}?',
  'Which of the following best describes {concept}?',
  'A researcher studying {concept} would most likely focus on which of the following?',
  'Which of the following is NOT typically discussed together with {concept}?',
  'In the context of {subject}, {concept} refers to which of the following?',
  'Which of the following statements about {concept} is correct?',
];
const MORAL_ACTS = ['returned the extra change the cashier gave me', 'took credit for my colleague\'s idea', 'lied to my friend about liking her haircut', 'borrowed my neighbour\'s ladder without asking', 'reported a coworker who was stealing', 'kept a wallet I found on the street', 'skipped my sister\'s wedding to watch a game', 'helped an elderly man carry his groceries', 'read my partner\'s diary', 'paid for the meal of the stranger behind me', 'parked in the disabled spot because I was in a hurry', 'told the teacher my classmate cheated', 'fed my neighbour\'s cat while they were away', 'sold my old car without mentioning the broken brakes', 'gave my seat on the bus to a pregnant woman', 'copied my friend\'s homework', 'laughed when my brother tripped on the stairs', 'donated blood on my lunch break'];

function subjectName(s: string): string {
  return s.replace(/_/g, ' ');
}

function mmluQuestion(rng: Rng, subject: string, areaName: string): BenchQuestion {
  if (subject === 'moral_scenarios') {
    const [a, b] = rng.sample(MORAL_ACTS, 2);
    return {
      subject,
      question: `For which of these two scenarios does the main character (who uses I/me/my) do something clearly morally wrong, according to ordinary moral standards in the US as of 2020? Scenario 1 | I ${a}. Scenario 2 | I ${b}.`,
      choices: ['Wrong, Wrong', 'Wrong, Not wrong', 'Not wrong, Wrong', 'Not wrong, Not wrong'],
    };
  }
  if (NUMERIC_SUBJECTS.has(subject) && rng.chance(0.7)) {
    const q = subject.includes('physics') || subject.includes('chemistry') ? scienceProblem(rng) : mathProblem(rng);
    const base = rng.int(2, 120);
    return { subject, question: q, choices: rng.shuffle([base, base + rng.int(1, 9), base * 2, Math.max(1, base - rng.int(1, 9))]).map(String) };
  }
  const concepts = areaNamed(areaName).concepts;
  const [concept, ...others] = rng.sample(concepts, 5);
  if (rng.chance(0.2)) {
    const claim = (c: string) => `${capitalize(c)} ${expand(rng, rng.pick(CLAIMS), { c: [rng.pick(others.filter((o) => o !== c))] })}`;
    return {
      subject,
      question: `Statement 1 | ${claim(concept)}. Statement 2 | ${claim(others[0])}.`,
      choices: ['True, True', 'False, False', 'True, False', 'False, True'],
    };
  }
  const stem = expand(rng, rng.pick(STEMS), { concept: [concept], subject: [subjectName(subject)] });
  const choices = stem.includes('best describes') || stem.includes('refers to') || stem.includes('is correct')
    ? rng.sample(CLAIMS, 4).map((claim, i) => capitalize(expand(rng, `It ${claim}`, { c: [others[i]] })))
    : others.slice(0, 4).map(capitalize);
  return { subject, question: stem, choices };
}

/** Items of a subject past this index form its dev split, which few-shot prompts draw on. */
const MMLU_DEV_SIZE = 5;

const mmluSubjects = SUBJECTS.map(([subject, area]) =>
  questionSet(`mmlu/${subject}`, MMLU_PER_SUBJECT + MMLU_DEV_SIZE, (rng) => mmluQuestion(rng, subject, area)),
);

/** Subject-major like the original: item i belongs to subject floor(i / MMLU_PER_SUBJECT). */
export const MMLU: Benchmark = {
  name: 'mmlu',
  size: SUBJECTS.length * MMLU_PER_SUBJECT,
  question: (index) => mmluSubjects[Math.floor(index / MMLU_PER_SUBJECT)](index % MMLU_PER_SUBJECT),
  examples: (index, k) =>
    Array.from({ length: Math.min(k, MMLU_DEV_SIZE) }, (_, j) => mmluSubjects[Math.floor(index / MMLU_PER_SUBJECT)](MMLU_PER_SUBJECT + j)),
};

/** A set of open questions with a train split of `shots` items after the test items. */
function openSet(name: string, size: number, subject: string, make: (rng: Rng) => string): Benchmark {
  const shots = 8;
  const items = questionSet(name, size + shots, (rng) => ({ subject, question: make(rng) }));
  return {
    name,
    size,
    question: items,
    examples: (_index, k) => Array.from({ length: Math.min(k, shots) }, (_, j) => items(size + j)),
  };
}

export const GSM = openSet('gsm', 1319, 'grade school math', wordProblem);
export const COMPETITION_MATH = openSet('competition-math', 5000, 'mathematics', mathProblem);

const LETTERS = ['A', 'B', 'C', 'D'];

function optionLines(choices: readonly string[], sep: '.' | ')'): string {
  return choices.map((c, i) => `${LETTERS[i]}${sep} ${c}`).join('\n');
}

/** Answer a few-shot example shows; only its presence in the prompt matters here. */
function shotAnswer(index: number, numeric: boolean): string {
  return numeric ? String((index * 37) % 200) : LETTERS[index % 4];
}

/**
 * The prompt an evaluation harness sends: the lm-eval layout, zero- or few-shot, expecting a
 * letter or a number as the whole answer.
 */
export function evalPrompt(bench: Benchmark, index: number, shots: number): string {
  const q = bench.question(index);
  const examples = bench.examples(index, shots);
  if (q.choices) {
    const solved = examples.map((ex, k) => `${ex.question}\n${optionLines(ex.choices ?? [], '.')}\nAnswer: ${shotAnswer(k, false)}\n\n`).join('');
    return `The following are multiple choice questions (with answers) about ${subjectName(q.subject)}.\n\n${solved}${q.question}\n${optionLines(q.choices, '.')}\nAnswer:`;
  }
  const solved = examples.map((ex, k) => `Question: ${ex.question}\nAnswer: ${shotAnswer(k, true)}\n\n`).join('');
  return `${solved}Question: ${q.question}\nAnswer:`;
}

/** Prompt layouts of answer-harvesting scripts: zero-shot, asking for worked answers. */
const SWEEP_LAYOUTS: readonly ((q: BenchQuestion) => string)[] = [
  (q) =>
    q.choices
      ? `Answer the following multiple choice question. The last line of your response should be of the following format: 'Answer: $LETTER' (without quotes) where LETTER is one of ABCD. Think step by step before answering.\n\n${q.question}\n\n${optionLines(q.choices, ')')}`
      : `Solve the following math problem step by step. The last line of your response should be of the form Answer: $ANSWER (without quotes) where $ANSWER is the answer to the problem.\n\n${q.question}\n\nRemember to put your answer on its own line after "Answer:".`,
  (q) => `Q: ${q.question}${q.choices ? `\n${optionLines(q.choices, ')')}` : ''}\nA: Let's think step by step.`,
  (q) => `${q.question}${q.choices ? `\n\n${optionLines(q.choices, '.')}` : ''}\n\nPlease reason step by step, and put your final answer within \\boxed{}.`,
  (q) => `Question: ${q.question}${q.choices ? `\nOptions:\n${optionLines(q.choices, ')')}` : ''}\n\nExplain your reasoning, then give the final answer.`,
  (q) => `${q.question}${q.choices ? `\n${optionLines(q.choices, '.')}` : ''}`,
];

export const SWEEP_LAYOUT_COUNT = SWEEP_LAYOUTS.length;

export function sweepPrompt(bench: Benchmark, index: number, layout: number): string {
  return SWEEP_LAYOUTS[layout](bench.question(index));
}
