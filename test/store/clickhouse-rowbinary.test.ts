// services/store/clickhouse/rowbinary.ts and the `events` rows built with it, read back from the
// real ClickHouse: every column type the consumer writes, at the edges of their encodings.
import type { ClickHouseClient } from '@clickhouse/client';
import pino from 'pino';
import { Registry } from 'prom-client';
import { z } from 'zod';
import { textFeaturesOf } from '../../detectors/features';
import { parseEvent } from '../../schemas/event';
import type { RequestLogEvent } from '../../schemas/event';
import { connectClickHouse } from '../../services/store/clickhouse/connect';
import { encodeEvents } from '../../services/store/clickhouse/events';
import { rowsInserter } from '../../services/store/clickhouse/insert';
import { RowBinaryWriter } from '../../services/store/clickhouse/rowbinary';
import { selectRows } from '../../services/store/clickhouse/select';
import { sql } from '../../services/store/clickhouse/sql';
import { BufferedWriter } from '../../services/store/clickhouse/writer';
import { makeEvent } from '../support/fixtures';
import { CLICKHOUSE_URL, testDatabase } from '../support/clickhouse';

const db = testDatabase();
let client: ClickHouseClient;

beforeAll(async () => {
  client = (await connectClickHouse(CLICKHOUSE_URL, db.name)).client;
  await client.command({
    query: `CREATE TABLE kinds (id UInt32, s String, ns Nullable(String), i Int64, u UInt64, nu Nullable(UInt64),
      f Float64, nf Nullable(Float64), b Nullable(UInt8), w UInt16, extra String DEFAULT 'default') ENGINE = MergeTree ORDER BY id`,
  });
});
afterAll(async () => {
  await client.close();
  await db.drop();
});

const KINDS = ['id', 's', 'ns', 'i', 'u', 'nu', 'f', 'nf', 'b', 'w'];

describe('RowBinary', () => {
  it('writes strings of every length class, nulls, 64-bit integers and floats as ClickHouse reads them', async () => {
    const long = 'ünïcødé ✓ 😀 '.repeat(2000); // > 16 KB of UTF-8: a three-byte length
    const values = [
      { s: '', ns: null, i: -1, u: 0, nu: null, f: 0.1, nf: null, b: null, w: 599 },
      { s: 'x'.repeat(42), ns: 'a\tb\nc\\d\'e"', i: 8.64e15, u: 2 ** 53 - 1, nu: 4_294_967_296, f: -1.5e300, nf: 3.25, b: true, w: 100 },
      { s: 'é'.repeat(42), ns: 'ß'.repeat(200), i: -(2 ** 40), u: 4_294_967_295, nu: 1, f: 1e-300, nf: -0.5, b: false, w: 65535 },
      { s: long, ns: long, i: 1_700_000_000_123, u: 123, nu: 0, f: 12.5, nf: 0, b: null, w: 0 },
      // 64 units in 128 bytes: the text moves to make room for a two-byte length; ASCII past the JavaScript copy.
      { s: 'é'.repeat(64), ns: 'y'.repeat(300), i: 0, u: 0, nu: null, f: 0, nf: null, b: true, w: 1 },
    ];
    const w = new RowBinaryWriter(KINDS, 16); // grows many times
    values.forEach((v, id) => {
      w.uint32(id);
      w.string(v.s);
      w.nullableString(v.ns);
      w.int64(v.i);
      w.int64(v.u);
      w.nullableInt64(v.nu);
      w.float64(v.f);
      w.nullableFloat64(v.nf);
      w.nullableBool(v.b);
      w.uint16(v.w);
      w.endRow();
    });
    await rowsInserter(client)('kinds', w.finish());
    const rows = await selectRows(
      client,
      sql`SELECT id, s, ns, toString(i) AS i, toString(u) AS u, toString(nu) AS nu, f, nf, b, w, extra FROM kinds ORDER BY id`,
      z.object({
        id: z.number(),
        s: z.string(),
        ns: z.string().nullable(),
        i: z.string(),
        u: z.string(),
        nu: z.string().nullable(),
        f: z.number(),
        nf: z.number().nullable(),
        b: z.number().nullable(),
        w: z.number(),
        extra: z.string(),
      }),
    );
    expect(rows).toEqual(
      values.map((v, id) => ({
        id,
        s: v.s,
        ns: v.ns,
        i: String(v.i),
        u: String(v.u),
        nu: v.nu === null ? null : String(v.nu),
        f: v.f,
        nf: v.nf,
        b: v.b === null ? null : Number(v.b),
        w: v.w,
        extra: 'default',
      })),
    );
  });

  it('batches several writers’ encoded rows into one insert, and keeps row objects of the same table apart', async () => {
    await client.command({ query: 'TRUNCATE TABLE kinds' });
    const writer = new BufferedWriter(rowsInserter(client), {
      maxRows: 1000,
      intervalMs: 0,
      retry: { attempts: 1, backoffMs: 10, maxBackoffMs: 10 },
      registry: new Registry(),
      log: pino({ level: 'silent' }),
    });
    const encoded = (from: number, n: number) => {
      const w = new RowBinaryWriter(['id', 's']);
      for (let id = from; id < from + n; id++) {
        w.uint32(id);
        w.string(`row ${id}`);
        w.endRow();
      }
      return w.finish();
    };
    const written = Promise.all([
      writer.write('kinds', encoded(0, 3)),
      writer.write('kinds', [{ id: 3, s: 'row 3' }]),
      writer.write('kinds', encoded(4, 2)),
    ]);
    expect(writer.backlog()).toBe(6);
    await Promise.all([written, writer.flush()]);
    const rows = await selectRows(client, sql`SELECT id, s FROM kinds ORDER BY id`, z.object({ id: z.number(), s: z.string() }));
    expect(rows).toEqual([0, 1, 2, 3, 4, 5].map((id) => ({ id, s: `row ${id}` })));
    await writer.close();
  });

  it('encodes events with the fingerprints the pipeline computed, or computes them', async () => {
    const events = [makeEvent(1), makeEvent(2, { prompt: undefined, system_prompt: 'You are terse.' }), makeEvent(3, { prompt: undefined })].map(
      (input) => {
        const r = parseEvent(input);
        if (!r.ok) throw new Error(r.reason);
        return r.event;
      },
    );
    const given = events.map((e) => textFeaturesOf(e.prompt, e.system_prompt));
    const a = encodeEvents(events, true, given);
    const b = encodeEvents(events, true);
    expect(Buffer.concat(a.chunks).equals(Buffer.concat(b.chunks))).toBe(true);
    expect(a.count).toBe(3);
    // Without prompts, the texts are gone and the fingerprints stay.
    const withoutPrompts = Buffer.concat(encodeEvents(events as RequestLogEvent[], false, given).chunks);
    expect(withoutPrompts.includes(Buffer.from(events[0].prompt!))).toBe(false);
    expect(withoutPrompts.length).toBeLessThan(Buffer.concat(a.chunks).length);
  });
});
