import { median, medianAbsoluteDeviation } from 'simple-statistics';
import type { Evidence } from '../schemas/signal';
import { count, fixed, percent, round } from './format';
import type { Span } from './grade';
import { grade, gradeLog } from './grade';
import type { HourlyRing } from './sketch/hourly';
import { addHourly, HOUR_MS, hourlyAt, newHourly } from './sketch/hourly';
import type { Detector } from './types';

export interface VolumeOptions {
  /** Hours of history kept per key: the window of its baseline. */
  ringHours: number;
  /** Newest hours examined for a burst; kept out of the baseline so a burst cannot raise its own bar. */
  recentHours: number;
  /** Active hours (≥ 1 request) the baseline needs before a burst is judged against it. */
  minBaselineHours: number;
  /** Robust z of the last hour against the baseline. */
  z: Span;
  /** Last hour as a multiple of the median active hour. */
  ratio: Span;
  /** Requests (or tokens) above the median hour: a large multiple of almost nothing is not a burst. */
  excessRequests: Span;
  excessTokens: Span;
  /** Score of a full-strength burst seen in one hour, and of one above baseline in every recent hour. */
  oneHourScore: number;
  sustainedScore: number;
  /** A key this young is also judged by how fast it ramped (fading out over the window's second half). */
  newKeyHours: number;
  /** Requests of a new key so far, and its requests per hour of life. */
  rampRequests: Span;
  rampRate: Span;
  /** Score of a new key ramping at full strength. */
  rampScore: number;
  /** This key's share of its account's requests times the account's keys: 1 is an average sibling. */
  siblingRatio: Span;
  /** Keys of the account: fresh keys opened in bulk are how distillers rotate. */
  accountKeys: Span;
  /** How far the account can raise a score the key's own traffic already gives (never alone). */
  accountWeight: number;
}

export const DEFAULT_VOLUME_OPTIONS: VolumeOptions = {
  ringHours: 7 * 24,
  recentHours: 6,
  minBaselineHours: 12,
  z: [4, 12],
  ratio: [2, 32],
  excessRequests: [100, 2000],
  excessTokens: [100_000, 2_000_000],
  oneHourScore: 0.45,
  sustainedScore: 0.9,
  newKeyHours: 24,
  rampRequests: [1000, 30_000],
  rampRate: [200, 3000],
  rampScore: 0.85,
  siblingRatio: [2, 10],
  accountKeys: [10, 100],
  accountWeight: 0.3,
};

/** Median and MAD of a key's past active hours. */
interface Baseline {
  hours: number;
  median: number;
  mad: number;
}

export interface VolumeState {
  /** Latest event time seen, for the sliding last hour. */
  lastTs: number;
  requests: HourlyRing;
  tokens: HourlyRing;
  /** The baseline of a key compacted while idle, used until its ring holds a baseline again. */
  frozen: { requests: Baseline; tokens: Baseline } | null;
}

interface Burst {
  last: number;
  base: Baseline;
  z: number;
  ratio: number;
  /** Recent hours at or above the level where a burst starts to count. */
  hoursAbove: number;
  score: number;
}

const MAD_TO_SD = 1.4826;

