import { extractFeatures } from '../../detectors/features/index';
import { CUE_NAMES, extractTextFeatures, STRUCTURE, TOPIC_NAMES } from '../../detectors/features/text';
import type { CueName } from '../../detectors/features/text';
import { minHashSimilarity } from '../../detectors/sketch/minhash';
import { AREA_QUESTIONS, request } from './prompts';

const f = (prompt: string, system?: string) => extractTextFeatures(prompt, system);

/** Frequent English words that say nothing about a subject (function words, everyday verbs and nouns). */
const COMMON_WORDS =
  'the be to of and a in that have i it for not on with he as you do at this but his by from they we say ' +
  'her she or an will my one all would there their what so up out if about who get which go me when make ' +
  'can like time no just him know take people into year your good some could them see other than then now ' +
  'look only come its over think also back after use two how our work first well way even new want because ' +
  'any these give day most us is are was were been has had did does done said made found thing things right ' +
  'left old young great little long high small large next early important few public bad same able last ' +
  'late hard major better best free sure real full special clear whole strong possible true case point ' +
  'group problem fact hand part place week system question night water room area month lot issue side kind ' +
  'head power hour line end member car community name minute idea information face others level person ' +
  'party result change morning reason research girl guy moment air set show run play move live believe hold ' +
  'bring happen write provide sit stand lose meet include continue learn lead understand watch follow stop ' +
  'create speak read allow add grow open walk win offer remember love consider appear wait serve die send ' +
  'expect build stay fall cut reach kill remain suggest raise pass require report decide pull count date ' +
  'season account condition theme rights news feel mean train draw box boxed cycle text order state style ' +
  'value total odd light space current life living growth rate share worth here where while within each ' +
  'every list output input return object test fix clean tool window mind memory plan goal role position ' +
  'course class degree hot fresh cup map local route guide weekend fun famous recommend personal advice ' +
  'conversation';
const areasOf = (prompt: string) => TOPIC_NAMES.filter((_, i) => f(prompt).topics & (1 << i));
const cuesOf = (prompt: string) => CUE_NAMES.filter((_, i) => f(prompt).elicitation & (1 << i));

describe('templates', () => {
  it.each([
    ['What is 17 * 23?', 'What is 4 * 91?'],
    ['Translate to French: I love cheese', 'Translate to French: Where is the train station, please?'],
    ['What is the capital of France?', 'What is the capital of Burkina Faso?'],
    ['Review: The movie was great, loved it.\nSentiment:', 'Review: Terrible service and cold food, never again.\nSentiment:'],
    ['Summarize "the cat sat on the mat" in one word.', 'Summarize "a long day at the office ended well" in one word.'],
    ['Fix this code:\n```js\nlet x = 1\n```', 'Fix this code:\n```python\ndef f():\n    return 2\n```'],
    [
      'Question 17: Which gas do plants absorb?\nA) Oxygen\nB) Carbon dioxide\nC) Nitrogen\nD) Helium\nAnswer:',
      'Question 18: Which organ pumps blood?\nA) Liver\nB) Heart\nC) Lung\nD) Kidney\nAnswer:',
    ],
    [
      `${'The quarterly report shows revenue grew in every region while costs stayed flat. '.repeat(6)}\n\nSummarize the text above in one sentence.`,
      `${'Our hiking trip started early, the trail was steep and the views were worth every step. '.repeat(5)}\n\nSummarize the text above in one sentence.`,
    ],
    ['Text:\n\nfirst passage here with words\n\nWhat is the tone?', 'Text:\n\nanother passage entirely\n\nWhat is the tone?'],
  ])('same skeleton, different fills: %j / %j', (a, b) => {
    expect(f(a).templateHash).not.toBe(0);
    expect(f(a).templateHash).toBe(f(b).templateHash);
    expect(f(a).fillHash).not.toBe(f(b).fillHash);
  });

  it.each([
    ['What is 17 * 23?', 'Who is 17 * 23?'],
    ['Translate to French: hello', 'Summarize in French: hello'],
    ['write a poem about the sea', 'write a story about the sea'],
  ])('different skeletons: %j / %j', (a, b) => {
    expect(f(a).templateHash).not.toBe(f(b).templateHash);
  });

  it('gives free text without fixed wording no template', () => {
    const essay = 'I have been thinking about moving to a smaller flat because the rent keeps going up and '.repeat(4);
    expect(f(essay).templateHash).not.toBe(0); // one paragraph: its wording is its skeleton
    expect(f(`${essay}\n\n${essay}`).templateHash).not.toBe(0);
    expect(f('12345').templateHash).toBe(0);
    expect(f('"just a quote"').templateHash).toBe(0);
  });

  it('repeats give the same fill', () => {
    expect(f('What is 17 * 23?').fillHash).toBe(f('What is 17 * 23?').fillHash);
  });
});

