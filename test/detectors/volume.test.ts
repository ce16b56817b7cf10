import { SignalSchema } from '../../schemas/signal';
import { createVolumeDetector } from '../../detectors/volume';
import type { EventFeatures } from '../../detectors/types';
import { contextFor, DAY, delayed, ev, HOUR, poisson, rng, run, T0 } from './traffic';

const volume = createVolumeDetector();

/** Weekdays 09:00–18:00 UTC, as an office's clients send. */
const officeHours = (perHour: number) => (ts: number) => {
  const day = new Date(ts).getUTCDay();
  const hour = new Date(ts).getUTCHours();
  return day >= 1 && day <= 5 && hour >= 9 && hour < 18 ? perHour : 0;
};

function assess(events: EventFeatures[], account = {}) {
  const { state, ctx } = run(volume, events, account);
  const s = volume.assess(state, ctx);
  if (s) SignalSchema.parse(s);
  return s;
}

describe('volume detector', () => {
  it('abstains on a small new key', () => {
    expect(assess(poisson(rng(1), T0, T0 + 2 * HOUR, () => 25))).toBeNull();
  });

  it('scores a heavy customer with a stable round-the-clock baseline low', () => {
    const events = poisson(rng(2), T0, T0 + 7 * DAY, () => 1500, (ts) => ev(ts, { completionTokens: 800 }));
    const s = assess(events)!;
    expect(s.score).toBeLessThan(0.1);
    expect(s.evidence.baselineHours).toBeGreaterThan(100);
    expect(s.summary).toMatch(/within its baseline/);
  });

  it('scores a heavy office-hours customer low in its working hours', () => {
    // Ends Tuesday of the second week, 11:30: the ring holds its nights and weekend as zeros.
    const events = poisson(rng(3), T0, T0 + 8 * DAY + 11.5 * HOUR, officeHours(3000));
    expect(assess(events)!.score).toBeLessThan(0.1);
  });

  it('gives a one-off evaluation burst on a quiet key a moderate score', () => {
    const quiet = poisson(rng(4), T0, T0 + 4 * DAY + 10 * HOUR, officeHours(30));
    const start = T0 + 4 * DAY + 10 * HOUR;
    const burst = poisson(rng(5), start, start + 0.75 * HOUR, () => 2000);
    const s = assess([...quiet, ...burst])!;
    expect(s.score).toBeGreaterThan(0.2);
    expect(s.score).toBeLessThan(0.55);
    expect(s.summary).toMatch(/requests in the last hour, \d+(\.\d)?× this key's median active hour/);
  });

  it('scores a burst sustained for hours strongly', () => {
    const quiet = poisson(rng(6), T0, T0 + 4 * DAY + 10 * HOUR, officeHours(30));
    const start = T0 + 4 * DAY + 10 * HOUR;
    const burst = poisson(rng(7), start, start + 6 * HOUR, () => 5000);
    const s = assess([...quiet, ...burst])!;
    expect(s.score).toBeGreaterThanOrEqual(0.8);
    expect(s.evidence.hoursAboveBurstLevel).toBe(6);
  });

  it('catches a token burst at an unchanged request rate', () => {
    const quiet = poisson(rng(8), T0, T0 + 4 * DAY, () => 60, (ts) => ev(ts, { completionTokens: 300 }));
    const heavy = poisson(rng(9), T0 + 4 * DAY, T0 + 4 * DAY + 3 * HOUR, () => 60, (ts) =>
      ev(ts, { completionTokens: 30_000 }),
    );
    const s = assess([...quiet, ...heavy])!;
    expect(s.score).toBeGreaterThan(0.4);
    expect(s.summary).toMatch(/tokens in the last hour/);
  });

  it('scores a new key that ramps to thousands of requests at once', () => {
    const s = assess(poisson(rng(10), T0, T0 + 5 * HOUR, () => 4000))!;
    expect(s.score).toBeGreaterThan(0.7);
    expect(s.summary).toMatch(/^New key: [\d,]+ requests in its first 5\.0 hours/);
  });

  it('gives a new key with one evaluation-sized hour a low score', () => {
    expect(assess(poisson(rng(11), T0, T0 + HOUR, () => 2000))!.score).toBeLessThan(0.4);
  });

  it('lets the account corroborate, never fire alone', () => {
    const ramp = poisson(rng(12), T0, T0 + 3 * HOUR, () => 3000);
    const alone = assess(ramp)!;
    const rotating = assess(ramp, { keys: 60, requests: ramp.length * 2 })!;
    expect(rotating.score).toBeGreaterThan(alone.score);
    expect(rotating.summary).toMatch(/50% of its account's requests across 60 keys/);
    const stable = poisson(rng(13), T0, T0 + 7 * DAY, () => 800);
    expect(assess(stable, { keys: 60, requests: stable.length })!.score).toBeLessThan(0.1);
  });

  it('keeps state bounded after 200k events and shrinks it when compacted', () => {
    const events = poisson(rng(14), T0, T0 + 14 * DAY, () => 600, (ts) => ev(ts, { completionTokens: 1500 }));
    expect(events.length).toBeGreaterThan(200_000);
    const { state } = run(volume, events);
    expect(JSON.stringify(state).length).toBeLessThan(2400);
    const compacted = volume.compact!(state);
    expect(JSON.stringify(compacted).length).toBeLessThan(300);
  });

  it('judges a compacted key that returns with a burst against its old baseline', () => {
    const quiet = poisson(rng(15), T0, T0 + 4 * DAY, () => 40);
    const { state } = run(volume, quiet);
    const compacted = volume.compact!(state);
    const back = T0 + 20 * DAY;
    const burst = poisson(rng(16), back, back + HOUR, () => 3000);
    for (const e of burst) volume.observe(compacted, e);
    const s = volume.assess(compacted, contextFor(quiet.length + burst.length, T0, back + HOUR))!;
    expect(s.score).toBeGreaterThan(0.3);
    expect(s.evidence.medianHourRequests).toBeGreaterThan(30);
  });

  it('is deterministic and tolerates events a few minutes late', () => {
    const quiet = poisson(rng(17), T0, T0 + 3 * DAY, () => 50);
    const burst = poisson(rng(18), T0 + 3 * DAY, T0 + 3 * DAY + 2 * HOUR, () => 3000);
    const events = [...quiet, ...burst];
    const a = assess(events)!;
    expect(assess(events)).toEqual(a);
    const late = assess(delayed(events, 0.1, 3 * 60_000, 19))!;
    expect(Math.abs(late.score - a.score)).toBeLessThan(0.02);
    expect(late.evidence.baselineHours).toBe(a.evidence.baselineHours);
  });
});
