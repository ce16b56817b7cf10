import type { Rng } from '../rng';
import { person, twoPeople } from './people';
import { capitalize } from './text';

/**
 * Generated problems with fresh numbers each time: textbook and competition maths, numeric
 * science exercises, and grade-school word problems. Students paste them, evaluations and
 * distillers send them in bulk.
 */

function signed(n: number): string {
  return n < 0 ? `- ${-n}` : `+ ${n}`;
}

function poly(rng: Rng, degree: number): string {
  const terms: string[] = [];
  for (let d = degree; d >= 0; d--) {
    const c = rng.int(-9, 9);
    if (c === 0) continue;
    const x = d === 0 ? '' : d === 1 ? 'x' : `x^${d}`;
    const coef = d > 0 && Math.abs(c) === 1 ? '' : String(Math.abs(c));
    terms.push(`${terms.length === 0 ? (c < 0 ? '-' : '') : c < 0 ? ' - ' : ' + '}${coef}${x}`);
  }
  return terms.join('') || String(rng.int(1, 9));
}

const MATH: readonly ((rng: Rng) => string)[] = [
  (r) => `Solve for x: ${r.int(2, 15)}x ${signed(r.int(-40, 40))} = ${r.int(-60, 90)}.`,
  (r) => `Find x if ${r.int(2, 9)}(x - ${r.int(1, 12)}) = ${r.int(2, 7)}x ${signed(r.int(-30, 30))}.`,
  (r) => {
    const a = r.int(-9, 9);
    const b = r.int(-9, 9);
    return `Find all real roots of x^2 ${signed(-(a + b))}x ${signed(a * b)} = 0.`;
  },
  (r) => `Solve the system of equations: ${r.int(1, 9)}x + ${r.int(1, 9)}y = ${r.int(5, 60)} and ${r.int(1, 9)}x - ${r.int(1, 9)}y = ${r.int(-20, 30)}.`,
  (r) => `Differentiate f(x) = ${r.pick([`${poly(r, 3)}`, `x^${r.int(2, 5)} sin(x)`, `e^(${r.int(2, 6)}x) cos(x)`, `ln(${r.int(2, 9)}x^2 + 1)`, `(${poly(r, 2)}) / (x ${signed(r.int(-5, 5))})`])}.`,
  (r) => `Evaluate the definite integral of ${poly(r, r.int(1, 3))} from x = ${r.int(-3, 1)} to x = ${r.int(2, 6)}.`,
  (r) => `Compute the indefinite integral of ${r.pick(['x e^x', 'x^2 ln(x)', 'sin^2(x)', '1/(x^2 + 4)', 'x/(x^2 + 1)', 'e^x sin(x)', 'sec^2(x) tan(x)'])} dx.`,
  (r) => `Compute the limit as x approaches 0 of sin(${r.int(2, 9)}x) / (${r.int(2, 9)}x).`,
  (r) => `Find the eigenvalues and eigenvectors of the matrix [[${r.int(-5, 9)}, ${r.int(-5, 9)}], [${r.int(-5, 9)}, ${r.int(-5, 9)}]].`,
  (r) => `What is the remainder when ${r.int(2, 19)}^${r.int(20, 2025)} is divided by ${r.pick([7, 9, 11, 13, 17, 100, 1000])}?`,
  (r) => `How many positive divisors does ${r.int(60, 5000)} have?`,
  (r) => `Find the greatest common divisor of ${r.int(100, 9999)} and ${r.int(100, 9999)} using the Euclidean algorithm.`,
  (r) => `In how many ways can ${r.int(5, 14)} people sit ${r.pick(['around a round table', 'in a row', 'on a bench'])} if ${r.pick(['two particular people refuse to sit next to each other', 'two particular people insist on sitting together', 'three friends must sit together', 'the two oldest must sit at the ends'])}?`,
  (r) => `A bag contains ${r.int(2, 9)} red, ${r.int(2, 9)} blue and ${r.int(1, 6)} green marbles. If ${r.int(2, 4)} marbles are drawn without replacement, what is the probability that they are all the same colour?`,
  (r) => `Two fair ${r.pick([6, 8, 10, 12])}-sided dice are rolled. What is the probability that the sum is ${r.pick(['prime', 'a multiple of 3', 'greater than 9', 'even'])}?`,
  (r) => `A triangle has sides of length ${r.int(3, 12)}, ${r.int(5, 14)} and ${r.int(7, 16)}. Find its area.`,
  (r) => `A rectangle has a perimeter of ${r.int(20, 120)} cm and its length is ${r.int(2, 9)} cm more than twice its width. Find its dimensions.`,
  (r) => `A farmer has ${r.int(100, 2000)} metres of fencing and wants to enclose a rectangular field along a river, fencing only three sides. What dimensions maximise the area?`,
  (r) => `The sum of the first ${r.int(10, 40)} terms of an arithmetic sequence is ${r.int(200, 3000)} and the first term is ${r.int(1, 20)}. Find the common difference.`,
  (r) => {
    const a = r.int(3, 9);
    const k = r.int(2, 5);
    const claim = r.pick([
      'the sum of the first n odd numbers is n^2',
      'the sum of the first n cubes equals the square of the sum of the first n integers',
      'the sum of the first n powers of 2 is 2^n - 1',
      `${a}^n - 1 is divisible by ${a - 1} for every positive integer n`,
      `n^${r.pick([3, 5, 7])} - n is divisible by ${r.pick([2, 3, 6])} for every integer n`,
      `the product of ${k} consecutive integers is divisible by ${[2, 6, 24, 120][k - 2]}`,
    ]);
    return `Prove ${r.pick(['by induction ', 'directly ', ''])}that ${claim}.`;
  },
  (r) => `Prove that ${r.pick([`the square root of ${r.pick([2, 3, 5, 6, 7, 10, 11, 12, 15])}`, `log base ${r.int(2, 3)} of ${r.pick([5, 7, 10, 11])}`, `the cube root of ${r.pick([2, 3, 4, 5, 9])}`])} is irrational.`,
  (r) => `How many ${r.int(3, 6)}-digit numbers have digits that ${r.pick(['sum to 10', 'are strictly increasing', 'are all distinct and odd', 'form a palindrome'])}?`,
  (r) => `Find the minimum value of ${r.int(1, 6)}x^2 ${signed(r.int(-20, 20))}x ${signed(r.int(-20, 20))} and the value of x where it occurs.`,
  (r) => `Solve the differential equation dy/dx = ${r.int(2, 7)}y with y(0) = ${r.int(1, 9)}.`,
  (r) => `Let f(x) = ${poly(r, 2)}. Find f(f(${r.int(-3, 3)})).`,
  (r) => `If log base ${r.int(2, 5)} of (x ${signed(r.int(-6, 9))}) = ${r.int(2, 4)}, what is x?`,
];

