import type { Persona } from './personas/types';
import { Rng } from './rng';

export interface RosterKey {
  apiKeyId: string;
  accountId: string;
  persona: Persona;
  /** Index of the key within its persona. */
  index: number;
}

/** Keys of a persona at a scale; every persona keeps at least one key. */
export function keyCount(persona: Persona, scale: number): number {
  return Math.max(1, Math.round(persona.keysAtScale1 * scale));
}

/** Draws an id not drawn before (collisions are astronomically rare but must not merge keys). */
function uniqueId(rng: Rng, prefix: string, taken: Set<string>): string {
  for (;;) {
    const id = `${prefix}_${rng.hex(12)}`;
    if (!taken.has(id)) {
      taken.add(id);
      return id;
    }
  }
}

/** All keys of a simulation with their ids and accounts, known before any event is made. */
export function buildRoster(personas: readonly Persona[], seed: number, scale: number): RosterKey[] {
  const taken = new Set<string>();
  const keys: RosterKey[] = [];
  for (const persona of personas) {
    const rng = Rng.derive(seed, 'key-ids', persona.name);
    for (let index = 0; index < keyCount(persona, scale); index++) {
      keys.push({ apiKeyId: uniqueId(rng, 'key', taken), accountId: '', persona, index });
    }
  }
  const pools = new Map<string, RosterKey[]>();
  for (const k of keys) {
    const pool = pools.get(k.persona.accounts.pool) ?? [];
    pool.push(k);
    pools.set(k.persona.accounts.pool, pool);
  }
  for (const [name, pool] of pools) {
    const rng = Rng.derive(seed, 'accounts', name);
    const shuffled = rng.shuffle(pool);
    for (let i = 0; i < shuffled.length; ) {
      // The account's size follows the persona of its first key.
      const [lo, hi] = shuffled[i].persona.accounts.keysPerAccount;
      const size = rng.int(lo, hi);
      const accountId = uniqueId(rng, 'acct', taken);
      for (const k of shuffled.slice(i, i + size)) k.accountId = accountId;
      i += size;
    }
  }
  return keys;
}
