// services/store/clickhouse/writer.ts against the real ClickHouse, with real failures in between:
// a missing table, bad rows, and a proxy that refuses, resets, hangs or answers 503/403.
import type { ClickHouseClient } from '@clickhouse/client';
import { ClickHouseError } from '@clickhouse/client';
import pino from 'pino';
import { Registry } from 'prom-client';
import { z } from 'zod';
import { connectClickHouse, createStoreClient } from '../../services/store/clickhouse/connect';
import type { Row } from '../../services/store/clickhouse/insert';
import { rowsInserter } from '../../services/store/clickhouse/insert';
import { selectRows } from '../../services/store/clickhouse/select';
import { sql } from '../../services/store/clickhouse/sql';
import { HttpStatusError, isTransient } from '../../services/store/clickhouse/transient';
import type { WriterOptions } from '../../services/store/clickhouse/writer';
import { BufferedWriter } from '../../services/store/clickhouse/writer';
import { CLICKHOUSE_URL, testDatabase } from '../support/clickhouse';
import { FlakyProxy } from '../support/flaky-proxy';

const log = pino({ level: 'silent' });
const db = testDatabase();
let direct: ClickHouseClient;
const proxy = new FlakyProxy(new URL(CLICKHOUSE_URL));
const clients: ClickHouseClient[] = [];

beforeAll(async () => {
  direct = (await connectClickHouse(CLICKHOUSE_URL, db.name)).client;
  await direct.command({ query: 'CREATE TABLE rows (id UInt32, s String) ENGINE = MergeTree ORDER BY id' });
  await proxy.start();
});
beforeEach(async () => {
  proxy.reset();
  await proxy.start();
  await direct.command({ query: 'TRUNCATE TABLE rows' });
});
afterAll(async () => {
  await proxy.stop();
  await Promise.all([...clients, direct].map((c) => c.close()));
  await db.drop();
});

const rows = (from: number, n: number): Row[] => Array.from({ length: n }, (_, i) => ({ id: from + i, s: `row ${from + i}` }));
const stored = async () =>
  (await selectRows(direct, sql`SELECT id FROM rows ORDER BY id`, z.object({ id: z.number() }))).map((r) => r.id);

/** A writer through the proxy; retries come quickly so tests do not wait. */
function writer(options: Partial<WriterOptions> = {}, requestTimeoutMs = 30_000) {
  const client = createStoreClient(proxy.url, db.name, requestTimeoutMs);
  clients.push(client);
  const registry = new Registry();
  const w = new BufferedWriter(rowsInserter(client), {
    maxRows: 1000,
    intervalMs: 0,
    retry: { attempts: 6, backoffMs: 20, maxBackoffMs: 100 },
    registry,
    log,
    ...options,
  });
  const metric = async (name: string) =>
    (await registry.getSingleMetric(name)!.get()).values.reduce((n, v) => n + v.value, 0);
  return { w, retries: () => metric('distillguard_clickhouse_insert_retries_total'), metric };
}

/** Whether a promise has settled, without waiting for it. */
async function settled(p: Promise<unknown>): Promise<boolean> {
  const marker = Symbol();
  return (await Promise.race([p.then(() => true, () => true), new Promise((r) => setImmediate(() => r(marker)))])) !== marker;
}

