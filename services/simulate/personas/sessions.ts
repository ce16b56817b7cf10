import type { Draft } from '../request';
import type { Rng } from '../rng';
import { nextArrival, type Rhythm } from '../timing';
import type { PersonaOptions } from './types';

/**
 * One person's use in sessions: a session starts at the next arrival of `r` after the previous
 * one ended, so sessions never overlap and events stay in time order.
 */
export function* sessions(
  rng: Rng,
  window: PersonaOptions,
  r: Rhythm,
  session: (start: number) => Generator<Draft, number>,
): Generator<Draft> {
  let t = window.start;
  for (;;) {
    const start = nextArrival(rng, t, window.end, r);
    if (start === undefined) return;
    t = yield* session(start);
  }
}
