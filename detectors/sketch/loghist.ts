/**
 * Histogram of non-negative values in log-spaced bins (`perOctave` bins per doubling, so about
 * 2^(1/perOctave) relative width; bin 0 holds values below 1). Every bin is halved when `total`
 * reaches `cap`, so it follows the recent values in bounded space. Bins are a sparse record
 * because most keys fill only a few of them.
 */
export interface LogHistogram {
  perOctave: number;
  cap: number;
  total: number;
  bins: Record<string, number>;
}

export function newLogHistogram(perOctave: number, cap: number): LogHistogram {
  return { perOctave, cap, total: 0, bins: {} };
}

export function addLog(h: LogHistogram, x: number): void {
  const b = x < 1 ? 0 : Math.floor(Math.log2(x) * h.perOctave) + 1;
  h.bins[b] = (h.bins[b] ?? 0) + 1;
  if (++h.total >= h.cap) halve(h);
}

function halve(h: LogHistogram): void {
  let total = 0;
  for (const k of Object.keys(h.bins)) {
    // Whole counts keep the JSON short; the mass lost to rounding down is at most one per bin.
    const v = Math.floor(h.bins[k] / 2);
    if (v > 0) h.bins[k] = v;
    else delete h.bins[k];
    total += v;
  }
  h.total = total;
}

/** The q-quantile (0..1), interpolated geometrically inside its bin; NaN when empty. */
export function quantileLog(h: LogHistogram, q: number): number {
  return quantilesLog(h, [q])[0];
}

/**
 * `quantileLog` at each of `qs` (ascending), in one pass over the bins, interpolated geometrically
 * inside each quantile's bin; NaN when empty.
 */
export function quantilesLog(h: LogHistogram, qs: readonly number[]): number[] {
  const out: number[] = [];
  // Integer-like keys enumerate in ascending numeric order, which is bin order.
  const keys = Object.keys(h.bins);
  let seen = 0;
  let k = 0;
  for (const q of qs) {
    const target = q * h.total;
    while (k < keys.length && seen + h.bins[keys[k]] < target) seen += h.bins[keys[k++]];
    if (k === keys.length) {
      out.push(NaN);
      continue;
    }
    const v = h.bins[keys[k]];
    const f = v > 0 ? (target - seen) / v : 0;
    const b = Number(keys[k]);
    out.push(b === 0 ? f : 2 ** ((b - 1) / h.perOctave) * 2 ** (f / h.perOctave));
  }
  return out;
}
