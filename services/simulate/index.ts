import type { RequestLogEventInput } from '../../schemas/event';
import { mergeByTime } from './merge';
import { PERSONAS } from './personas';
import type { PersonaOptions } from './personas/types';
import type { Draft } from './request';
import { Rng } from './rng';
import { buildRoster, keyCount, type RosterKey } from './roster';
import { DAY } from './timing';

/** A Monday, so that a default run starts with a working week. */
export const DEFAULT_START = '2026-11-02T00:00:00.000Z';

export interface SimulateOptions {
  seed: number;
  days: number;
  /** Multiplies every persona's key count; default 1. */
  scale?: number;
  /** Start of the window: RFC 3339 text or epoch milliseconds; default DEFAULT_START. */
  start?: string | number;
}

/** The truth about one key, for scoring detectors. */
export interface KeyLabel {
  persona: string;
  attacker: boolean;
  account_id: string;
  /** Present on keys of a coordinated campaign (all keys of the persona form one cluster). */
  cluster?: true;
}

export interface Simulation {
  /** All requests sorted by `ts`; each iteration replays the same stream from the start. */
  events: Iterable<RequestLogEventInput>;
  labels: Record<string, KeyLabel>;
}

interface Timed {
  t: number;
  event: RequestLogEventInput;
}

function toEvent(d: Draft, key: RosterKey, seq: number): RequestLogEventInput {
  const { t, ...fields } = d;
  return {
    request_id: `req_${key.apiKeyId}_${seq}`,
    ts: new Date(t).toISOString(),
    api_key_id: key.apiKeyId,
    account_id: key.accountId,
    ...fields,
  };
}

type Window = Pick<PersonaOptions, 'start' | 'end'>;

/** One key's events inside the window, with its identity and request ids stamped on. */
function* keyStream(seed: number, scale: number, key: RosterKey, window: Window): Generator<Timed> {
  const rng = Rng.derive(seed, 'persona', key.persona.name, key.index);
  const opts: PersonaOptions = { ...window, seed, keyCount: keyCount(key.persona, scale) };
  let seq = 0;
  for (const d of key.persona.create(rng, key.index, opts).events) {
    if (d.t >= opts.end) return;
    if (d.t < opts.start) throw new Error(`${key.persona.name}: event before the window start`);
    yield { t: d.t, event: toEvent(d, key, seq++) };
  }
}

function* stream(seed: number, scale: number, roster: readonly RosterKey[], window: Window): Generator<RequestLogEventInput> {
  const merged = mergeByTime<Timed>(
    roster.map((k) => keyStream(seed, scale, k, window)),
    (x) => x.t,
  );
  for (const x of merged) yield x.event;
}

const RFC3339_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i;

/**
 * Epoch milliseconds of an RFC 3339 time. The offset is required: a local-time form would make
 * the output depend on the machine's time zone.
 */
export function parseStart(text: string): number {
  const ms = Date.parse(text);
  if (!RFC3339_WITH_OFFSET.test(text) || !Number.isFinite(ms)) {
    throw new Error(`start must be an RFC 3339 time with an offset, e.g. 2026-11-02T00:00:00Z (got ${text})`);
  }
  return ms;
}

/** Synthetic traffic of all personas, deterministic in its options. */
export function simulate(opts: SimulateOptions): Simulation {
  const { seed, days, scale = 1, start = DEFAULT_START } = opts;
  if (!Number.isSafeInteger(seed) || seed < 0) throw new Error('seed must be a non-negative integer');
  if (!(days > 0)) throw new Error('days must be positive');
  if (!(scale > 0)) throw new Error('scale must be positive');
  const startMs = typeof start === 'number' ? start : parseStart(start);
  const window: Window = { start: startMs, end: startMs + days * DAY };
  const roster = buildRoster(PERSONAS, seed, scale);
  const labels: Record<string, KeyLabel> = {};
  for (const k of roster) {
    labels[k.apiKeyId] = { persona: k.persona.name, attacker: k.persona.attacker, account_id: k.accountId, ...(k.persona.cluster && { cluster: true }) };
  }
  return { events: { [Symbol.iterator]: () => stream(seed, scale, roster, window) }, labels };
}
