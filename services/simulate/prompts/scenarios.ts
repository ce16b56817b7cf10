import type { Rng } from '../rng';
import { twoPeople } from './people';
import { capitalize, expand, withArticle } from './text';

/** Case vignettes in the style of bar, medical-licensing and business-school questions. */

export function legalScenario(rng: Rng): string {
  const [a, b] = twoPeople(rng);
  return expand(rng, '{a}, a {job}, [agreed in writing|promised orally|signed a contract] to {duty} for {b} for ${amount}. {turn} {b} {reaction}. {question}', {
    a: [a.name], b: [b.name],
    job: ['contractor', 'software consultant', 'wedding photographer', 'landlord', 'car dealer', 'freelance designer', 'supplier of steel beams'],
    duty: ['renovate a kitchen', 'build a booking website', 'photograph a wedding', 'lease a warehouse', 'deliver 40 tons of steel', 'design a logo'],
    amount: () => String(rng.int(2, 400) * 500),
    turn: ['Two weeks before the deadline, the work was only half done.', 'A storm destroyed the materials before delivery.', 'The price of materials then doubled.', 'Before performance began, a competitor offered more money.', 'The finished work did not match the agreed specification.', 'A minor was the one who signed on behalf of the business.'],
    reaction: ['refused to pay', 'hired someone else and sued for the difference', 'posted a negative review online', 'changed the locks', 'withheld the final instalment', 'demanded a full refund'],
    question: ['Analyse the legal issues and the likely outcome.', 'What claims and defences are available to each party?', 'Can the contract be enforced? Discuss.', 'What remedies are available, and how would damages be measured?'],
  });
}

export function clinicalVignette(rng: Rng): string {
  const woman = rng.chance(0.5);
  const [he, his] = woman ? ['She', 'her'] : ['He', 'his'];
  return expand(rng, '{patient} presents to the {setting} with {s1} and {s2} for {duration}. {history} Vital signs: blood pressure {sys}/{dia} mmHg, heart rate {hr}/min, temperature {temp} °C. {finding} {question}', {
    patient: [capitalize(withArticle(`${rng.int(2, 88)}-year-old ${woman ? 'woman' : 'man'}`))],
    setting: ['emergency department', 'clinic', 'primary care office', 'urgent care centre'],
    s1: ['fever', 'chest pain', 'shortness of breath', 'abdominal pain', 'headache', 'fatigue', 'joint pain', 'a rash', 'cough', 'palpitations', 'weight loss', 'dizziness'],
    s2: ['nausea', 'night sweats', 'swelling of both legs', 'blurred vision', 'increased thirst', 'confusion', 'diarrhoea', 'a productive cough', 'back pain'],
    duration: ['2 days', '3 weeks', '6 hours', '4 months', '10 days'],
    history: [`${he} has a history of type 2 diabetes.`, `${he} takes ${his} medication irregularly.`, 'There is no relevant past medical history.', `${he} smokes a pack a day.`, `${he} returned from Kenya a week ago.`, `${he} drinks heavily.`, `${he} had surgery 10 days ago.`],
    sys: () => String(rng.int(85, 190)), dia: () => String(rng.int(50, 115)), hr: () => String(rng.int(48, 140)),
    temp: () => (36 + rng.next() * 3.5).toFixed(1),
    finding: ['Examination shows jugular venous distension.', 'Laboratory studies show a serum sodium of 124 mEq/L.', 'An ECG shows ST elevation in leads II, III and aVF.', 'There is tenderness in the right lower quadrant.', 'A chest x-ray shows a right lower lobe infiltrate.', 'Urinalysis shows glucose and ketones.', 'The D-dimer is elevated.'],
    question: ['What is the most likely diagnosis?', 'What is the next best step in management?', 'Which investigation should be done first, and why?', 'What is the underlying mechanism of this condition?'],
  });
}

export function businessCase(rng: Rng): string {
  return expand(rng, 'A {size} {industry} company with ${rev} million in annual revenue is considering {decision}. {constraint} {question}', {
    size: ['mid-sized', 'family-owned', 'venture-backed', 'publicly listed', 'small'],
    industry: ['furniture', 'logistics', 'SaaS', 'grocery', 'medical device', 'apparel', 'craft brewing', 'hotel'],
    rev: () => String(rng.int(2, 900)),
    decision: ['expanding into Southeast Asia', 'moving to a subscription model', 'acquiring a competitor', 'automating its warehouse', 'cutting its product line in half', 'launching a premium brand'],
    constraint: ['Its margins have fallen for three years.', 'A new regulation takes effect next year.', 'Its largest customer accounts for 40% of sales.', 'The founders disagree about the strategy.', 'Interest rates have risen sharply.'],
    question: ['Evaluate the options and recommend a course of action.', 'What are the key risks, and how should they be mitigated?', 'Build a framework for making this decision.'],
  });
}
