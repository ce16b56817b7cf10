import pino from 'pino';
import { z } from 'zod';
import { parseEvent } from '../../schemas/event';
import { connectClickHouse } from '../../services/store/clickhouse/connect';
import { selectRows } from '../../services/store/clickhouse/select';
import { ident, sql } from '../../services/store/clickhouse/sql';
import { ClickHouseStore } from '../../services/store/clickhouse/store';
import { makeEvent } from '../support/fixtures';
import { CLICKHOUSE_URL, testDatabase } from '../support/clickhouse';

// Retention on the real server: whole monthly partitions of raw events and link features go once
// their month lies beyond the retention; everything else stays.

const db = testDatabase();
afterAll(() => db.drop());

const NOW = Date.UTC(2026, 10, 22, 12);
const at = (month: number, day: number) => Date.UTC(2026, month - 1, day);

test('drops the months of events and link features past their retention, and nothing else', async () => {
  const { client } = await connectClickHouse(CLICKHOUSE_URL, db.name);
  const store = await new ClickHouseStore(client, {
    storePrompts: false, suppressionDays: 7, allowlistRefreshMs: 0, flushRows: 1000, flushIntervalMs: 0, log: pino({ level: 'silent' }),
  }).start();
  try {
    const days = [at(4, 15), at(7, 20), at(8, 10), at(11, 1)];
    const events = days.map((ts, i) => {
      const r = parseEvent(makeEvent(i, { ts }));
      if (!r.ok) throw new Error(r.reason);
      return r.event;
    });
    const written = store.writeEncodedEvents([store.encodeEvents(events)]);
    await store.flush();
    await written;
    await client.insert({
      table: 'key_links',
      values: [at(10, 20), at(11, 10)].map((hour) => ({ api_key_id: 'k', hour, requests: 1, last_ts: hour, features: '{}' })),
      format: 'JSONEachRow',
    });
    const months = async (table: string, column: string) =>
      (
        await selectRows(
          client,
          sql`SELECT DISTINCT toYYYYMM(toDateTime(intDiv(${ident(column)}, 1000))) AS m FROM ${ident(table)} ORDER BY m`,
          z.object({ m: z.coerce.number() }),
        )
      ).map((r) => r.m);

    // 90 days before NOW is 24 August: July has ended by then, August has not.
    const result = await store.retention({ events: 90, keyLinks: 14 }).run(NOW);
    expect(result.dropped).toEqual({ events: ['202604', '202607'], key_links: ['202610'] });
    expect(await months('events', 'ts')).toEqual([202608, 202611]);
    expect(await months('key_links', 'hour')).toEqual([202611]);

    // Run again: nothing left to drop. Keeping everything drops nothing.
    expect((await store.retention({ events: 90, keyLinks: 14 }).run(NOW)).dropped).toEqual({ events: [], key_links: [] });
    expect((await store.retention({ events: null, keyLinks: null }).run(NOW + 1000 * 86_400_000)).dropped).toEqual({});
    expect(await months('events', 'ts')).toEqual([202608, 202611]);
  } finally {
    await store.close();
  }
});
