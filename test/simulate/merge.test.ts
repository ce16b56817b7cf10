import { mergeByTime, mergeStaggered } from '../../services/simulate/merge';

interface Item {
  t: number;
  source: string;
}
const time = (x: Item) => x.t;
const items = (source: string, ...ts: number[]): Item[] => ts.map((t) => ({ t, source }));

describe('mergeByTime', () => {
  it('merges sorted sources into one sorted stream, ties in source order', () => {
    const out = [...mergeByTime([items('a', 1, 4, 4, 9), items('b', 0, 4, 10), [], items('c', 2)], time)];
    expect(out.map((x) => `${x.t}${x.source}`)).toEqual(['0b', '1a', '2c', '4a', '4a', '4b', '9a', '10b']);
  });

  it('pulls lazily, so infinite sources can be merged and cut', () => {
    function* every(step: number) {
      for (let t = 0; ; t += step) yield { t, source: String(step) };
    }
    const out: number[] = [];
    for (const x of mergeByTime([every(3), every(5)], time)) {
      if (x.t > 10) break;
      out.push(x.t);
    }
    expect(out).toEqual([0, 0, 3, 5, 6, 9, 10]);
  });

  it('refuses a source that goes back in time', () => {
    expect(() => [...mergeByTime([items('a', 5, 1)], time)]).toThrow(/back in time/);
  });
});

describe('mergeStaggered', () => {
  it('opens sources only when the stream reaches their first item', () => {
    let opened = 0;
    function* sources() {
      for (let start = 0; start < 100; start += 10) {
        opened++;
        yield items(String(start), start, start + 15, start + 25);
      }
    }
    const it = mergeStaggered(sources(), time);
    it.next();
    expect(opened).toBeLessThanOrEqual(2);
    const rest = [...it].map((x) => x.t);
    expect(rest).toEqual([...rest].sort((a, b) => a - b));
    expect(rest).toHaveLength(29);
  });
});