const SCIENCE: readonly ((rng: Rng) => string)[] = [
  (r) => `A ball is thrown straight up at ${r.int(5, 30)} m/s from a height of ${r.int(0, 50)} m. How long until it hits the ground? Use g = 9.8 m/s^2.`,
  (r) => `A car accelerates uniformly from rest to ${r.int(15, 40)} m/s in ${r.int(4, 15)} s. What distance does it cover?`,
  (r) => `Three resistors of ${r.int(2, 50)}, ${r.int(2, 50)} and ${r.int(2, 50)} ohms are connected in parallel to a ${r.pick([6, 9, 12, 24])} V battery. Find the total current.`,
  (r) => `How many grams of ${r.pick(['NaCl', 'glucose', 'KMnO4', 'CaCl2', 'NaOH'])} are needed to prepare ${r.pick([100, 250, 500, 1000])} mL of a ${r.pick([0.1, 0.25, 0.5, 1.5, 2])} M solution?`,
  (r) => `What is the pH of a ${r.pick(['0.01', '0.05', '0.1', '0.002'])} M solution of ${r.pick(['acetic acid (Ka = 1.8 x 10^-5)', 'HCl', 'ammonia (Kb = 1.8 x 10^-5)', 'formic acid (Ka = 1.8 x 10^-4)'])}?`,
  (r) => `How much heat is needed to raise ${r.int(50, 2000)} g of water from ${r.int(5, 30)} °C to ${r.int(40, 100)} °C?`,
  (r) => `An object is placed ${r.int(5, 60)} cm from a converging lens with a focal length of ${r.int(5, 30)} cm. Where is the image and what is its magnification?`,
  (r) => `A gas occupies ${r.int(2, 30)} L at ${r.int(250, 400)} K and ${r.pick([1, 1.5, 2, 3])} atm. What volume does it occupy at ${r.int(250, 500)} K and ${r.pick([0.5, 1, 2.5])} atm?`,
  (r) => `Balance the chemical equation: ${r.pick(['C3H8 + O2 -> CO2 + H2O', 'Fe + O2 -> Fe2O3', 'Al + HCl -> AlCl3 + H2', 'C6H12O6 + O2 -> CO2 + H2O', 'KClO3 -> KCl + O2', 'NH3 + O2 -> NO + H2O', 'C8H18 + O2 -> CO2 + H2O', 'Cu + HNO3 -> Cu(NO3)2 + NO + H2O', 'KMnO4 + HCl -> KCl + MnCl2 + Cl2 + H2O', 'Ca3(PO4)2 + H2SO4 -> CaSO4 + H3PO4', 'FeS2 + O2 -> Fe2O3 + SO2', 'C2H5OH + O2 -> CO2 + H2O', 'Na + H2O -> NaOH + H2', 'Pb(NO3)2 -> PbO + NO2 + O2'])}.`,
  (r) => `A ${r.int(1, 10)} kg block slides down a frictionless incline of ${r.int(15, 60)} degrees and length ${r.int(2, 20)} m. What is its speed at the bottom?`,
  (r) => `A satellite orbits Earth at an altitude of ${r.int(300, 36000)} km. Calculate its orbital period.`,
  (r) => {
    const [plant, a, a2, b, b2] = r.pick([['pea plants', 'tall', 'short', 'yellow seeds', 'green seeds'], ['tomatoes', 'red fruit', 'yellow fruit', 'smooth skin', 'fuzzy skin'], ['guinea pigs', 'black fur', 'white fur', 'rough coat', 'smooth coat'], ['fruit flies', 'red eyes', 'white eyes', 'long wings', 'vestigial wings']]);
    const g = () => r.pick(['AA', 'Aa', 'aa']) + r.pick(['BB', 'Bb', 'bb']);
    return `In ${plant}, ${a} (A) is dominant over ${a2} (a) and ${b} (B) over ${b2} (b). What fraction of the offspring of a ${g()} x ${g()} cross have ${r.pick([a, a2])} and ${r.pick([b, b2])}?`;
  },
  (r) => `A radioactive isotope has a half-life of ${r.int(2, 90)} days. What fraction of a sample remains after ${r.int(10, 365)} days?`,
  (r) => `A ${r.int(500, 3000)} W heater runs for ${r.int(1, 10)} hours a day. At $${r.pick(['0.12', '0.18', '0.25', '0.31'])} per kWh, what does it cost per month?`,
  (r) => `A wave has a frequency of ${r.int(100, 2000)} Hz and travels at ${r.pick([340, 1480, 5000])} m/s. What is its wavelength?`,
  (r) => `How many moles of CO2 are produced when ${r.int(10, 500)} g of ${r.pick(['methane', 'propane', 'octane', 'glucose'])} burns completely?`,
];

