import type { Draft } from '../request';
import type { Rng } from '../rng';

export interface PersonaOptions {
  /** The simulated window, epoch milliseconds; events at or after `end` are dropped. */
  start: number;
  end: number;
  /**
   * The simulation's seed and this persona's number of keys, for personas whose keys act
   * together (a cluster sharing one plan derives it from these, the same for each of its keys).
   */
  seed: number;
  keyCount: number;
}

/** One key of a persona: its requests in time order, produced lazily. */
export interface KeyPlan {
  events: Iterable<Draft>;
}

/**
 * Builds key number `keyIndex` of a persona. It may draw the key's traits from `rng` at once, but
 * must produce events only when iterated, and in time order.
 */
export type PersonaFactory = (rng: Rng, keyIndex: number, opts: PersonaOptions) => KeyPlan;

export interface Persona {
  name: string;
  attacker: boolean;
  /**
   * The persona's keys act together as one campaign, each too small to stand out: detection is of
   * the cluster, not of its keys one by one.
   */
  cluster?: true;
  /** Keys at --scale 1. */
  keysAtScale1: number;
  /**
   * How keys are grouped into accounts: the keys of all personas naming the same pool are
   * shuffled together and cut into accounts of this many keys (an organisation's developer,
   * pipeline and eval keys can share one account).
   */
  accounts: { pool: string; keysPerAccount: readonly [number, number] };
  create: PersonaFactory;
}