describe('BufferedWriter', () => {
  it('inserts a table once maxRows rows are queued, without being asked', async () => {
    const { w } = writer({ maxRows: 100 });
    const first = w.write('rows', rows(0, 99));
    expect(w.backlog()).toBe(99);
    await new Promise((r) => setTimeout(r, 50));
    expect(await settled(first)).toBe(false);
    await Promise.all([first, w.write('rows', rows(99, 1))]);
    expect(await stored()).toHaveLength(100);
    expect(w.backlog()).toBe(0);
    await w.close();
  });

  it('inserts every intervalMs', async () => {
    const { w, metric } = writer({ intervalMs: 30 });
    await w.write('rows', rows(0, 3));
    expect(await stored()).toEqual([0, 1, 2]);
    expect(await metric('distillguard_clickhouse_rows_written_total')).toBe(3);
    await w.close();
  });

  it('stores what is queued when closed, and refuses writes after', async () => {
    const { w } = writer();
    const pending = w.write('rows', rows(0, 5));
    await w.close();
    await pending;
    expect(await stored()).toHaveLength(5);
    await expect(w.write('rows', rows(5, 1))).rejects.toThrow(/closed/);
  });

  it('does not retry a table that does not exist', async () => {
    const { w, retries, metric } = writer();
    const write = w.write('no_such_table', rows(0, 2));
    await w.flush();
    const err = await write.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ClickHouseError);
    expect((err as ClickHouseError).code).toBe('60');
    expect(await retries()).toBe(0);
    expect(await metric('distillguard_clickhouse_rows_failed_total')).toBe(2);
    expect(w.backlog()).toBe(0);
    await w.close();
  });

  it("fails only the write whose rows are bad, not the others batched with it", async () => {
    const { w, retries } = writer();
    const good = w.write('rows', rows(0, 2));
    const bad = w.write('rows', [{ id: 'not a number', s: 'x' }]);
    const alsoGood = w.write('rows', rows(2, 1));
    await w.flush();
    await expect(bad).rejects.toBeInstanceOf(ClickHouseError);
    await Promise.all([good, alsoGood]);
    expect(await stored()).toEqual([0, 1, 2]);
    expect(await retries()).toBe(0);
    await w.close();
  });

  it('retries while the server is stopped, and stores once it is back', async () => {
    const { w, retries } = writer();
    await proxy.stop();
    const write = w.write('rows', rows(0, 3));
    const flushed = w.flush();
    setTimeout(() => void proxy.start(), 150);
    await Promise.all([write, flushed]);
    expect(await retries()).toBeGreaterThan(0);
    expect(await stored()).toEqual([0, 1, 2]);
    await w.close();
  });

  it.each([
    ['a reset connection', 'reset' as const],
    ['a 503 from a proxy', { status: 503 }],
    ['a 502 from a proxy', { status: 502 }],
  ])('retries %s', async (_, failure) => {
    const { w, retries } = writer();
    proxy.failNext(failure, 2);
    const write = w.write('rows', rows(0, 1));
    await w.flush();
    await write;
    expect(await retries()).toBe(2);
    expect(await stored()).toEqual([0]);
    await w.close();
  });

  it('retries a request that times out', async () => {
    const { w, retries } = writer({}, 300);
    proxy.failNext('hang');
    const write = w.write('rows', rows(0, 1));
    await w.flush();
    await write;
    expect(await retries()).toBe(1);
    expect(await stored()).toEqual([0]);
    await w.close();
  });

  it('does not retry a 4xx from a proxy', async () => {
    const { w, retries } = writer();
    proxy.failNext({ status: 403 });
    const write = w.write('rows', rows(0, 1));
    await w.flush();
    const err = await write.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpStatusError);
    expect((err as HttpStatusError).status).toBe(403);
    expect(await retries()).toBe(0);
    await w.close();
  });

  it('keeps rows through an outage longer than its retries, as backlog, and stores them on a later flush', async () => {
    const { w } = writer({ retry: { attempts: 2, backoffMs: 10, maxBackoffMs: 10 } });
    await proxy.stop();
    const write = w.write('rows', rows(0, 4));
    await w.flush();
    expect(await settled(write)).toBe(false);
    expect(w.backlog()).toBe(4);
    await proxy.start();
    await w.flush();
    await write;
    expect(w.backlog()).toBe(0);
    expect(await stored()).toEqual([0, 1, 2, 3]);
    await w.close();
  });

  it('tells writers when their rows could not be stored before closing', async () => {
    const { w } = writer({ retry: { attempts: 2, backoffMs: 10, maxBackoffMs: 10 } });
    await proxy.stop();
    const write = w.write('rows', rows(0, 1));
    await w.close();
    await expect(write).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await proxy.start();
  });
});

describe('isTransient', () => {
  it('classifies by ClickHouse error code, HTTP status and socket error', () => {
    const chError = (code: string) => new ClickHouseError({ message: 'm', code, type: 'T' });
    expect(isTransient(chError('252'))).toBe(true); // TOO_MANY_PARTS
    expect(isTransient(chError('60'))).toBe(false); // UNKNOWN_TABLE
    expect(isTransient(new HttpStatusError(504, ''))).toBe(true);
    expect(isTransient(new HttpStatusError(401, ''))).toBe(false);
    expect(isTransient(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isTransient(Object.assign(new Error('x'), { code: 'ERR_INVALID_ARG_TYPE' }))).toBe(false);
    expect(isTransient(new Error('Timeout error.'))).toBe(true);
    expect(isTransient(new TypeError('bug'))).toBe(false);
  });
});