const ITEMS = ['clips', 'cupcakes', 'stickers', 'apples', 'tickets', 'books', 'muffins', 'marbles', 'candles', 'bracelets', 'pencils', 'seashells', 'comic books', 'cookies'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October'];

const WORD: readonly ((rng: Rng) => string)[] = [
  (r) => {
    const p = person(r);
    const item = r.pick(ITEMS);
    const i = r.int(0, MONTHS.length - 2);
    return `${p.name} sold ${item} to ${r.int(12, 96)} of ${p.their} friends in ${MONTHS[i]}, and then ${p.they} sold ${r.pick(['half as many', 'twice as many', 'a third as many', '10 more'])} ${item} in ${MONTHS[i + 1]}. How many ${item} did ${p.name} sell altogether in ${MONTHS[i]} and ${MONTHS[i + 1]}?`;
  },
  (r) => {
    const p = person(r);
    return `${p.name} earns $${r.int(8, 30)} an hour for ${r.pick(['babysitting', 'tutoring', 'dog walking', 'mowing lawns'])}. Yesterday, ${p.they} worked ${r.int(20, 300)} minutes. How much did ${p.they} earn?`;
  },
  (r) => {
    const p = person(r);
    const item = r.pick(ITEMS);
    return `${p.name} has ${r.int(30, 200)} ${item}. ${capitalize(p.they)} gives ${r.int(2, 9)} to each of ${r.int(2, 8)} friends and then buys ${r.int(3, 40)} more. How many ${item} does ${p.they} have now?`;
  },
  (r) => {
    const item = r.pick(['notebooks', 'pens', 'mugs', 'plants', 'T-shirts', 'candles']);
    return `A store sells ${item} for $${r.int(2, 25)} each. If you buy more than ${r.int(5, 20)}, you get a ${r.pick([10, 15, 20, 25])}% discount on the whole order. How much do ${r.int(6, 40)} ${item} cost?`;
  },
  (r) => {
    const p = person(r);
    return `${p.name} is saving for a ${r.pick(['bike', 'laptop', 'guitar', 'school trip', 'new phone'])} that costs $${r.int(100, 1500)}. ${capitalize(p.they)} already has $${r.int(10, 300)} and saves $${r.int(5, 60)} each week. How many weeks will it take to have enough money?`;
  },
  (r) => `A train travels at ${r.int(30, 90)} miles per hour for ${r.int(1, 6)} hours, then at ${r.int(30, 90)} miles per hour for ${r.int(1, 5)} hours. What is the total distance travelled?`,
  (r) => {
    const [a, b] = twoPeople(r);
    return `${a.name} bakes ${r.int(2, 8)} dozen cookies. ${capitalize(a.they)} eats ${r.int(1, 6)} and gives ${r.pick(['half', 'a third', 'a quarter'])} of the rest to ${b.name}. How many cookies does ${a.name} have left?`;
  },
  (r) => `There are ${r.int(20, 40)} students in a class. ${r.pick([25, 40, 50, 60, 75])}% of them are girls. Of the boys, ${r.int(2, 8)} play soccer. How many boys do not play soccer?`,
  (r) => {
    const p = person(r);
    const [plant, crop] = r.pick([['tomato plants', 'tomatoes'], ['pepper plants', 'peppers'], ['bean plants', 'beans'], ['strawberry plants', 'strawberries']]);
    return `${p.name}'s garden has ${r.int(3, 12)} rows of ${plant} with ${r.int(4, 15)} plants in each row. Each plant produces ${r.int(5, 30)} ${crop}. How many ${crop} can ${p.name} harvest?`;
  },
  (r) => `A recipe needs ${r.pick(['2', '3', '1.5', '2.5'])} cups of flour to make ${r.pick([12, 18, 24, 30])} cookies. How many cups of flour are needed to make ${r.pick([36, 48, 60, 90, 120])} cookies?`,
  (r) => {
    const p = person(r);
    return `${p.name} runs ${r.int(2, 8)} miles every weekday and ${r.int(5, 15)} miles on Saturday. How many miles does ${p.they} run in ${r.int(2, 12)} weeks?`;
  },
  (r) => {
    const p = person(r);
    return `${p.name} buys ${r.int(2, 6)} shirts at $${r.int(8, 30)} each and ${r.int(1, 4)} pairs of pants at $${r.int(20, 60)} each. ${capitalize(p.they)} pays with $${r.pick([100, 200, 300])}. How much change does ${p.they} get?`;
  },
  (r) => {
    const [a, b] = twoPeople(r);
    return `${a.name} is ${r.int(2, 5)} times as old as ${b.name}. In ${r.int(3, 12)} years, ${a.name} will be twice as old as ${b.name}. How old is ${b.name} now?`;
  },
  (r) => `A water tank holds ${r.int(200, 2000)} litres. One pipe fills it in ${r.int(2, 10)} hours and another empties it in ${r.int(5, 20)} hours. If both are open, how long does it take to fill the empty tank?`,
];

export function mathProblem(rng: Rng): string {
  return rng.pick(MATH)(rng);
}

export function scienceProblem(rng: Rng): string {
  return rng.pick(SCIENCE)(rng);
}

export function wordProblem(rng: Rng): string {
  return rng.pick(WORD)(rng);
}
