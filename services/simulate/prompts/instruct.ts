import type { Rng } from '../rng';
import { codingInstruction } from './code';
import { newsSnippet, review, supportTicket } from './content';
import { person } from './people';
import { mathProblem, scienceProblem, wordProblem } from './problems';
import { puzzle } from './puzzles';
import { businessCase, clinicalVignette, legalScenario } from './scenarios';
import { expand, listOf } from './text';
import { AREAS, type Area } from './topics';

/**
 * Prompts in the style of instruction-tuning data: imperative, self-contained, asking for
 * thorough answers, and organised as a sweep over capability areas, as people do who harvest
 * answers to train another model.
 */

const ASPECTS = ['its underlying mechanisms', 'its historical development', 'its key assumptions', 'real-world applications', 'common misconceptions', 'its mathematical formulation', 'current research directions', 'its limitations', 'worked examples', 'its ethical implications', 'how it is measured', 'competing interpretations'];
const AUDIENCES = ['a first-year undergraduate', 'a high school student', 'a graduate student', 'a curious ten-year-old', 'a practitioner with no formal training', 'a policy maker', 'an expert in a neighbouring field'];

const CONCEPT_TEMPLATES = [
  'Explain {concept} in detail.',
  'Provide a comprehensive explanation of {concept}, covering {aspects}.',
  'What is {concept}? Describe {aspect} and give {n} examples.',
  'Compare and contrast {concept} and {other}.',
  'Write a detailed essay on the role of {concept} in {area}.',
  'Describe {concept}, focusing on {aspect}.',
  'How does {concept} relate to {other}? Explain with examples.',
  'Create a lesson plan for teaching {concept} to {audience}.',
  'Generate {n} exam questions about {concept}, each with a model answer and an explanation.',
  'Summarize the key principles of {concept} for {audience}.',
  'Critically evaluate {concept}. What are its strengths and weaknesses?',
  'Discuss the practical applications of {concept}.',
  'Write a step-by-step tutorial on {concept}.',
  'What are the most common misconceptions about {concept}, and why are they wrong?',
  'Break down {concept} into its fundamental components and explain each one.',
  'Imagine you are teaching {concept} to {audience}. Explain it from first principles.',
  'You are an expert in {area}. Explain {concept} as you would in a university lecture.',
  'Give a rigorous account of {concept}, including {aspects}.',
  'Why is {concept} important in {area}? Support your answer with evidence.',
  'Outline the history of {concept} and the key figures involved.',
  'Describe a real-world scenario that illustrates {concept} and analyse it.',
  'Explain {concept} and {other}, and how the two interact.',
  '[Explain|Describe|Discuss] {concept}[ in the context of {area}|].',
];

/** Clauses asking for a full, worked answer; benign users use some of these too, more rarely. */
export const THOROUGHNESS = [
  'Explain your reasoning step by step.', 'Provide a detailed, step-by-step solution.', 'Show all intermediate steps.',
  'Be as thorough as possible.', 'Give a comprehensive answer with examples.', 'Walk through the solution carefully, justifying each step.',
  'Include a worked example.', 'Structure your answer with clear headings.', 'Explain the underlying principles before giving the final answer.',
  'Make sure your explanation is complete and rigorous.', 'Think it through carefully and explain your thought process.',
  'Cover edge cases and common mistakes.', 'Answer in at least {words} words.', 'Provide detailed explanations for each point.',
  'Use LaTeX for any equations.', 'End with a concise summary.', 'Let\'s think step by step.', 'Do not skip any steps.',
  'Explain each step in detail so that a beginner could follow.', 'Justify every claim you make.',
];

function thoroughness(rng: Rng): string {
  return expand(rng, rng.pick(THOROUGHNESS), { words: ['500', '800', '1000', '1500', '2000'] });
}

/** Optional framing that instruction generators add to vary a prompt. */
const FRAMINGS = [
  '', '', '', 'Write for {audience}.', 'Include {n} concrete examples.', 'Relate it to {other} where relevant.',
  'Use an analogy from everyday life.', 'Format the answer as {format}.', 'Assume the reader knows basic {area} but nothing more.',
  'Mention at least one open question or controversy.', 'Cite key historical milestones with dates.', 'Add a short quiz at the end.',
];

function conceptPrompt(rng: Rng, area: Area, concept: string, template: string): string {
  const others = area.concepts.filter((c) => c !== concept);
  return expand(rng, `${template} ${rng.pick(FRAMINGS)}`, {
    concept: [concept],
    other: others,
    area: [area.name],
    aspect: ASPECTS,
    aspects: () => listOf(rng.sample(ASPECTS, rng.int(2, 4))),
    audience: AUDIENCES,
    n: ['three', 'five', '3', '5', '10'],
    format: ['a numbered list', 'a table followed by commentary', 'sections with headings', 'a FAQ', 'an outline'],
  });
}

const WRITING_FORMS = ['short story', 'poem', 'persuasive essay', 'op-ed', 'dialogue', 'fable', 'speech', 'product description', 'letter', 'screenplay scene', 'blog post', 'sonnet'];
const WRITING_SUBJECTS = ['a lighthouse keeper who finds a message in a bottle', 'the last day of summer', 'a robot learning to paint', 'climate migration', 'a city that never sleeps', 'remote work', 'a detective who cannot remember faces', 'the value of public libraries', 'first contact with an alien species', 'a grandmother\'s recipe', 'social media and loneliness', 'a chess match between rivals'];
const LANGUAGE_NAMES = ['French', 'Spanish', 'German', 'Japanese', 'Mandarin Chinese', 'Arabic', 'Portuguese', 'Russian', 'Hindi', 'Korean', 'Italian', 'Turkish', 'Swahili', 'Dutch'];

