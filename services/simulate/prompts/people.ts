import type { Rng } from '../rng';

/** Given names from many places, as word problems, vignettes and stories use them. */
const PEOPLE: readonly (readonly [string, 'she' | 'he'])[] = [
  ['Natalia', 'she'], ['James', 'he'], ['Aisha', 'she'], ['Wei', 'he'], ['Priya', 'she'], ['Carlos', 'he'],
  ['Fatima', 'she'], ['Liam', 'he'], ['Yuki', 'she'], ['Olusegun', 'he'], ['Maria', 'she'], ['Tom', 'he'],
  ['Ingrid', 'she'], ['Mateo', 'he'], ['Zainab', 'she'], ['Dmitri', 'he'], ['Hannah', 'she'], ['Kwame', 'he'],
  ['Sofia', 'she'], ['Raj', 'he'], ['Chloe', 'she'], ['Hiroshi', 'he'], ['Amara', 'she'], ['Lucas', 'he'],
  ['Mei', 'she'], ['Omar', 'he'], ['Grace', 'she'], ['Tariq', 'he'], ['Elena', 'she'], ['Ben', 'he'],
  ['Leila', 'she'], ['Diego', 'he'], ['Anika', 'she'], ['Samuel', 'he'], ['Rosa', 'she'], ['Jin', 'he'],
  ['Nadia', 'she'], ['Felix', 'he'], ['Julia', 'she'], ['Mohammed', 'he'],
];

export interface Person {
  name: string;
  they: string;
  their: string;
  them: string;
}

export function person(rng: Rng): Person {
  const [name, p] = rng.pick(PEOPLE);
  return p === 'she'
    ? { name, they: 'she', their: 'her', them: 'her' }
    : { name, they: 'he', their: 'his', them: 'him' };
}

/** Two different people. */
export function twoPeople(rng: Rng): [Person, Person] {
  const a = person(rng);
  let b = person(rng);
  while (b.name === a.name) b = person(rng);
  return [a, b];
}
