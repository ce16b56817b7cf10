import { activeHours, markActive, newActiveHours } from '../../../detectors/sketch/active';

const HOUR = 3_600_000;
const T0 = 500_000 * HOUR;

describe('active hours', () => {
  it('remembers which of the last 48 hours were active, across both words', () => {
    const a = newActiveHours();
    for (const h of [0, 0, 3, 30, 47]) markActive(a, T0 + h * HOUR + 1);
    expect(activeHours(a)).toEqual([500_000, 500_003, 500_030, 500_047]);
    markActive(a, T0 + 49 * HOUR);
    expect(activeHours(a)).toEqual([500_003, 500_030, 500_047, 500_049]);
  });

  it('counts a late hour still in the window, forgets one past it, and clears after a long gap', () => {
    const a = newActiveHours();
    markActive(a, T0 + 60 * HOUR);
    markActive(a, T0 + 20 * HOUR);
    markActive(a, T0 + 5 * HOUR);
    expect(activeHours(a)).toEqual([500_020, 500_060]);
    markActive(a, T0 + 500 * HOUR);
    expect(activeHours(a)).toEqual([500_500]);
  });
});