describe('promptHash', () => {
  it('folds case and white space, keeps punctuation and content', () => {
    expect(f('What is  17*23 ?').promptHash).toBe(f('  what IS 17*23 ?\n').promptHash);
    expect(f('What is 17*23?').promptHash).not.toBe(f('What is 17+23?').promptHash);
    expect(f('cat dog').promptHash).not.toBe(f('catdog').promptHash);
    expect(f("don't stop").promptHash).not.toBe(f('do not stop').promptHash);
  });
});

describe('capability areas', () => {
  it('finds the area of most hand-written questions', () => {
    let hits = 0;
    let total = 0;
    for (const [area, questions] of Object.entries(AREA_QUESTIONS)) {
      for (const q of questions) {
        total++;
        if (areasOf(q).includes(area)) hits++;
      }
    }
    expect(hits / total).toBeGreaterThan(0.9);
  });

  it.each([
    ['hey quick q, whats the integral of 1/x', 'math'],
    ['What is 345 * 12?', 'math'],
    ['my docker container exits immediately with code 137', 'code'],
    ['```\nfor i in range(10): print(i)\n```', 'code'],
    ['can u recommend a good thai curry recipe, not too spicy', 'cooking'],
    ['im flying to tokyo next month, what should my itinerary look like for 7 days', 'travel'],
    ['My husband never listens when I talk about my day', 'relationships'],
    ['Is it normal to feel anxious all the time? My therapist says it is stress.', 'psychology'],
    ['whats the best etf for a roth ira', 'finance'],
    ['my tenant stopped paying rent, can I evict them', 'law'],
    ['Explain how vaccines train the immune system', 'medicine'],
    ['translate "good morning" to korean pls', 'translation'],
  ])('%j is about %s', (prompt, area) => {
    expect(areasOf(prompt)).toContain(area);
  });

  // Everyday words are no evidence of an area; the suffix rule must not turn them into one
  // ("boxed" and "boxing" both end up as "box", "theme" as "them").
  it.each(COMMON_WORDS.split(' '))('does not put %j in an area', (word) => {
    expect(areasOf(`${word} ${word} ${word}`)).toEqual([]);
  });

  it('stays out of areas a prompt only brushes against', () => {
    expect(areasOf('hello there, how are you today?')).toEqual([]);
    expect(areasOf('thanks!')).toEqual([]);
    const long = `${'Write a function that parses the config file and returns the port. '.repeat(30)} Also my cat is cute.`;
    expect(areasOf(long)).toEqual(['code']);
  });
});

describe('elicitation cues', () => {
  it.each<[string, CueName]>([
    ["Let's think step by step.", 'stepByStep'],
    ['solve this step-by-step', 'stepByStep'],
    ['walk me through it', 'stepByStep'],
    ['break it down for me', 'stepByStep'],
    ['show your work', 'showWork'],
    ['Show all of the steps? no: SHOW ALL YOUR WORK', 'showWork'],
    ['please show the intermediate steps', 'showWork'],
    ['explain how you arrived at the answer', 'showWork'],
    ['use chain of thought', 'chainOfThought'],
    ['write out your full reasoning process before the answer', 'chainOfThought'],
    ['think out loud', 'chainOfThought'],
    ['think carefully before answering', 'thinkFirst'],
    ['take a deep breath and work on this problem', 'thinkFirst'],
    ['before you answer, reason it through', 'thinkFirst'],
    ['explain your reasoning', 'explainReasoning'],
    ['justify your answer', 'explainReasoning'],
    ['give a detailed explanation', 'explainReasoning'],
    ['what is the reasoning behind this', 'explainReasoning'],
    ['be as detailed as possible', 'exhaustive'],
    ['give a comprehensive answer', 'exhaustive'],
    ['explain in great detail', 'exhaustive'],
    ['at least 500 words', 'exhaustive'],
    ['solve it in three different ways', 'alternatives'],
    ['give multiple solutions', 'alternatives'],
    ['format this as a training example', 'trainingFormat'],
    ['produce instruction response pairs for fine tuning', 'trainingFormat'],
    ['use the following format', 'trainingFormat'],
    ['put your final answer in \\boxed{}', 'finalAnswer'],
  ])('%j → %s', (prompt, cue) => {
    expect(cuesOf(prompt)).toContain(cue);
  });

  it.each([
    'What is the capital of France?',
    'write a poem about my dog',
    'how do i fix a leaking faucet',
    'the first step of the plan is to call them',
    'I think the show was good',
  ])('no cue in %j', (prompt) => {
    expect(cuesOf(prompt)).toEqual([]);
  });

  it('reads cues in the system prompt separately', () => {
    const t = f('What is 12 + 30?', 'You are a tutor. Always explain your reasoning step by step.');
    expect(t.elicitation).toBe(0);
    const cues = CUE_NAMES.filter((_, i) => t.systemElicitation & (1 << i));
    expect(cues).toEqual(expect.arrayContaining(['stepByStep', 'explainReasoning']));
    expect(t.systemHash).not.toBe(0);
    expect(f('x').systemHash).toBe(0);
  });
});

