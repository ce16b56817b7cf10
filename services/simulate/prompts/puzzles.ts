import type { Rng } from '../rng';
import { person, twoPeople } from './people';

/** Generated logic and reasoning puzzles. */

const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** A random propositional formula over p, q and r. */
function formula(rng: Rng, depth: number): string {
  if (depth === 0 || rng.chance(0.25)) return (rng.chance(0.2) ? 'not ' : '') + rng.pick(['p', 'q', 'r']);
  if (rng.chance(0.15)) return `not (${formula(rng, depth - 1)})`;
  return `(${formula(rng, depth - 1)} ${rng.pick(['and', 'or', '->', '<->'])} ${formula(rng, depth - 1)})`;
}

function sequence(rng: Rng): string {
  const a = rng.int(1, 9);
  const d = rng.int(2, 9);
  const kinds: (() => number[])[] = [
    () => Array.from({ length: 6 }, (_, i) => a + d * i * i),
    () => Array.from({ length: 6 }, (_, i) => a * d ** i),
    () => Array.from({ length: 6 }, (_, i) => (i + a) * (i + a + 1)),
    () => {
      const s = [a, d];
      while (s.length < 7) s.push(s[s.length - 1] + s[s.length - 2]);
      return s;
    },
    () => Array.from({ length: 6 }, (_, i) => (i + 2) ** 3 - a),
  ];
  return rng.pick(kinds)().join(', ');
}

const PUZZLES: readonly ((rng: Rng) => string)[] = [
  (r) => {
    const [a, b] = twoPeople(r);
    const says = r.pick([
      `"${b.name} is a knave."`,
      `"We are both knights."`,
      `"At least one of us is a knave."`,
      `"${b.name} and I are the same kind."`,
      `"Exactly one of us is a knight."`,
    ]);
    const reply = r.pick([`"${a.name} is lying."`, `"I am a knight."`, `"${a.name} is a knight."`, `"We are different kinds."`]);
    return `On an island, knights always tell the truth and knaves always lie. ${a.name} says: ${says} ${b.name} says: ${reply} Determine what ${a.name} and ${b.name} are.`;
  },
  (r) => `What is the next number in the sequence ${sequence(r)}, ...? Explain the pattern.`,
  (r) => {
    const names = [person(r).name, person(r).name, person(r).name, person(r).name, person(r).name];
    const unique = [...new Set(names)];
    while (unique.length < 4) unique.push(['Ada', 'Bo', 'Cy', 'Dee'][unique.length]);
    const [p, q, s, t] = unique;
    return `Four runners, ${p}, ${q}, ${s} and ${t}, finish a race with no ties. ${p} finished before ${q} but after ${s}. ${t} did not finish last. ${q} was not third. In what order did they finish?`;
  },
  (r) => {
    const [x, y, z] = r.sample(['philosophers', 'cats', 'musicians', 'engineers', 'vegetarians', 'poets', 'runners', 'teachers', 'dancers'], 3);
    const form = r.pick([
      `All ${x} are ${y}. Some ${y} are ${z}. Does it follow that some ${x} are ${z}?`,
      `No ${x} are ${y}. All ${z} are ${y}. Can any ${z} be ${x}?`,
      `Some ${x} are not ${y}. All ${y} are ${z}. What, if anything, follows about ${x} and ${z}?`,
    ]);
    return `${form} Justify your answer.`;
  },
  (r) => {
    const n = r.pick([8, 9, 12, 13, 27]);
    return `You have ${n} coins, one of which is counterfeit and ${r.pick(['lighter', 'heavier', 'either lighter or heavier'])} than the others. Using a balance scale, what is the minimum number of weighings needed to find it, and how?`;
  },
  (r) => `Is the formula ${formula(r, 3)} a tautology, a contradiction or neither? ${r.pick(['Use a truth table.', 'Justify your answer.', 'Show the truth table.'])}`,
  (r) => `If today is ${r.pick(DAYS)}, what day of the week will it be ${r.int(40, 5000)} days from now?`,
  (r) => {
    const [a, b] = twoPeople(r);
    return `${a.name} and ${b.name} have to cross a bridge at night with one torch. The bridge holds two people at a time. ${a.name} needs ${r.int(1, 3)} minutes, ${b.name} ${r.int(2, 5)} minutes, and their two friends ${r.int(5, 8)} and ${r.int(9, 15)} minutes. What is the shortest time in which all four can cross?`;
  },
  (r) => {
    const [eater, eaten, food] = r.pick([['wolf', 'goat', 'cabbage'], ['fox', 'chicken', 'bag of grain'], ['cat', 'mouse', 'piece of cheese'], ['dog', 'rabbit', 'basket of carrots'], ['hawk', 'snake', 'basket of eggs']]);
    const extra = r.pick(['', ` The crossing takes ${r.int(3, 15)} minutes each way; what is the shortest total time?`, ' What is the minimum number of crossings?', ` The farmer also has to bring a ${r.pick(['bicycle', 'ladder', 'crate of apples'])}, which can travel with anything.`]);
    return `A ${r.pick(['farmer', 'traveller', 'merchant'])} must take a ${eater}, a ${eaten} and a ${food} across a river in a boat that carries only one of them at a time besides ${r.pick(['the farmer', 'the rower', 'themselves'])}. Left alone, the ${eater} eats the ${eaten} and the ${eaten} eats the ${food}. How can everything get across safely?${extra}`;
  },
  (r) => {
    const [a, b] = r.pick([['apples', 'oranges'], ['red balls', 'blue balls'], ['coffee beans', 'tea leaves'], ['gold coins', 'silver coins'], ['black socks', 'white socks'], ['pens', 'pencils']]);
    return `Three boxes are labelled "${a}", "${b}" and "${a} and ${b}", and every label is wrong. You may take one item from one box without looking inside. Which box do you choose, and how do you relabel all ${r.pick(['three boxes', 'the boxes'])} correctly?`;
  },
  (r) => `A clock shows ${r.int(1, 12)}:${String(r.pick([5, 10, 15, 20, 25, 30, 35, 40, 45, 50])).padStart(2, '0')}. What is the angle between the hour and minute hands?`,
  (r) => `${r.int(3, 10)} people at a party each shake hands with everyone else exactly once. How many handshakes are there, and what if ${r.int(1, 2)} people arrive late and only shake hands with those already present?`,
];

export function puzzle(rng: Rng): string {
  return rng.pick(PUZZLES)(rng);
}
