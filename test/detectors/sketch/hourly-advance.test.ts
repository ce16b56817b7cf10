import type { HourlyRing } from '../../../detectors/sketch/hourly';
import { addHourly, HOUR_MS, newHourly } from '../../../detectors/sketch/hourly';
import { rng } from '../traffic';

/** The ring as it was advanced before it moved in place: a new array of zeros and counts. */
function addReference(r: HourlyRing, ts: number, v: number): void {
  const h = Math.floor(ts / HOUR_MS);
  if (r.since < 0 || h < r.since) r.since = h;
  if (h > r.head) {
    const shift = h - r.head;
    r.head = h;
    if (shift >= r.size) r.counts = [];
    else {
      const c = new Array<number>(shift).fill(0).concat(r.counts);
      if (c.length > r.size) c.length = r.size;
      while (c.length > 0 && c[c.length - 1] === 0) c.pop();
      r.counts = c;
    }
  }
  const i = r.head - h;
  if (i >= r.size) return;
  while (r.counts.length <= i) r.counts.push(0);
  r.counts[i] += v;
}

describe('hourly ring advance', () => {
  it('gives the same ring as a copying advance, through gaps, late events and zeros', () => {
    const r = rng(3);
    for (let t = 0; t < 2000; t++) {
      const size = 1 + Math.floor(r() * 10);
      const a = newHourly(size);
      const b = newHourly(size);
      let ts = 400_000 * HOUR_MS;
      for (let k = 0; k < 40; k++) {
        ts += Math.floor(r() * r() * size * 1.5) * HOUR_MS - (r() < 0.2 ? HOUR_MS * Math.floor(r() * 3) : 0);
        const v = r() < 0.2 ? 0 : Math.floor(r() * 5);
        addHourly(a, ts, v);
        addReference(b, ts, v);
        expect(JSON.stringify(a)).toBe(JSON.stringify(b));
      }
    }
  });
});
