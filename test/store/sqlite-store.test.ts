import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NewDecision } from '../../services/store/actions';
import { SqliteStore } from '../../services/store/sqlite/store';
import { openDatabase } from '../../services/store/sqlite/database';
import { makeAlert, outputOf } from '../support/fixtures';
import { describeStoreContract } from './store-contract';

const dirs: string[] = [];
const tempFile = () => {
  const dir = mkdtempSync(join(tmpdir(), 'dg-store-'));
  dirs.push(dir);
  return join(dir, 'distillguard.db');
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describeStoreContract('sqlite', async (options) => SqliteStore.open(tempFile(), options));

describe('SqliteStore on disk', () => {
  it('commits a batch with its position and detector state', async () => {
    const store = SqliteStore.open(tempFile(), { suppressionDays: 7 });
    await store.commitBatch({
      output: outputOf({}),
      states: [{ id: 'key:k', state: '{"a":1}' }],
      position: { source: 'journal', offset: '42' },
    });
    expect(store.loadState('key:k')).toBe('{"a":1}');
    expect(store.loadState('key:other')).toBeUndefined();
    expect(await store.committedPosition('journal')).toBe('42');
    expect(await store.committedPosition('kafka')).toBeUndefined();
    await store.close();
  });

  it('keeps alerts, triage, allow-list and state across a reopen', async () => {
    const file = tempFile();
    const first = SqliteStore.open(file, { suppressionDays: 7 });
    await first.commitBatch({
      output: outputOf({ alerts: [makeAlert({ alert_id: 'a1' })] }),
      states: [{ id: 'key:key-1', state: 'S' }],
      position: { source: 'journal', offset: '7' },
    });
    await first.updateAlert('a1', { status: 'acknowledged', note: 'n' }, 'analyst:1');
    await first.addAllowlistEntry({ kind: 'api_key', value: 'key-2', reason: 'r', expires_at: null }, 'admin:1');
    await first.close();

    const second = SqliteStore.open(file, { suppressionDays: 7 });
    const a = await second.getAlert('a1');
    expect(a.status).toBe('acknowledged');
    expect(a.notes).toHaveLength(1);
    expect(second.isAllowlisted('key-2', 'x', Date.now())).toBe(true);
    expect(second.loadState('key:key-1')).toBe('S');
    expect(await second.committedPosition('journal')).toBe('7');
    await second.close();
  });

  it('applies migrations once, in WAL mode', () => {
    const file = tempFile();
    const first = openDatabase(file);
    const applied = first.pragma('user_version', { simple: true }) as number;
    first.close();
    const db = openDatabase(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(applied).toBeGreaterThan(0);
    expect(db.pragma('user_version', { simple: true })).toBe(applied);
    db.close();
  });

  const decision = {
    api_key_id: 'key-1', account_id: 'acct-1', alert_id: 'a1', action: 'throttle' as const, limit_rpm: 60, limit_tpm: null,
    reason: 'r', source: 'policy' as const, rule: 'r', offence: 1, dry_run: false, created_by: 'policy', duration_ms: 60_000,
  };
  /** A store holding `recorded` as the version before migration `step` stored it (`dedupeKey`), opened again. */
  const upgraded = async (recorded: NewDecision, dedupeKey: string, step: number) => {
    const file = tempFile();
    const before = SqliteStore.open(file, { suppressionDays: 7 });
    expect((await before.recordDecision(recorded)).outcome).toBe('created');
    await before.close();
    const db = openDatabase(file);
    db.prepare('UPDATE enforcement SET dedupe_key = ?').run(dedupeKey);
    db.pragma(`user_version = ${step - 1}`);
    db.close();
    return SqliteStore.open(file, { suppressionDays: 7 });
  };

  it('keeps a decision recorded before decisions were made per key from being made again', async () => {
    // Migration 3: decisions were keyed by alert and action.
    const after = await upgraded(decision, 'a1/throttle', 3);
    expect((await after.recordDecision(decision)).outcome).toBe('exists');
    await after.close();
  });

  it('keeps an exclusion stored before migration 4 from blocking the action once the allow-list entry is gone', async () => {
    // Migration 4: exclusions were keyed as the action.
    const after = await upgraded({ ...decision, excluded: true }, 'a1/key-1/throttle', 4);
    expect((await after.recordDecision({ ...decision, excluded: true })).outcome).toBe('exists');
    expect((await after.recordDecision(decision)).outcome).toBe('created');
    await after.close();
  });
});
