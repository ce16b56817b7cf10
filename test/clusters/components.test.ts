import { DisjointSets } from '../../detectors/clusters/components';

describe('DisjointSets', () => {
  it('groups connected items, ordered by first item, leaving out small groups', () => {
    const s = new DisjointSets(8);
    s.union(5, 6);
    s.union(1, 3);
    s.union(3, 7);
    s.union(6, 2);
    expect(s.groups(3)).toEqual([[1, 3, 7], [2, 5, 6]]);
    expect(s.groups(1)).toEqual([[0], [1, 3, 7], [2, 5, 6], [4]]);
  });
});
