import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { parseEvent } from '../../schemas/event';
import type { RequestLogEvent } from '../../schemas/event';
import type { PipelineOutput } from '../../services/pipeline/types';
import { PipelineRunner } from '../../services/pipeline/runner';
import { openDatabase } from '../../services/store/sqlite/database';
import { SqliteJournal } from '../../services/store/sqlite/journal';
import { SqliteStore } from '../../services/store/sqlite/store';
import type { DetectionBatch } from '../../services/store/types';
import { makeAlert, makeEvent, outputOf } from '../support/fixtures';

const log = pino({ level: 'silent' });

/**
 * Stands in for the detection pipeline: counts requests per key in its state, and raises one
 * alert per key at its 3rd request. What matters here is the runner's bookkeeping, not detection.
 */
class CountingPipeline {
  private counts = new Map<string, number>();
  private dirty = new Set<string>();
  private out: PipelineOutput = outputOf({});
  constructor(private readonly loadState: (id: string) => string | undefined) {}

  process(e: RequestLogEvent): boolean {
    const id = `key:${e.api_key_id}`;
    const n = (this.counts.get(id) ?? Number(this.loadState(id) ?? 0)) + 1;
    this.counts.set(id, n);
    this.dirty.add(id);
    if (n === 3) this.out.alerts.push(makeAlert({ alert_id: `al-${e.api_key_id}`, api_key_id: e.api_key_id }));
    return true;
  }
  drain(): PipelineOutput {
    const out = this.out;
    this.out = outputOf({});
    return out;
  }
  takeDirtyStates() {
    const states = [...this.dirty].map((id) => ({ id, state: String(this.counts.get(id)) }));
    this.dirty.clear();
    return states;
  }
}

const events = (from: number, n: number, key = 'k') =>
  Array.from({ length: n }, (_, i) => {
    const r = parseEvent(makeEvent(from + i, { api_key_id: key }));
    if (!r.ok) throw new Error(r.reason);
    return r.event;
  });

describe('PipelineRunner over the SQLite journal', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'dg-runner-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function open() {
    const db = openDatabase(join(dir, 'db'));
    const store = new SqliteStore(db, { suppressionDays: 7 });
    const journal = new SqliteJournal(db);
    const pipeline = new CountingPipeline((id) => store.loadState(id));
    const committed: DetectionBatch[] = [];
    const runner = new PipelineRunner(journal, pipeline, store, {
      log,
      batchSize: 4,
      idleMs: 10,
      onCommitted: (_n, b) => committed.push(b),
    });
    return { db, store, journal, runner, committed };
  }

  const until = async (cond: () => boolean) => {
    for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
    expect(cond()).toBe(true);
  };

  it('processes journaled events in batches, commits state, alerts and position, then releases them', async () => {
    const { db, store, journal, runner, committed } = open();
    await runner.start();
    journal.append(events(0, 10, 'a'));
    await until(() => journal.backlog() === 0);
    await runner.stop();
    expect(runner.state).toBe('stopped');
    expect(committed.map((b) => b.position.offset)).toEqual(['4', '8', '10']);
    expect(store.loadState('key:a')).toBe('10');
    expect((await store.getAlert('al-a')).status).toBe('open');
    expect(await store.committedPosition('journal')).toBe('10');
    expect(db.prepare('SELECT count(*) AS n FROM journal').get()).toEqual({ n: 0 });
    await store.close();
  });

  it('after a crash, replays exactly the uncommitted events against the committed state', async () => {
    const first = open();
    first.journal.append(events(0, 2, 'a'));
    await first.runner.start();
    await until(() => first.journal.backlog() === 0);
    await first.runner.stop();
    // Events acknowledged to a client but not processed before the process died.
    first.journal.append(events(2, 5, 'a'));
    first.db.close();

    const second = open();
    expect(second.journal.backlog()).toBe(5);
    await second.runner.start();
    await until(() => second.journal.backlog() === 0);
    await second.runner.stop();
    expect(second.store.loadState('key:a')).toBe('7');
    expect((await second.store.listAlerts({ sort: 'detected_at:desc', limit: 10 })).items).toHaveLength(1);
    await second.store.close();
  });

  it('stops as failed when a commit fails, leaving the batch in the journal', async () => {
    const { store, journal, runner } = open();
    const commit = jest.spyOn(store, 'commitBatch').mockRejectedValueOnce(new Error('disk full'));
    journal.append(events(0, 3, 'a'));
    const { done } = await runner.start();
    await done;
    expect(runner.state).toBe('failed');
    expect(runner.error?.message).toBe('disk full');
    expect(commit).toHaveBeenCalledTimes(1);
    expect(journal.backlog()).toBe(3);
    expect(await store.committedPosition('journal')).toBeUndefined();
    await store.close();
  });
});
