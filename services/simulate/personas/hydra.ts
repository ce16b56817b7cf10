import { MODELS } from '../models';
import { CAPABILITIES } from '../prompts/instruct';
import type { Client, Draft, RequestParams } from '../request';
import { doneAt, send } from '../request';
import { Rng } from '../rng';
import type { Rhythm } from '../timing';
import { DAY, HOUR, LEISURE, OFFICE, pickTimeZone, rhythm, SECOND } from '../timing';
import { answerLength } from './answers';
import { sessions } from './sessions';
import type { Persona } from './types';

/**
 * A "hydra" campaign: many keys in as many accounts, each at an ordinary customer's volume,
 * together sweeping one dataset without repeats (key k takes the k-th slice). What the operator
 * fixes once (the script, the shifts, shared infrastructure) comes from the campaign's plan,
 * drawn from the simulation seed and the persona's name, so every key of the persona sees it.
 */
export interface HydraSpec {
  name: string;
  keysAtScale1: number;
  /** The campaign's prompt for dataset item `index`: its script around the item. */
  prompt(index: number): string;
  /** Hours after the window start at which the first key starts, as a range the plan draws from. */
  launch: readonly [number, number];
  /** Hours over which the other keys join, one after another. */
  joinOverHours: number;
  /** Requests per key and day. */
  perDay: readonly [number, number];
  /** One set of working hours for every key (an orchestrator's shifts), or each key a human-looking day of its own. */
  synchronised: boolean;
  /** Key `index`'s client; `plan` draws what all keys share. */
  client(plan: Rng, rng: Rng, index: number): Client;
  /** Request parameters; `plan` draws what all keys share. */
  params(plan: Rng, rng: Rng): RequestParams;
}

/** Hours of the day an orchestrator runs: two or three shifts, about two thirds of the day. */
function shifts(plan: Rng): boolean[] {
  const on = new Array<boolean>(24).fill(false);
  for (let s = plan.int(2, 3); s > 0; s--) {
    const from = plan.int(0, 23);
    const hours = plan.int(4, 8);
    for (let h = 0; h < hours; h++) on[(from + h) % 24] = true;
  }
  return on;
}

function shiftRhythm(on: readonly boolean[], perDay: number): Rhythm {
  const rate = perDay / Math.max(1, on.filter(Boolean).length);
  return { perHour: (t) => (on[Math.floor(t / HOUR) % 24] ? rate : 0), maxPerHour: rate };
}

/** Item `index` of an instruction dataset laid out area by area, `perArea` items of each in turn. */
export function instructionItem(label: string, index: number, perArea: number): string {
  const lap = perArea * CAPABILITIES.length;
  const capability = CAPABILITIES[Math.floor((index % lap) / perArea)];
  const step = Math.floor(index / lap) * perArea + (index % perArea);
  return capability.make(Rng.derive(0, label, index), step);
}

export function hydraPersona(spec: HydraSpec): Persona {
  return {
    name: spec.name,
    attacker: true,
    cluster: true,
    keysAtScale1: spec.keysAtScale1,
    accounts: { pool: spec.name, keysPerAccount: [1, 1] },
    create(rng, index, window) {
      const plan = (part: string) => Rng.derive(window.seed, 'hydra', spec.name, part);
      const launch = window.start + plan('launch').range(...spec.launch) * HOUR;
      const joins = launch + (index / Math.max(1, window.keyCount - 1)) * spec.joinOverHours * HOUR;
      const perDay = rng.range(...spec.perDay);
      const burstMean = rng.range(2, 5);
      const r = spec.synchronised
        ? shiftRhythm(shifts(plan('shifts')), perDay / burstMean)
        : rhythm({ perDay: perDay / burstMean, curve: rng.pick([LEISURE, OFFICE]), tz: pickTimeZone(rng), shift: rng.range(-1, 2) });
      const client = spec.client(plan('client'), rng, index);
      const params = spec.params(plan('params'), rng);
      const model = plan('model').chance(0.6) ? MODELS.large : MODELS.reasoning;
      const median = Math.min(params.max_tokens ?? 4096, rng.range(600, 1500));
      // Slices are sized for the busiest key, so no two keys ever ask the same item.
      let next = index * Math.ceil((spec.perDay[1] * 1.5 * (window.end - window.start)) / DAY);

      function* session(start: number): Generator<Draft, number> {
        let t = start;
        for (let k = rng.geometric(burstMean); k > 0; k--) {
          const d = yield* send(rng, client, { t, model, params, turn: 1, prompt: spec.prompt(next++), answerTokens: answerLength(rng, median, 0.4, 150) });
          t = doneAt(d) + rng.range(20, 90) * SECOND;
        }
        return t;
      }
      return { events: sessions(rng, { ...window, start: Math.min(window.end, joins + rng.range(0, 1) * HOUR) }, r, session) };
    },
  };
}