/** A capability area of the sweep: `make(rng, step)` gives the prompt at position `step`. */
export interface Capability {
  name: string;
  make(rng: Rng, step: number): string;
}

function conceptCapability(area: Area): Capability {
  return {
    name: area.name,
    make(rng, step) {
      // Walks the concepts in order (systematic coverage); the wording varies freely.
      return conceptPrompt(rng, area, area.concepts[step % area.concepts.length], rng.pick(CONCEPT_TEMPLATES));
    },
  };
}

/** Mixes concept prompts with problems: odd steps are problems where the area has them. */
function withProblems(area: Area, problem: (rng: Rng) => string): Capability {
  const concepts = conceptCapability(area);
  return { name: area.name, make: (rng, step) => (step % 2 === 1 ? problem(rng) : concepts.make(rng, step >> 1)) };
}

const PROBLEMS: Record<string, (rng: Rng) => string> = {
  mathematics: mathProblem,
  physics: scienceProblem,
  chemistry: scienceProblem,
  'computer science': codingInstruction,
  law: legalScenario,
  medicine: clinicalVignette,
  business: businessCase,
  statistics: mathProblem,
};

export const CAPABILITIES: readonly Capability[] = [
  ...AREAS.map((a) => (PROBLEMS[a.name] ? withProblems(a, PROBLEMS[a.name]) : conceptCapability(a))),
  { name: 'coding', make: (rng) => codingInstruction(rng) },
  { name: 'word problems', make: (rng) => wordProblem(rng) },
  { name: 'logic puzzles', make: (rng) => puzzle(rng) },
  {
    name: 'writing',
    make: (rng) =>
      expand(rng, '[Write|Compose|Draft] [a|an original] {form} about {subject}[.| of about {words} words.| in the style of {author}.| with a surprising ending.]', {
        form: WRITING_FORMS, subject: WRITING_SUBJECTS, words: ['300', '500', '800', '1200'],
        author: ['Hemingway', 'Jane Austen', 'Raymond Carver', 'Ursula K. Le Guin', 'Edgar Allan Poe', 'Toni Morrison'],
      }),
  },
  {
    name: 'translation',
    make: (rng) => {
      const text = rng.pick([newsSnippet, review, supportTicket])(rng);
      return `Translate the following text into ${rng.pick(LANGUAGE_NAMES)}${rng.chance(0.4) ? ', preserving tone and register' : ''}:\n\n${text}`;
    },
  },
  {
    name: 'role play',
    make: (rng) => {
      const p = person(rng);
      return expand(rng, 'You are {role}. {name} asks you: "{q}" Respond in character[, explaining your answer thoroughly|].', {
        role: ['a Socratic tutor', 'a senior software architect', 'a career coach', 'a medieval historian', 'a nutritionist', 'a customer service agent for an airline', 'a patient interviewer'],
        name: [p.name],
        q: ['How should I start?', 'What would you do in my situation?', 'Can you explain that again more simply?', 'Why does it work that way?'],
      });
    },
  },
];

/** Dataset layouts some harvesting scripts keep from the data they started from. */
const LAYOUTS: readonly ((instruction: string) => string)[] = [
  (i) => i,
  (i) => `### Instruction:\n${i}\n\n### Response:`,
  (i) => `Below is an instruction that describes a task. Write a response that appropriately completes the request.\n\n### Instruction:\n${i}\n\n### Response:`,
  (i) => `Question: ${i}\nAnswer:`,
  (i) => `Instruction: ${i}\nOutput:`,
];

export interface InstructStyle {
  /** Chance that a prompt carries a clause asking for a thorough or step-by-step answer. */
  thorough: number;
  /** Index into the layouts; most keys send plain text. */
  layout: number;
}

export function instructStyle(rng: Rng): InstructStyle {
  return {
    thorough: rng.range(0.25, 0.85),
    layout: rng.weighted([[0, 10], [1, 1], [2, 1], [3, 1], [4, 1]]),
  };
}

/** One instruction: a capability's prompt, maybe with thoroughness clauses, in the key's layout. */
export function instruction(rng: Rng, capability: Capability, step: number, style: InstructStyle): string {
  let text = capability.make(rng, step);
  if (rng.chance(style.thorough)) {
    text += ` ${thoroughness(rng)}`;
    if (rng.chance(0.3)) text += ` ${thoroughness(rng)}`;
  }
  return LAYOUTS[style.layout](text);
}

/**
 * The order in which a harvester walks the capabilities: area by area in blocks (`block` prompts
 * per area before moving on), or round robin so consecutive prompts never share a topic.
 */
export function sweepPosition(order: readonly number[], n: number, block: number): { capability: Capability; step: number } {
  if (block <= 1) {
    const lap = Math.floor(n / order.length);
    return { capability: CAPABILITIES[order[n % order.length]], step: lap };
  }
  const blockIndex = Math.floor(n / block);
  const lap = Math.floor(blockIndex / order.length);
  return { capability: CAPABILITIES[order[blockIndex % order.length]], step: lap * block + (n % block) };
}