describe('enumeration and structure', () => {
  it.each([
    ['Question 17: what is 2+2?', 17],
    ['#123 write a haiku', 123],
    ['Problem 4 of 500: solve for x', 4],
    ['[item 0042] Summarize the passage.', 42],
    ['Q12. Name a mammal.', 12],
    ['Task #7 - translate this', 7],
  ])('%j carries number %d', (prompt, n) => {
    expect(f(prompt).sequenceNumber).toBe(n);
    expect(f(prompt).structure & STRUCTURE.enumerated).toBeTruthy();
  });

  it.each(['I have 3 cats', 'What is 17 * 23?', 'Python 3.11 is out', 'call me at 10:30'])('%j carries none', (prompt) => {
    expect(f(prompt).sequenceNumber).toBeUndefined();
  });

  it('sees option lists and answer slots', () => {
    const mc = f('Which planet is largest?\nA) Mars\nB) Jupiter\nC) Venus\nD) Earth\nAnswer:');
    expect(mc.structure & STRUCTURE.multipleChoice).toBeTruthy();
    expect(mc.structure & STRUCTURE.answerSlot).toBeTruthy();
    expect(f('Pick one: (a) red (b) blue').structure & STRUCTURE.multipleChoice).toBeTruthy();
    expect(f('What is a good name for a cat?').structure).toBe(0);
  });

  it('counts words and characters', () => {
    expect(f('What is 17 * 23?')).toMatchObject({ words: 4, chars: 16 });
    expect(f('光合作用').words).toBe(4);
  });
});

describe('robustness', () => {
  it.each([
    '',
    '   \n\n  ',
    '😀😀😀 🎉',
    '请一步一步地解释光合作用',
    'مرحبا كيف حالك؟ اشرح خطوة بخطوة',
    'Привет! Объясни, пожалуйста, Квантовую механику.',
    '\ud800 lone surrogates \udfff',
    '"unclosed quote and ``` unclosed fence',
    ':::: ???? #### [[[[ ((((',
    'A) B) C) D) a. b. 1. 2.',
  ])('never throws on %j', (prompt) => {
    const t = f(prompt, prompt);
    expect(Number.isInteger(t.promptHash)).toBe(true);
    expect(t.minhash).toHaveLength(4);
  });

  // Linear in the text: a bound that cold (unoptimised) code meets, but a quadratic path would not.
  it('handles 100 KB prompts quickly', () => {
    const big = 'Explain step by step how photosynthesis works in plants. 😀 光合作用 '.repeat(1600);
    expect(big.length).toBeGreaterThan(100_000);
    const started = process.cpuUsage(); // CPU, not wall time: other jobs on the machine do not count
    const t = f(big, big);
    const used = process.cpuUsage(started);
    expect((used.user + used.system) / 1000).toBeLessThan(1000);
    expect(t.chars).toBe(big.length);
    expect(areasOf(big)).toContain('biology');
  });

  it('is deterministic', () => {
    const p = 'Question 3: A) one B) two. Explain step by step. 😀';
    expect(f(p, 'Think first.')).toEqual(f(p, 'Think first.'));
  });
});

describe('near-duplicate fingerprint', () => {
  it('agrees for near-duplicates more than for unrelated prompts', () => {
    const a = f('Explain how a neural network learns from data using backpropagation and gradient descent.');
    const b = f('Explain how a neural network learns from data using backpropagation and gradient descent, briefly.');
    const c = f('Give me a vegetarian recipe for dinner with chickpeas and spinach.');
    expect(minHashSimilarity(a.minhash, b.minhash)).toBeGreaterThanOrEqual(0.5);
    expect(minHashSimilarity(a.minhash, c.minhash)).toBe(0);
  });
});

describe('extractFeatures', () => {
  it('gives a system prompt alone text features, and no text without either', () => {
    const sysOnly = request(1, undefined, { system_prompt: 'Always show your work.' });
    expect(sysOnly.text).toMatchObject({ chars: 0, words: 0 });
    expect(sysOnly.text?.systemElicitation).not.toBe(0);
    expect(request(2, undefined).text).toBeUndefined();
    expect(extractFeatures({ ...baseEvent(), prompt: 'hi' }).text?.words).toBe(1);
  });
});

function baseEvent() {
  return {
    request_id: 'r',
    ts: 0,
    api_key_id: 'k',
    account_id: 'a',
    model: 'm',
    prompt_tokens: 1,
    completion_tokens: 1,
    status: 200,
  };
}

describe('word hashes', () => {
  it('fold case, inner apostrophes and suffixes as the lexicon does', () => {
    expect(f('EXPLAINING the rules').templateHash).toBe(f('explain the rules').templateHash);
    expect(f("we don't bake").templateHash).toBe(f('we dont baking').templateHash);
    expect(f('she kisses boxes').templateHash).toBe(f('she kiss box').templateHash);
    expect(f('Explain it step by step').elicitation).toBe(f('explaining it steps by steps').elicitation);
  });
});
