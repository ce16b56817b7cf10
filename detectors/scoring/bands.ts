import type { RecommendedAction, Severity } from '../../schemas/alert';
import { SEVERITIES } from '../../schemas/alert';

export interface BandOptions {
  /** Lowest score of each severity band. */
  thresholds: Record<Severity, number>;
  /** A severity is left only when the score falls this far below its band (no flapping). */
  hysteresis: number;
  actions: Record<Severity, RecommendedAction>;
}

export const DEFAULT_BAND_OPTIONS: BandOptions = {
  thresholds: { low: 0.35, medium: 0.55, high: 0.75, critical: 0.9 },
  hysteresis: 0.07,
  actions: { low: 'none', medium: 'review', high: 'throttle', critical: 'suspend' },
};

/** The band a score falls in, without memory; null below the lowest band. */
export function bandOf(score: number, o: BandOptions = DEFAULT_BAND_OPTIONS): Severity | null {
  for (let i = SEVERITIES.length - 1; i >= 0; i--) {
    if (score >= o.thresholds[SEVERITIES[i]]) return SEVERITIES[i];
  }
  return null;
}

/**
 * The band with memory of the current one: going up takes the plain threshold, going down needs
 * the score to fall `hysteresis` below the current band's threshold.
 */
export function bandWithHysteresis(score: number, current: Severity | null, o: BandOptions = DEFAULT_BAND_OPTIONS): Severity | null {
  const rank = (s: Severity | null) => (s === null ? -1 : SEVERITIES.indexOf(s));
  const plain = bandOf(score, o);
  if (current === null || rank(plain) >= rank(current)) return plain;
  const sticky = bandOf(score + o.hysteresis, o);
  return rank(sticky) >= rank(current) ? current : sticky;
}
