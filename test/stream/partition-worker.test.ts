import { parseEvent } from '../../schemas/event';
import type { RequestLogEvent, RequestLogEventInput } from '../../schemas/event';
import { PartitionWorker, stateIds } from '../../services/stream/partition-worker';
import { makeEvent, T0 } from '../support/fixtures';

// A partition's batches are detected ahead of their writes: what the worker keeps of the writes
// Redis has not acknowledged, and which offsets in Redis it can explain.

const worker = (applied: number | undefined) => new PartitionWorker(applied, { clusters: false });

describe('PartitionWorker', () => {
  it('lays the states of unacknowledged writes over what Redis returns, as long as Redis does not hold them', () => {
    const w = worker(9);
    w.queued([{ id: 'key:a', state: 'a@19' }], 19);
    w.queued([{ id: 'key:a', state: 'a@29' }, { id: 'key:b', state: 'b@29' }], 29);
    expect(w.detected).toBe(29);
    expect(w.applied).toBe(9);

    // Read before either write landed: both overlaid, the later state of a winning.
    let saved = new Map([['key:a', 'a@9'], ['key:c', 'c@9']]);
    w.useSavedStates(saved, 9);
    expect(Object.fromEntries(saved)).toEqual({ 'key:a': 'a@29', 'key:b': 'b@29', 'key:c': 'c@9' });

    // Read after the first write landed but before its acknowledgement was handled: the second still overlaid.
    saved = new Map([['key:a', 'a@19'], ['key:c', 'c@9']]);
    w.useSavedStates(saved, 19);
    expect(saved.get('key:a')).toBe('a@29');

    // Read after both landed: Redis's own.
    saved = new Map([['key:a', 'a@29'], ['key:b', 'b@29']]);
    w.useSavedStates(saved, 29);
    expect(Object.fromEntries(saved)).toEqual({ 'key:a': 'a@29', 'key:b': 'b@29' });
  });

  it('forgets states only once Redis acknowledged the write that holds them', () => {
    const w = worker(undefined);
    w.queued([{ id: 'key:a', state: 'a@5' }], 5);
    w.queued([{ id: 'key:b', state: 'b@8' }], 8);
    w.forgetStored();
    let saved = new Map<string, string>();
    w.useSavedStates(saved, undefined);
    expect(saved.size).toBe(2);

    w.stored(5);
    w.forgetStored();
    saved = new Map();
    // A read sent after the acknowledgement sees offset 5 or later: key:a is Redis's to give.
    w.useSavedStates(saved, 5);
    expect(Object.fromEntries(saved)).toEqual({ 'key:b': 'b@8' });
  });

  it('explains the offsets its own writes store, and no other', () => {
    const w = worker(9);
    expect(w.explains(9)).toBe(true);
    expect(w.explains(undefined)).toBe(false);
    w.queued([], 19);
    w.queued([], 29);
    expect([9, 19, 29, 15, 30].map((o) => w.explains(o))).toEqual([true, true, true, false, false]);
    w.stored(19);
    expect([9, 19, 29].map((o) => w.explains(o))).toEqual([false, true, true]);
    expect(worker(undefined).explains(undefined)).toBe(true);
  });

  it('asks Redis only for the states its pipeline does not hold: new keys and accounts, and keys let go once written', () => {
    const HOUR = 3600_000;
    const w = new PartitionWorker(undefined, { clusters: false, exportLinks: true, idleMs: HOUR });
    const parsed = (e: RequestLogEventInput): RequestLogEvent => {
      const r = parseEvent(e);
      if (!r.ok) throw new Error(r.reason);
      return r.event;
    };
    const ev = (i: number, key: string, account: string, ts = T0 + i * 1000) => parsed(makeEvent(i, { api_key_id: key, account_id: account, ts }));
    const first = [ev(0, 'a', 'x'), ev(1, 'b', 'x')];
    expect(stateIds(first, w.pipeline).sort()).toEqual(['account:x', 'key:a', 'key:b', 'watermark']);
    w.useSavedStates(new Map(), undefined);
    for (const e of first) w.pipeline.process(e);
    w.releaseSavedStates();
    expect(stateIds([ev(2, 'a', 'x'), ev(3, 'c', 'y')], w.pipeline).sort()).toEqual(['account:y', 'key:c']);
    // Three hours on, key b is idle: compacted and still held until its state is taken for a write.
    w.pipeline.process(ev(4, 'a', 'x', T0 + 3 * HOUR));
    expect(stateIds([ev(5, 'b', 'x')], w.pipeline)).toEqual([]);
    w.queued(w.pipeline.takeDirtyStates(), 4);
    expect(stateIds([ev(5, 'a', 'x'), ev(6, 'b', 'x')], w.pipeline)).toEqual(['key:b']);
  });
});

