import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEvent } from '../../schemas/event';
import type { RequestLogEvent } from '../../schemas/event';
import { openDatabase } from '../../services/store/sqlite/database';
import { SqliteJournal } from '../../services/store/sqlite/journal';
import { makeEvent } from '../support/fixtures';

const event = (i: number): RequestLogEvent => {
  const r = parseEvent(makeEvent(i, { prompt: `"quoted" \\ \u0000 ${i}` }));
  if (!r.ok) throw new Error(r.reason);
  return r.event;
};

describe('SqliteJournal', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'dg-journal-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const open = () => {
    const db = openDatabase(join(dir, 'db'));
    return { db, journal: new SqliteJournal(db) };
  };

  it('reads events back in order, intact, after a position', () => {
    const { db, journal } = open();
    journal.append([event(1), event(2), event(3)]);
    expect(journal.read(undefined, 2)).toEqual({ events: [event(1), event(2)], position: '2' });
    expect(journal.read('2', 10)).toEqual({ events: [event(3)], position: '3' });
    expect(journal.read('3', 10)).toEqual({ events: [], position: '3' });
    db.close();
  });

  it('counts the backlog across reopening, also once every row was released', () => {
    const first = open();
    first.journal.append([event(1), event(2), event(3)]);
    first.journal.release('2');
    expect(first.journal.backlog()).toBe(1);
    first.db.close();

    const second = open();
    expect(second.journal.backlog()).toBe(1);
    second.journal.release('3');
    second.db.close();

    const third = open();
    expect(third.journal.backlog()).toBe(0);
    third.journal.append([event(4)]);
    expect(third.journal.backlog()).toBe(1);
    expect(third.journal.read('3', 10).events).toEqual([event(4)]);
    third.db.close();
  });

  it('wakes a waiting reader when events arrive', async () => {
    const { db, journal } = open();
    const started = Date.now();
    const waited = journal.waitForEvents(5000);
    journal.append([event(1)]);
    await waited;
    expect(Date.now() - started).toBeLessThan(1000);
    db.close();
  });
});