/** Requests and tokens of a key against its own hourly baseline, its first hours, and its account. */
export function createVolumeDetector(options: Partial<VolumeOptions> = {}): Detector<VolumeState> {
  const o: VolumeOptions = { ...DEFAULT_VOLUME_OPTIONS, ...options };

  /** Indices of the ring's active hours from `from` hours back. */
  function activeHours(r: HourlyRing, from: number): number[] {
    const idx: number[] = [];
    for (let i = from; i < r.counts.length; i++) if (r.counts[i] > 0) idx.push(i);
    return idx;
  }

  function baselineOf(r: HourlyRing, idx: number[]): Baseline {
    const values = idx.map((i) => r.counts[i]);
    return { hours: values.length, median: median(values), mad: medianAbsoluteDeviation(values) };
  }

  /**
   * Requests (or tokens) in the 60 minutes before the latest event: the current hour plus the
   * share of the previous hour still inside the window, assuming it was spread evenly.
   */
  function lastHour(r: HourlyRing, lastTs: number): number {
    const elapsed = (lastTs - r.head * HOUR_MS) / HOUR_MS;
    return hourlyAt(r, 0) + hourlyAt(r, 1) * (1 - elapsed);
  }

  function judge(r: HourlyRing, last: number, base: Baseline, excess: Span): Burst {
    // Counts vary at least as much as Poisson noise even when a key's MAD is 0.
    const scale = Math.max(MAD_TO_SD * base.mad, Math.sqrt(base.median), 1);
    const z = (last - base.median) / scale;
    const ratio = last / Math.max(base.median, 1);
    const magnitude = Math.min(grade(z, o.z), gradeLog(ratio, o.ratio), gradeLog(last - base.median, excess));
    const onset = Math.max(base.median + o.z[0] * scale, base.median * o.ratio[0], base.median + excess[0]);
    let hoursAbove = 0;
    for (let i = 0; i < o.recentHours; i++) if (hourlyAt(r, i) >= onset) hoursAbove++;
    if (magnitude > 0) hoursAbove = Math.max(hoursAbove, 1);
    const lasting = grade(hoursAbove, [1, o.recentHours]);
    const score = magnitude * (o.oneHourScore + (o.sustainedScore - o.oneHourScore) * lasting);
    return { last, base, z, ratio, hoursAbove, score };
  }

  function burstSentence(b: Burst, unit: string): string {
    return (
      `~${count(b.last)} ${unit} in the last hour, ${fixed(b.ratio)}× this key's median active hour of ` +
      `${count(b.base.median)} (MAD ${count(b.base.mad)}, robust z ${fixed(b.z)}, ${b.base.hours} active hours), ` +
      `at or above burst level in ${b.hoursAbove} of the last ${o.recentHours} hours`
    );
  }

  const init = (): VolumeState => ({
    lastTs: 0,
    requests: newHourly(o.ringHours),
    tokens: newHourly(o.ringHours),
    frozen: null,
  });

  return {
    name: 'volume',
    init,

    observe(s, ev) {
      if (ev.ts > s.lastTs) s.lastTs = ev.ts;
      addHourly(s.requests, ev.ts, 1);
      addHourly(s.tokens, ev.ts, ev.promptTokens + ev.completionTokens);
    },

    assess(s, ctx) {
      if (s.requests.head < 0) return null;
      const lastRequests = lastHour(s.requests, s.lastTs);
      const lastTokens = lastHour(s.tokens, s.lastTs);
      const ageHours = (ctx.lastTs - ctx.firstTs) / HOUR_MS;
      const evidence: Evidence = {
        requests: ctx.requests,
        keyAgeHours: round(ageHours, 1),
        lastHourRequests: Math.round(lastRequests),
        lastHourTokens: Math.round(lastTokens),
      };

      // Recent hours are what is judged, not the bar it is judged against.
      const idx = activeHours(s.requests, o.recentHours);
      const bases =
        idx.length >= o.minBaselineHours
          ? { requests: baselineOf(s.requests, idx), tokens: baselineOf(s.tokens, idx) }
          : s.frozen;
      let score = 0;
      let summary = '';
      if (bases) {
        const req = judge(s.requests, lastRequests, bases.requests, o.excessRequests);
        const tok = judge(s.tokens, lastTokens, bases.tokens, o.excessTokens);
        Object.assign(evidence, {
          baselineHours: bases.requests.hours,
          medianHourRequests: round(req.base.median, 1),
          madHourRequests: round(req.base.mad, 1),
          requestZ: round(req.z, 2),
          requestRatio: round(req.ratio, 2),
          medianHourTokens: Math.round(tok.base.median),
          madHourTokens: Math.round(tok.base.mad),
          tokenZ: round(tok.z, 2),
          tokenRatio: round(tok.ratio, 2),
          hoursAboveBurstLevel: Math.max(req.hoursAbove, tok.hoursAbove),
        });
        const top = tok.score > req.score ? tok : req;
        score = top.score;
        summary =
          score > 0
            ? burstSentence(top, top === tok ? 'tokens' : 'requests')
            : `~${count(lastRequests)} requests in the last hour against this key's median active hour of ` +
              `${count(req.base.median)} (MAD ${count(req.base.mad)}), within its baseline`;
      }

      if (ageHours <= o.newKeyHours) {
        const rate = ctx.requests / Math.max(1, ageHours);
        // Fades over the second half of the window while the key's own baseline takes over.
        const fade = grade(ageHours, [o.newKeyHours, o.newKeyHours / 2]);
        const ramp =
          o.rampScore * fade * Math.min(gradeLog(ctx.requests, o.rampRequests), gradeLog(rate, o.rampRate));
        evidence.rampRatePerHour = Math.round(rate);
        if (ramp > score) {
          score = ramp;
          summary =
            `New key: ${count(ctx.requests)} requests in its first ${fixed(Math.max(ageHours, 0.1))} hours ` +
            `(${count(rate)}/h)${bases ? '' : ' with no baseline yet'}`;
        }
      }
      if (!summary) return null;

      const { keys, requests: accountRequests } = ctx.account;
      const share = accountRequests > 0 ? Math.min(1, ctx.requests / accountRequests) : 0;
      evidence.accountKeys = keys;
      evidence.accountShare = round(share);
      if (score > 0) {
        const account = Math.max(grade(share * keys, o.siblingRatio), grade(keys, o.accountKeys));
        if (account > 0) {
          score += (1 - score) * o.accountWeight * account;
          summary += `, with ${percent(share)} of its account's requests across ${count(keys)} keys`;
        }
      }
      return { detector: 'volume', score: round(score), summary: `${summary}.`, evidence };
    },

    /** Keeps only the baseline's figures: the idle key's rings are replaced by its median and MAD. */
    compact(s) {
      const idx = activeHours(s.requests, 0);
      let frozen = s.frozen;
      if (idx.length > 0 && idx.length >= (frozen?.requests.hours ?? 0)) {
        frozen = { requests: baselineOf(s.requests, idx), tokens: baselineOf(s.tokens, idx) };
      }
      return { ...init(), frozen };
    },
  };
}
