import type { Evidence } from '../schemas/signal';
import { count, fixed, round } from './format';
import type { Span } from './grade';
import { grade, noisyOr } from './grade';
import type { HourlyRing } from './sketch/hourly';
import { addHourly, hourlyAt, newHourly, spanHours } from './sketch/hourly';
import type { LogHistogram } from './sketch/loghist';
import { addLog, newLogHistogram, quantilesLog } from './sketch/loghist';
import type { Detector } from './types';

export interface TimingOptions {
  /** Hours of activity kept per key, for its daily rhythm. */
  ringHours: number;
  /** Resolution of the gap histogram: bins per doubling of the gap. */
  gapBinsPerOctave: number;
  /** Gaps the histogram holds before it halves, i.e. how recent its picture is. */
  gapWindow: number;
  minGaps: number;
  /** Robust coefficient of variation of gaps: Poisson arrivals give about 1, a metronome about 0. */
  gapCv: Span;
  /** Observed hours needed before the daily rhythm is judged, and the span at which it is trusted fully. */
  minSpanHours: number;
  span: Span;
  /** Mean hour of the quietest 8 hours of the day over that of the busiest 8 (humans sleep). */
  nightDay: Span;
  /** Longest stretch of hours without a request (humans rest nightly, weekly more). */
  restHours: Span;
  /** Requests in flight that are tracked; more read as this many. */
  maxInFlight: number;
  /** Weight of each arrival in the running mean and variance of concurrency. */
  concurrencyAlpha: number;
  minConcurrencySamples: number;
  /** Mean requests in flight at an arrival (1 is a client waiting for each answer)... */
  concurrency: Span;
  /** ...and their coefficient of variation: a fixed worker pool keeps it near 0. */
  concurrencyCv: Span;
  /** How far each of regular gaps, flat concurrency and no rest can move the score alone. */
  componentWeight: number;
}

export const DEFAULT_TIMING_OPTIONS: TimingOptions = {
  ringHours: 7 * 24,
  gapBinsPerOctave: 4,
  gapWindow: 2048,
  minGaps: 100,
  gapCv: [0.6, 0.15],
  minSpanHours: 36,
  span: [24, 96],
  nightDay: [0.3, 0.8],
  restHours: [8, 2],
  maxInFlight: 32,
  concurrencyAlpha: 1 / 256,
  minConcurrencySamples: 100,
  concurrency: [1.5, 4],
  concurrencyCv: [0.5, 0.1],
  componentWeight: 0.6,
};

/** Exponentially weighted mean and variance of requests in flight at each arrival. */
interface Concurrency {
  n: number;
  mean: number;
  variance: number;
}

export interface TimingState {
  /** Latest event time; -1 before the first. */
  lastTs: number;
  hours: HourlyRing;
  /** Milliseconds between consecutive requests. */
  gaps: LogHistogram;
  /** End times of requests still in flight at the latest arrival (ts + latency_ms). */
  inFlight: number[];
  concurrency: Concurrency;
}

/** The key's day over its ring: which hours of the day it uses and how long it rests. */
interface Rhythm {
  spanHours: number;
  /** Hours of the day (UTC) active on at least half of the days observed. */
  activeHoursOfDay: number;
  nightDay: number;
  longestRest: number;
}

const DAY_WINDOW = 8;
const QUARTILES = [0.25, 0.5, 0.75] as const;

function rhythmOf(r: HourlyRing): Rhythm {
  const span = spanHours(r);
  const total = new Array<number>(24).fill(0);
  const covered = new Array<number>(24).fill(0);
  const active = new Array<number>(24).fill(0);
  let longestRest = 0;
  let rest = 0;
  for (let i = 0; i < span; i++) {
    const hod = (r.head - i) % 24;
    const n = hourlyAt(r, i);
    total[hod] += n;
    covered[hod]++;
    if (n > 0) {
      active[hod]++;
      rest = 0;
    } else {
      rest++;
      longestRest = Math.max(longestRest, rest);
    }
  }
  const perHour = total.map((t, h) => (covered[h] > 0 ? t / covered[h] : 0));
  // The key's night is its quietest stretch, wherever its time zone puts it.
  let quiet = Infinity;
  let busy = 0;
  for (let start = 0; start < 24; start++) {
    let sum = 0;
    for (let k = 0; k < DAY_WINDOW; k++) sum += perHour[(start + k) % 24];
    quiet = Math.min(quiet, sum);
    busy = Math.max(busy, sum);
  }
  return {
    spanHours: span,
    activeHoursOfDay: active.filter((a, h) => covered[h] > 0 && a / covered[h] >= 0.5).length,
    nightDay: busy > 0 ? quiet / busy : 0,
    longestRest,
  };
}

