import type { PartitionProgress } from '../../services/linking/progress';
import { finishedHour } from '../../services/linking/progress';

// Which event hour the linking job may link: one that every partition has finished.

const HOUR = 3600_000;
const H = Date.UTC(2026, 10, 2, 12);
let next = 0;
const lagging = (watermark: number | undefined): PartitionProgress => ({ partition: next++, watermark, caughtUp: false });
const idle = (watermark: number | undefined): PartitionProgress => ({ partition: next++, watermark, caughtUp: true });

describe('finishedHour', () => {
  it('is none before any partition has an event', () => {
    expect(finishedHour([])).toBeUndefined();
    expect(finishedHour([idle(undefined), idle(undefined)])).toBeUndefined();
  });

  it('is the hour before the one the slowest partition is in', () => {
    expect(finishedHour([lagging(H + 3 * HOUR + 5), lagging(H + HOUR + 59 * 60_000), lagging(H + 2 * HOUR)])).toBe(H);
  });

  it('counts an hour finished once a partition has passed its end, and not before', () => {
    expect(finishedHour([lagging(H + HOUR)])).toBe(H);
    expect(finishedHour([lagging(H + HOUR - 1)])).toBe(H - HOUR);
  });

  it('waits for a partition that has messages but no event processed yet', () => {
    expect(finishedHour([lagging(H + 5 * HOUR), lagging(undefined)])).toBeUndefined();
  });

  it('is not held back by a caught-up partition, however old its last event', () => {
    expect(finishedHour([lagging(H + 2 * HOUR + 1), idle(H - 30 * HOUR), idle(undefined)])).toBe(H + HOUR);
  });

  it('leaves the latest hour open when every partition is caught up: later events may still belong to it', () => {
    expect(finishedHour([idle(H + 30 * 60_000), idle(H - 4 * HOUR)])).toBe(H - HOUR);
  });

  it('is held back by a lagging partition even when an idle one is further ahead', () => {
    expect(finishedHour([lagging(H + 10 * HOUR), idle(H + 12 * HOUR)])).toBe(H + 9 * HOUR);
  });
});
