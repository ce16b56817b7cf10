import type { RequestLogEvent } from '../../schemas/event';
import type { Detector, EventFeatures } from '../../detectors/types';
import type { Signal } from '../../schemas/signal';
import { extractFeatures } from '../../detectors/features/index';
import { fmix32 } from '../../detectors/hash';
import { run, T0 } from './traffic';

/**
 * Hand-written prompts for text-detector tests, phrased the way people type them (casual, lower
 * case, typos of punctuation), grouped by the capability area a reader would put them in.
 */
export const AREA_QUESTIONS: Record<string, string[]> = {
  math: [
    'how do i solve 3x + 7 = 22',
    'What is the derivative of x^2 sin(x)?',
    'can you explain what a logarithm actually is',
    'Find the area of a triangle with sides 5, 6 and 7.',
    'is 221 a prime number',
  ],
  code: [
    'why does my python script throw KeyError when the key is obviously there',
    'Write a function in JavaScript that removes duplicates from an array.',
    'whats the difference between git merge and git rebase',
    'How do I reverse a linked list in place?',
    'my react component re-renders forever, what am i doing wrong',
  ],
  physics: [
    'why is the sky blue? explain the physics',
    'How does a black hole form?',
    'what is the difference between velocity and acceleration',
    'Explain quantum entanglement like I am five.',
    'how fast does a ball fall if you drop it from 20 meters, ignoring friction',
  ],
  chemistry: [
    'Balance the chemical equation for burning methane.',
    'what is the difference between an ionic and a covalent bond',
    'why does salt lower the freezing point of water, chemically',
    'How do I calculate the molarity of a solution?',
    'what happens in a redox reaction',
  ],
  biology: [
    'how does photosynthesis work',
    'What do mitochondria do in a cell?',
    'explain natural selection with an example',
    'What is the difference between DNA and RNA?',
    'how do bacteria become resistant to antibiotics',
  ],
  medicine: [
    'I have had a headache and a fever for three days, should I see a doctor?',
    'what are the side effects of ibuprofen',
    'Is it safe to take paracetamol with antibiotics?',
    'what are early symptoms of diabetes',
    'how long does it take to recover from a sprained ankle injury',
  ],
  law: [
    'Can my landlord keep my deposit if I gave 30 days notice?',
    'what is the difference between a misdemeanor and a felony',
    'Do I need a lawyer to write a will?',
    'is it legal to record a phone call without telling the other person',
    'what does breach of contract mean',
  ],
  finance: [
    'should i pay off my credit card debt or invest in an index fund',
    'How does compound interest work?',
    'what is a good credit score',
    'Explain what inflation does to my savings.',
    'how do I start budgeting on a low income',
  ],
  history: [
    'What caused the fall of the Roman Empire?',
    'why did world war 1 start',
    'Who was Napoleon and why is he famous?',
    'what was the industrial revolution',
    'How did the Cold War end?',
  ],
  geography: [
    'What is the capital of Australia?',
    'which country has the longest coastline',
    'What is the longest river in Africa?',
    'name all the continents',
    'how many countries border Germany',
  ],
  literature: [
    'What is the main theme of To Kill a Mockingbird?',
    'who is the narrator in the great gatsby',
    'Explain the symbolism in Macbeth.',
    'what are some good classic novels for a beginner',
    'Analyze the protagonist of Pride and Prejudice.',
  ],
  creative: [
    'write a poem about the ocean at night',
    'Write a short story about a robot who learns to paint.',
    'can you write a funny limerick about my cat',
    'Write song lyrics about leaving home.',
    'give me a slogan for a coffee shop',
  ],
  philosophy: [
    'what is the meaning of life according to existentialism',
    'Is free will compatible with determinism?',
    'explain the trolley problem',
    "What is Kant's categorical imperative?",
    'is it ever moral to lie',
  ],
  psychology: [
    'how do i stop procrastinating',
    'What is cognitive behavioral therapy?',
    'why do I get anxiety before presentations',
    'Explain the difference between an introvert and an extrovert.',
    'how can i build better habits and motivation',
  ],
  translation: [
    'Translate "where is the train station" into Spanish.',
    'how do you say thank you in japanese',
    'translate this to french: I would like a table for two',
    'What does "carpe diem" mean in English?',
    'Translate the following into German: the meeting is postponed.',
  ],
  language: [
    'is it "affect" or "effect" in this sentence',
    'What is the past tense of "lie"?',
    'fix the grammar: me and him goes to school',
    'What is a synonym for happy?',
    'when do I use a semicolon',
  ],
  logic: [
    'A man looks at a portrait and says brothers and sisters I have none. Who is in the picture? riddle',
    'Solve this logic puzzle: three boxes are labeled wrong...',
    'If all bloops are razzies and all razzies are lazzies, are all bloops lazzies?',
    'whats the answer to the monty hall problem',
    'what comes next in the sequence 2, 6, 12, 20',
  ],
  data: [
    'What is the difference between supervised and unsupervised machine learning?',
    'how do I handle missing values in a pandas dataframe',
    'Explain overfitting and how to prevent it.',
    'what does a p value mean in statistics',
    'How does a neural network learn?',
  ],
  business: [
    'write a marketing strategy for a small bakery',
    'How do I write a business plan for a startup?',
    'what is a good pricing strategy for a saas product',
    'Give me ideas to get my first 100 customers.',
    'how to do a swot analysis for my company',
  ],
  career: [
    'Can you review my resume for a software engineering job?',
    'how do i ask my boss for a raise',
    'Write a cover letter for a marketing internship.',
    'what questions should I ask at the end of a job interview',
    'should i quit my job to freelance',
  ],
  cooking: [
    'how long do i bake chicken thighs at 400',
    'Give me a vegetarian recipe for dinner with chickpeas.',
    'what can i substitute for butter in cookies',
    'How do I make pasta sauce from fresh tomatoes?',
    'whats a good marinade for steak',
  ],
  travel: [
    'Plan a 5 day itinerary for Rome.',
    'what are the best places to visit in japan in autumn',
    'Do I need a visa for Thailand with a US passport?',
    'cheapest way to get from the airport to the city center in Lisbon',
    'things to do in Barcelona on a rainy day',
  ],
  sports: [
    'give me a beginner workout plan for the gym',
    'Who won the world cup in 2014?',
    'how do I train for my first marathon',
    'Explain the offside rule in soccer.',
    'best stretching routine after running',
  ],
  entertainment: [
    'recommend some movies like Inception',
    'Who sings the song Bohemian Rhapsody?',
    'what are the best video games of all time',
    'How many seasons does the tv show Breaking Bad have?',
    'suggest an anime for someone who never watched anime',
  ],
  relationships: [
    'my girlfriend and I keep fighting about chores, what should I do?',
    'how do i tell my best friend i have a crush on her',
    'What is a good gift for my wife for our anniversary?',
    'my parents dont respect my boundaries, any advice',
    'how do I deal with jealousy in a relationship',
  ],
  tech: [
    'my laptop wont turn on after an update',
    'How do I reset my router password?',
    'why is my iphone battery draining so fast',
    'my wifi keeps disconnecting on windows 11',
    'How do I back up my phone to google drive?',
  ],
  earth: [
    'what causes earthquakes',
    'How do greenhouse gases cause global warming?',
    'is recycling plastic actually worth it',
    'Explain the water cycle for a 10 year old.',
    'why are hurricanes getting stronger',
  ],
  education: [
    'help me make a study plan for my final exam in two weeks',
    'How can I help my kid with math homework without doing it for them?',
    'what should I write my thesis about',
    'Create a lesson plan for teaching fractions to 4th graders.',
    'tips for a student starting university',
  ],
  politics: [
    'what is the difference between a democracy and a republic',
    'How does the electoral college work?',
    'explain the arguments for and against gun control',
    'What does NATO do?',
    'why do countries impose sanctions',
  ],
  arts: [
    'how do i get better at drawing hands',
    'What colors go well with navy blue in interior design?',
    'tips for portrait photography with natural light',
    'Design a logo concept for a yoga studio.',
    'what is the difference between acrylic and oil painting',
  ],
  home: [
    'how do I fix a leaking faucet',
    'My dog keeps barking at night, what can I do?',
    'how often should i water a houseplant',
    'Best way to remove mold from the bathroom ceiling?',
    'how to unclog a drain without chemicals',
  ],
};

