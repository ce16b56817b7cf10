import { Rng } from '../../services/simulate/rng';

describe('Rng', () => {
  it('repeats its stream for a seed and differs between seeds', () => {
    const draw = (r: Rng) => Array.from({ length: 5 }, () => r.uint32());
    expect(draw(new Rng(1))).toEqual(draw(new Rng(1)));
    expect(draw(new Rng(1))).not.toEqual(draw(new Rng(2)));
  });

  it('derives independent streams by name, including for seeds above 32 bits', () => {
    const a = Rng.derive(7, 'persona', 'casual_user', 0).uint32();
    expect(Rng.derive(7, 'persona', 'casual_user', 0).uint32()).toBe(a);
    expect(Rng.derive(7, 'persona', 'casual_user', 1).uint32()).not.toBe(a);
    expect(Rng.derive(7 + 2 ** 32, 'persona', 'casual_user', 0).uint32()).not.toBe(a);
  });

  it('keeps draws in range with roughly the right means', () => {
    const r = new Rng(3);
    let sum = 0;
    let geo = 0;
    for (let i = 0; i < 20000; i++) {
      const x = r.next();
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
      const k = r.int(2, 4);
      expect(k === 2 || k === 3 || k === 4).toBe(true);
      sum += r.exponential(10);
      geo += r.geometric(4);
    }
    expect(sum / 20000).toBeCloseTo(10, 0);
    expect(geo / 20000).toBeCloseTo(4, 0);
  });

  it('samples without repetition', () => {
    const s = new Rng(4).sample([1, 2, 3, 4, 5, 6], 4);
    expect(new Set(s).size).toBe(4);
  });
});
