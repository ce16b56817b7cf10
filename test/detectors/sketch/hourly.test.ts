import { addHourly, HOUR_MS, hourlyAt, newHourly, spanHours } from '../../../detectors/sketch/hourly';

const H0 = 500_000 * HOUR_MS;

describe('hourly ring', () => {
  it('keeps hours newest first and counts late events in their own hour', () => {
    const r = newHourly(24);
    addHourly(r, H0, 1);
    addHourly(r, H0 + 2 * HOUR_MS + 5, 2);
    expect(addHourly(r, H0 + HOUR_MS, 4)).toBe(true);
    expect([0, 1, 2].map((i) => hourlyAt(r, i))).toEqual([2, 4, 1]);
    expect(spanHours(r)).toBe(3);
  });

  it('drops what is older than the ring and clears after a long silence', () => {
    const r = newHourly(24);
    addHourly(r, H0, 1);
    addHourly(r, H0 + 30 * HOUR_MS, 1);
    expect(r.counts).toEqual([1]);
    expect(addHourly(r, H0 + 5 * HOUR_MS, 1)).toBe(false);
    expect(spanHours(r)).toBe(24);
  });

  it('stores no zeros at the old end once busy hours leave the ring', () => {
    const r = newHourly(4);
    addHourly(r, H0, 3);
    addHourly(r, H0 + 2 * HOUR_MS, 1);
    addHourly(r, H0 + 4 * HOUR_MS, 1);
    expect(r.counts).toEqual([1, 0, 1]);
    expect(spanHours(r)).toBe(4);
  });
});
