import type { Rng } from '../rng';
import { MMLU } from './benchmark';
import { newsSnippet, supportTicket } from './content';
import { THOROUGHNESS } from './instruct';
import type { Interest } from './interests';
import { mathProblem, scienceProblem, wordProblem } from './problems';
import { humanize } from './style';
import { expand } from './text';
import { AREAS } from './topics';

/**
 * What people type into a chat assistant: personal questions about their interests, curiosity,
 * homework, writing help and small talk, in their own (often sloppy) words.
 */

/** Relative weights of the kinds of first message a person or an app's users send. */
export interface CasualMix {
  personal: number;
  curiosity: number;
  homework: number;
  writing: number;
  chat: number;
}

const PERSONAL = [
  '[how do I|how can I|whats the best way to|any tips on how to|is it possible to] {task}[?|]',
  'what should I know before I {task}',
  '{situation}. [what should I do?|any advice?|help|is that normal?|what would you do?]',
  '[so|ok so|hi,|hey|] {lsituation}[.|,] [what do I do|how do I fix this|why does this happen|any ideas]?',
  '[can you|could you|pls|please] [give me|make me|write me|come up with] {request}',
  '{request} [please|pls|thanks|]',
  'I need {request}',
  'is {thing} worth it?',
  '[tell me about|what do you know about|thoughts on] {thing}',
  'pros and cons of {thing}',
  '{thing} or {thing2}, which is better for [me|a beginner|someone on a budget]?',
  'explain {thing} like [I\'m 5|I\'m a total beginner|I know nothing]',
  'I\'m [trying to|want to|need to] {task}. [where do I start?|any tips?|what do I need?]',
];

const CURIOSITY = [
  '[what is|whats|what exactly is] {concept}[?|]',
  'eli5 {concept}',
  'can [you|someone] explain {concept} in simple terms',
  'why does {concept} matter',
  'I don\'t [get|understand] {concept}[.|,] can you explain it [simply|with an example|like I\'m 12]',
  'what\'s the difference between {concept} and {concept2}',
  'how does {concept} [work|actually work]?',
  'I\'m studying for my {area} [exam|midterm|final] and I\'m confused about {concept}',
  'is it true that {concept} is [overrated|outdated|still relevant]?',
  'give me a quick summary of {concept}',
  'what are some good [books|videos|resources] to learn about {concept}',
];

const WRITING = [
  'write a [short|funny|heartfelt|] {form} [for|about] {topic}',
  '[rewrite|fix|improve] this [so it sounds|to sound] more [professional|polite|friendly|confident]: {text}',
  'can you [summarize|tldr] this: {article}',
  'translate "{phrase}" [to|into] {lang}',
  'proofread this pls: {text}',
  'make this email less [angry|awkward|long]: {text}',
];

const CHAT = [
  'tell me a joke about {thing}', 'what should I name my {pet}', 'are you conscious?', 'what\'s a fun fact about {thing}',
  'I\'m bored, [entertain me|give me something to do|suggest a game]', 'hi', 'hello, who are you?', 'what\'s your favourite {fav}?',
  'give me a random [would you rather|riddle|trivia question]', 'roast me [gently|a little]', 'write a haiku about {thing}',
];

const FOLLOW_UPS = [
  'thanks!', 'thank you', 'can you make it shorter', 'more [ideas|options|examples] [pls|please|]', 'ok what about {thing}?',
  'why?', 'can you explain that step by step', 'what do you mean by that', 'make it [funnier|more formal|more casual|less cheesy]',
  'in [spanish|french|german] [pls|please|]', 'that\'s not what I meant, I was asking about {thing}', 'ok and {task}?',
  'hmm are you sure?', 'that doesn\'t sound right', 'can you put that in a table', 'shorter version please', 'perfect',
  'what if {lsituation}?', 'ok cool. another question: how do I {task}', 'give me 5 more', 'which one would you pick?',
  'can you go into more detail on the [second|first|last] point', 'ok and how long does that take', 'what would it cost roughly',
  'I tried that and it didn\'t work', 'lol', 'explain it like I\'m 5', 'can you write that as a list',
];