/** Machine timing: metronome gaps, a worker pool's flat concurrency, and activity with no rest. */
export function createTimingDetector(options: Partial<TimingOptions> = {}): Detector<TimingState> {
  const o: TimingOptions = { ...DEFAULT_TIMING_OPTIONS, ...options };

  function trackConcurrency(s: TimingState, ts: number, latencyMs: number): void {
    // A request is in flight from its ts for latency_ms; ts is taken as the arrival.
    const f = s.inFlight;
    let kept = 0;
    for (let i = 0; i < f.length; i++) if (f[i] > ts) f[kept++] = f[i];
    f.length = kept;
    const x = kept + 1;
    const c = s.concurrency;
    if (c.n === 0) c.mean = x;
    const d = x - c.mean;
    c.mean += o.concurrencyAlpha * d;
    c.variance = (1 - o.concurrencyAlpha) * (c.variance + o.concurrencyAlpha * d * d);
    c.n++;
    if (f.length >= o.maxInFlight) f.shift();
    f.push(ts + latencyMs);
  }

  return {
    name: 'timing',

    init: () => ({
      lastTs: -1,
      hours: newHourly(o.ringHours),
      gaps: newLogHistogram(o.gapBinsPerOctave, o.gapWindow),
      inFlight: [],
      concurrency: { n: 0, mean: 0, variance: 0 },
    }),

    observe(s, ev) {
      addHourly(s.hours, ev.ts, 1);
      // A late event has no gap to its predecessor worth knowing; it must not shorten the next one.
      if (ev.ts >= s.lastTs) {
        if (s.lastTs >= 0) addLog(s.gaps, ev.ts - s.lastTs);
        s.lastTs = ev.ts;
      }
      if (ev.latencyMs !== undefined) trackConcurrency(s, ev.ts, ev.latencyMs);
    },

    assess(s) {
      const hasGaps = s.gaps.total >= o.minGaps;
      const hasRhythm = spanHours(s.hours) >= o.minSpanHours;
      const hasConcurrency = s.concurrency.n >= o.minConcurrencySamples;
      if (!hasGaps && !hasRhythm && !hasConcurrency) return null;
      const evidence: Evidence = {};
      const parts: number[] = [];
      const clauses: string[] = [];

      if (hasGaps) {
        const [q1, q2, q3] = quantilesLog(s.gaps, QUARTILES);
        // IQR / 1.349 is the SD of a normal; robust to the odd long pause that ruins a plain CV.
        const cv = (q3 - q1) / 1.349 / Math.max(q2, 1);
        parts.push(grade(cv, o.gapCv));
        Object.assign(evidence, { gapCv: round(cv), gapMedianMs: Math.round(q2), gaps: s.gaps.total });
        clauses.push(
          `gaps between requests have a robust CV of ${fixed(cv, 2)} (median ${fixed(q2 / 1000, 2)} s, ` +
            `${count(s.gaps.total)} recent gaps)`,
        );
      }

      if (hasRhythm) {
        const r = rhythmOf(s.hours);
        const flat = grade(r.nightDay, o.nightDay);
        const restless = grade(r.longestRest, o.restHours);
        parts.push(Math.min(flat, restless) * grade(r.spanHours, o.span));
        Object.assign(evidence, {
          activeHoursOfDay: r.activeHoursOfDay,
          nightDayRatio: round(r.nightDay),
          longestRestHours: r.longestRest,
          observedHours: r.spanHours,
        });
        clauses.push(
          `it was active in ${r.activeHoursOfDay} of 24 hours of the day over ${fixed(r.spanHours / 24)} days ` +
            `with a night/day ratio of ${fixed(r.nightDay, 2)} and a longest rest of ${r.longestRest} h`,
        );
      }

      if (hasConcurrency) {
        const c = s.concurrency;
        const cv = Math.sqrt(c.variance) / c.mean;
        parts.push(grade(c.mean, o.concurrency) * grade(cv, o.concurrencyCv));
        Object.assign(evidence, { concurrencyMean: round(c.mean, 2), concurrencyCv: round(cv) });
        clauses.push(`${fixed(c.mean)} requests were in flight at each arrival (CV ${fixed(cv, 2)})`);
      }

      const score = noisyOr(parts.map((p) => o.componentWeight * p));
      const last = clauses.pop();
      const summary = clauses.length > 0 ? `${clauses.join('; ')}; and ${last}` : `${last}`;
      return { detector: 'timing', score: round(score), summary: `Timing: ${summary}.`, evidence };
    },

    /** An idle key has nothing in flight; its rhythm and gaps are its baseline and stay. */
    compact: (s) => ({ ...s, inFlight: [] }),
  };
}
