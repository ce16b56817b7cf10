import { parseTimestamp } from '../../schemas/timestamp';

/** A seeded generator, so a failure names the input that caused it and repeats. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

const pad = (n: number, w: number) => String(n).padStart(w, '0');

describe('parseTimestamp', () => {
  it('equals Date.parse on the common form across every field range, edges and invalid dates included', () => {
    const rand = lcg(42);
    const pick = (max: number) => Math.floor(rand() * (max + 1));
    for (let i = 0; i < 20_000; i++) {
      const s =
        `${pad(pick(9999), 4)}-${pad(pick(14), 2)}-${pad(pick(33), 2)}T` +
        `${pad(pick(25), 2)}:${pad(pick(61), 2)}:${pad(pick(61), 2)}.${pad(pick(999), 3)}Z`;
      expect([s, parseTimestamp(s)]).toEqual([s, Date.parse(s)]);
    }
  });

  it('counts days as Date.parse does in every month of every year from 100 to 9999', () => {
    const wrong: string[] = [];
    for (let year = 100; year <= 9999; year++) {
      for (let month = 1; month <= 12; month++) {
        const s = `${pad(year, 4)}-${pad(month, 2)}-${pad(1 + ((year + month) % 28), 2)}T00:00:00.000Z`;
        if (parseTimestamp(s) !== Date.parse(s)) wrong.push(s);
      }
    }
    expect(wrong).toEqual([]);
  });

  it.each([
    '2026-11-02T13:45:07.123Z',
    '2026-02-28T23:59:59.999Z',
    '2026-02-29T00:00:00.000Z', // not a leap year
    '2024-02-29T00:00:00.000Z',
    '2026-02-31T00:00:00.000Z',
    '2026-04-31T00:00:00.000Z',
    '2026-01-01T24:00:00.000Z',
    '0000-01-01T00:00:00.000Z',
    '0099-12-31T23:59:59.999Z',
    '0100-01-01T00:00:00.000Z',
    '1969-12-31T23:59:59.999Z',
    '2026-11-02T13:45:07.123+01:00',
    '2026-11-02t13:45:07.123z',
    '2026-11-02 13:45:07.123Z',
    '2026-11-02T13:45:07Z',
    '2026-11-02T13:45:07.123456789Z',
  ])('equals Date.parse for %s', (s) => {
    expect(parseTimestamp(s)).toBe(Date.parse(s));
  });
});