/** Endings that make a question a different prompt without changing what it is about. */
export const VARIATIONS = [
  '',
  ' Keep it short.',
  ' Give an example.',
  ' Answer for a beginner.',
  ' Be precise.',
  ' Use simple words.',
  ' Explain briefly.',
  ' Please.',
  ' Thanks!',
  ' I am curious.',
  ' Asking for a school project.',
  ' In two sentences.',
  ' Answer in a list.',
  ' Make it fun.',
  ' No jargon please.',
  ' For my notes.',
  ' Quick question.',
  ' As an expert would.',
  ' Summarize at the end.',
  ' Be honest.',
];

export const AREAS = Object.keys(AREA_QUESTIONS);

/** One logged request, reduced by the real feature extraction. `i` orders it (one per second). */
export function request(i: number, prompt: string | undefined, over: Partial<RequestLogEvent> = {}): EventFeatures {
  return extractFeatures({
    request_id: `r${i}`,
    ts: T0 + i * 1000,
    api_key_id: 'k1',
    account_id: 'a1',
    model: 'model-large',
    prompt_tokens: 120,
    completion_tokens: 300,
    status: 200,
    prompt,
    ...over,
  });
}

/** Folds events in order and assesses once at the end. */
export function assess<S>(d: Detector<S>, events: readonly EventFeatures[]): { signal: Signal | null; state: S } {
  const { state, ctx } = run(d, events);
  return { signal: d.assess(state, ctx), state };
}

