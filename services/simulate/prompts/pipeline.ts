import type { Rng } from '../rng';
import { newsSnippet, review, supportTicket } from './content';
import { expand } from './text';

/**
 * Batch-pipeline tasks: one fixed instruction applied to a stream of varied texts, with short
 * outputs. A key keeps its task and wording; only the content changes between requests.
 */
export interface PipelineTask {
  name: string;
  system: string;
  /** The full prompt for one piece of content. */
  prompt(rng: Rng): string;
  maxTokens: number;
  /** Tokens of a typical answer for a prompt. */
  answerTokens(rng: Rng, prompt: string): number;
}

type TaskMaker = (rng: Rng) => PipelineTask;

const TASKS: readonly TaskMaker[] = [
  (rng) => {
    const head = expand(rng, '[Classify|Determine] the sentiment of [this|the following] [review|customer review] as positive, negative or neutral.');
    return {
      name: 'sentiment',
      system: 'You are a precise text classifier. Respond with a single lowercase label and nothing else.',
      prompt: (r) => `${head} Review: ${review(r)}`,
      maxTokens: rng.pick([1, 2, 3, 5]),
      answerTokens: (r) => r.int(1, 2),
    };
  },
  (rng) => {
    const cats = rng.pick(['politics, business, science, sports, health, technology, local', 'World, Sports, Business, Sci/Tech', 'economy; environment; crime; culture; sport; other']);
    return {
      name: 'topic',
      system: 'You label news articles for a search index.',
      prompt: (r) => `Assign exactly one category to the following news article. Categories: ${cats}.\n\nArticle: ${newsSnippet(r)}\n\nCategory:`,
      maxTokens: rng.pick([5, 8, 10]),
      answerTokens: (r) => r.int(1, 3),
    };
  },
  (rng) => ({
    name: 'triage',
    system: 'You triage support tickets. Output valid JSON only.',
    prompt: (r) => `You will receive a customer support ticket. Return JSON with the fields "category" (billing, technical, shipping, account, other), "urgency" (low, medium, high) and "language".\n\nTicket:\n${supportTicket(r)}`,
    maxTokens: rng.pick([64, 100, 128]),
    answerTokens: (r) => r.int(22, 36),
  }),
  (rng) => {
    const head = expand(rng, '[Summarize|Summarise] the following [article|news item|text] in one [sentence|short sentence][ of at most 25 words|].');
    return {
      name: 'summary',
      system: 'You write neutral one-sentence summaries for a news digest.',
      prompt: (r) => `${head}\n\n${newsSnippet(r)}`,
      maxTokens: rng.pick([48, 60, 80, 128]),
      answerTokens: (r) => r.int(18, 55),
    };
  },
  (rng) => {
    const lang = rng.pick(['German', 'French', 'Spanish', 'Japanese', 'Portuguese', 'Dutch']);
    return {
      name: 'translation',
      system: `You are a professional translator. Translate into ${lang}. Output only the translation.`,
      prompt: (r) => `Translate the following customer message into ${lang}:\n\n${supportTicket(r)}`,
      maxTokens: rng.pick([256, 400, 512]),
      answerTokens: (r, prompt) => Math.round((prompt.length / 4 - 12) * r.range(1.05, 1.4)),
    };
  },
  (rng) => ({
    name: 'entities',
    system: 'Extract structured data. Respond with JSON only, no commentary.',
    prompt: (r) => `Extract all organisations, people and locations mentioned in the text below. Respond with JSON of the form {"organisations": [], "people": [], "locations": []}.\n\nText: ${newsSnippet(r)}`,
    maxTokens: rng.pick([128, 200, 256]),
    answerTokens: (r) => r.int(18, 60),
  }),
  (rng) => ({
    name: 'aspects',
    system: 'You analyse product reviews for a retail analytics team.',
    prompt: (r) => `List every product aspect mentioned in this review with the sentiment towards it, one per line as "aspect: positive|negative|neutral".\n\nReview: ${review(r)}`,
    maxTokens: rng.pick([64, 100, 150]),
    answerTokens: (r) => r.int(8, 45),
  }),
  (rng) => ({
    name: 'pii',
    system: 'You are a data-protection filter.',
    prompt: (r) => `Does the following message contain personal data (names, email addresses, phone numbers, order numbers or postal addresses)? Answer "yes" or "no".\n\n${supportTicket(r)}`,
    maxTokens: rng.pick([1, 2, 3]),
    answerTokens: () => 1,
  }),
];

export function pipelineTask(rng: Rng): PipelineTask {
  return rng.pick(TASKS)(rng);
}
