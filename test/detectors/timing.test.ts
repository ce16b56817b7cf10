import { SignalSchema } from '../../schemas/signal';
import { createTimingDetector } from '../../detectors/timing';
import type { EventFeatures } from '../../detectors/types';
import { DAY, delayed, ev, expo, HOUR, poisson, rng, run, T0 } from './traffic';

const timing = createTimingDetector();

function assess(events: EventFeatures[]) {
  const { state, ctx } = run(timing, events);
  const s = timing.assess(state, ctx);
  if (s) SignalSchema.parse(s);
  return s;
}

/** One client sending every `periodMs` (± `jitter` of it) around the clock. */
function metronome(seed: number, days: number, periodMs: number, jitter: number): EventFeatures[] {
  const r = rng(seed);
  const out: EventFeatures[] = [];
  for (let t = T0; t < T0 + days * DAY; t += periodMs * (1 + (r() * 2 - 1) * jitter)) {
    out.push(ev(t, { latencyMs: periodMs * 0.6 }));
  }
  return out;
}

/** `workers` clients that each send their next request as soon as the previous answer arrives. */
function workerPool(seed: number, days: number, workers: number): EventFeatures[] {
  const r = rng(seed);
  const out: EventFeatures[] = [];
  for (let w = 0; w < workers; w++) {
    for (let t = T0 + r() * 5000; t < T0 + days * DAY; ) {
      const latencyMs = 4000 + r() * 8000;
      out.push(ev(t, { latencyMs }));
      t += latencyMs + 50;
    }
  }
  return out.sort((a, b) => a.ts - b.ts);
}

/** A person at work: weekdays 09:00–18:00 UTC, quick follow-ups in sessions, then long pauses. */
function human(seed: number, days: number): EventFeatures[] {
  const r = rng(seed);
  const out: EventFeatures[] = [];
  for (let t = T0; t < T0 + days * DAY; ) {
    const d = new Date(t);
    const working = d.getUTCDay() >= 1 && d.getUTCDay() <= 5 && d.getUTCHours() >= 9 && d.getUTCHours() < 18;
    if (working) {
      const latencyMs = 2000 + r() * 6000;
      out.push(ev(t, { latencyMs }));
      t += latencyMs + (r() < 0.75 ? expo(r, 40_000) : expo(r, 25 * 60_000));
    } else {
      t += 10 * 60_000;
    }
  }
  return out;
}

/** A consumer app: many people through one key, busy by day, quiet (not silent) at night. */
function consumerApp(seed: number, days: number): EventFeatures[] {
  const r = rng(seed);
  const rate = (ts: number) => 1200 * (0.55 + 0.45 * Math.cos((2 * Math.PI * ((ts / HOUR) % 24 - 15)) / 24));
  return poisson(r, T0, T0 + days * DAY, rate, (ts) => ev(ts, { latencyMs: 1000 + expo(r, 4000) }));
}

/** A nightly batch job: 01:00–03:00 UTC, one request a second. */
function nightlyBatch(seed: number, days: number): EventFeatures[] {
  const r = rng(seed);
  const out: EventFeatures[] = [];
  for (let day = 0; day < days; day++) {
    const start = T0 + day * DAY + HOUR;
    for (let t = start; t < start + 2 * HOUR; t += 1000 * (1 + (r() * 2 - 1) * 0.1)) {
      out.push(ev(t, { latencyMs: 400 }));
    }
  }
  return out;
}

describe('timing detector', () => {
  it('abstains with too little data', () => {
    expect(assess(metronome(1, 0.01, 20_000, 0.05))).toBeNull();
  });

  it('scores a metronome client active around the clock strongly', () => {
    const s = assess(metronome(2, 4, 2000, 0.05))!;
    expect(s.score).toBeGreaterThanOrEqual(0.8);
    expect(s.evidence.gapCv).toBeLessThan(0.1);
    expect(s.evidence.activeHoursOfDay).toBe(24);
    expect(s.evidence.longestRestHours).toBe(0);
    expect(s.summary).toMatch(/robust CV of 0\.\d\d .*active in 24 of 24 hours .*longest rest of 0 h/);
  });

  it('scores a worker pool with flat concurrency and no rest strongly', () => {
    const s = assess(workerPool(3, 4, 4))!;
    expect(s.score).toBeGreaterThanOrEqual(0.8);
    expect(s.evidence.concurrencyMean).toBeGreaterThan(3.5);
    expect(s.evidence.concurrencyCv).toBeLessThan(0.15);
  });

  it('scores a person with nights and a weekend low', () => {
    const s = assess(human(4, 14))!;
    expect(s.score).toBeLessThan(0.15);
    expect(s.evidence.longestRestHours).toBeGreaterThanOrEqual(60);
    expect(s.evidence.nightDayRatio).toBeLessThan(0.05);
    expect(s.evidence.gapCv).toBeGreaterThan(0.8);
  });

  it('scores a consumer app with a daily trough low', () => {
    const s = assess(consumerApp(5, 7))!;
    expect(s.score).toBeLessThan(0.15);
    expect(s.evidence.activeHoursOfDay).toBe(24);
    expect(s.evidence.nightDayRatio).toBeLessThan(0.3);
  });

  it('reports a nightly batch job as regular but resting', () => {
    const s = assess(nightlyBatch(6, 7))!;
    expect(s.score).toBeGreaterThan(0.4);
    expect(s.score).toBeLessThan(0.65);
    expect(s.evidence.longestRestHours).toBeGreaterThanOrEqual(20);
  });

  it('keeps state bounded after 200k events', () => {
    const events = workerPool(7, 7, 4);
    expect(events.length).toBeGreaterThan(200_000);
    const { state, ctx } = run(timing, events);
    expect(JSON.stringify(state).length).toBeLessThan(2048);
    const compacted = timing.compact!(state);
    expect(compacted.inFlight).toEqual([]);
    expect(timing.assess(compacted, ctx)!.evidence.activeHoursOfDay).toBe(24);
  });

  it('is deterministic and tolerates events a few minutes late', () => {
    const events = metronome(8, 3, 3000, 0.05);
    const a = assess(events)!;
    expect(assess(events)).toEqual(a);
    const late = assess(delayed(events, 0.05, 2 * 60_000, 9))!;
    expect(Math.abs(late.score - a.score)).toBeLessThan(0.05);
    expect(late.evidence.gapCv).toBeLessThan(0.15);
  });
});