/** The `i`-th distinct broad question: cycles through areas, then questions, then variations. */
export function broadQuestion(i: number, areas: readonly string[] = AREAS): string {
  const area = AREA_QUESTIONS[areas[i % areas.length]];
  const q = Math.floor(i / areas.length);
  return area[q % area.length] + VARIATIONS[Math.floor(q / area.length) % VARIATIONS.length];
}

/** Prompts of one person: a few areas, each question asked once and then followed up. */
export const PERSON_THREADS: string[][] = [
  ['my react component re-renders forever, what am i doing wrong', 'i added the dependency array but it still loops', 'oh that fixed it thanks. why does useEffect do that'],
  ['why does my python script throw KeyError when the key is obviously there', 'here is the traceback, it says line 12', 'ok and how do i make the lookup safe'],
  ['whats the difference between git merge and git rebase', 'so which one should my team use', 'can you show the commands'],
  ['my laptop wont turn on after an update', 'the light blinks twice', 'ok holding the button worked'],
  ['How do I reverse a linked list in place?', 'can you do it recursively too', 'what is the complexity'],
  ['Write a function in JavaScript that removes duplicates from an array.', 'without using Set please', 'nice, now in typescript'],
];

/**
 * `n` events for state-bound tests: real features of a small pool of prompts, with every hash,
 * conversation and enumeration number made distinct per event, the worst case for the sketches
 * (extracting 100k real prompts would only slow the test down).
 */
export function* distinctEvents(n: number): Generator<EventFeatures> {
  const pool = Array.from({ length: 200 }, (_, i) =>
    request(i, broadQuestion(i), { system_prompt: i % 2 ? 'Explain step by step.' : undefined }),
  );
  for (let i = 0; i < n; i++) {
    const e = pool[i % pool.length];
    yield {
      ...e,
      ts: e.ts + i * 1000,
      conversationId: `c${i}`,
      text: {
        ...e.text!,
        promptHash: fmix32(i + 1),
        templateHash: fmix32(i + 2) || 1,
        fillHash: fmix32(i + 3),
        sequenceNumber: i,
      },
    };
  }
}