/** Casual ways to ask for a worked answer, and the formal ones people sometimes copy. */
const STEP_ASKS = ['explain step by step', 'step by step pls', 'can you go through it step by step', 'in detail please', 'show the steps', 'explain your reasoning', 'show your work', 'with steps'];

function maybeStepAsk(rng: Rng, chance: number): string {
  if (!rng.chance(chance)) return '';
  return rng.chance(0.8) ? ` ${rng.pick(STEP_ASKS)}` : ` ${rng.pick(THOROUGHNESS).replace('{words}', '500')}`;
}

function homework(rng: Rng): string {
  return rng.weighted<() => string>([
    [() => expand(rng, '[help me with this|can u solve this|how do I do this|I\'m stuck on this][:| question:|] {p}', { p: [mathProblem(rng)] }), 4],
    [() => `${wordProblem(rng)}`, 2],
    [() => expand(rng, '[can you help with my physics homework|how do you solve this|need help]: {p}', { p: [scienceProblem(rng)] }), 2],
    [() => {
      const q = MMLU.question(rng.int(0, MMLU.size - 1));
      return `${q.question}\n${(q.choices ?? []).map((c, i) => `${'abcd'[i]}) ${c}`).join('\n')}\n\n${rng.pick(['which one is it', 'answer?', 'is it b?', 'I think it\'s c but not sure', 'pls explain the answer'])}`;
    }, 1],
  ])();
}

function interestSlots(interest: Interest) {
  return {
    task: interest.tasks,
    thing: interest.things,
    thing2: interest.things,
    situation: interest.situations,
    lsituation: interest.situations.map((s) => s.charAt(0).toLowerCase() + s.slice(1)),
    request: interest.requests,
  };
}

/**
 * The first message of a conversation. `interest` colours the personal kinds; `sloppiness` is
 * how carelessly the person types (0..1); `stepAsk` the chance of asking for a worked answer.
 */
export function casualOpening(rng: Rng, interest: Interest, mix: CasualMix, sloppiness: number, stepAsk: number): string {
  const area = rng.pick(AREAS);
  const kind = rng.weighted([
    ['personal', mix.personal], ['curiosity', mix.curiosity], ['homework', mix.homework], ['writing', mix.writing], ['chat', mix.chat],
  ] as const);
  let text: string;
  switch (kind) {
    case 'personal':
      text = expand(rng, rng.pick(PERSONAL), interestSlots(interest));
      break;
    case 'curiosity':
      text = expand(rng, rng.pick(CURIOSITY), { concept: area.concepts, concept2: area.concepts, area: [area.name] }) + maybeStepAsk(rng, stepAsk);
      break;
    case 'homework':
      text = homework(rng) + maybeStepAsk(rng, stepAsk * 3);
      break;
    case 'writing':
      text = expand(rng, rng.pick(WRITING), {
        form: ['poem', 'birthday message', 'toast', 'story', 'limerick', 'thank you note', 'speech', 'rap'],
        topic: [...interest.things, 'my mom', 'my best friend\'s wedding', 'my team at work', 'a rainy monday', 'my cat'],
        text: () => humanize(rng, supportTicket(rng), 0.4),
        article: () => newsSnippet(rng),
        phrase: ['where is the train station', 'I would like the bill please', 'happy birthday my love', 'nice to meet you', 'I\'m allergic to nuts'],
        lang: ['spanish', 'japanese', 'french', 'italian', 'korean', 'german'],
      });
      break;
    case 'chat':
      text = expand(rng, rng.pick(CHAT), {
        thing: interest.things,
        pet: ['cat', 'dog', 'goldfish', 'plant', 'car', 'boat'],
        fav: ['book', 'movie', 'food', 'colour', 'song'],
      });
      break;
  }
  return humanize(rng, text, sloppiness);
}

/** A later message in the same conversation. */
export function casualFollowUp(rng: Rng, interest: Interest, sloppiness: number): string {
  return humanize(rng, expand(rng, rng.pick(FOLLOW_UPS), interestSlots(interest)), sloppiness);
}
