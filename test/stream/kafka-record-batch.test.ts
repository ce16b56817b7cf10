import { isDeepStrictEqual } from 'node:util';
import { decodeRecordBatch } from '../../services/stream/kafka-record-batch';

// Our record batch decoder against kafkajs's own, over batches kafkajs's producer code encodes: every
// output (and error, and how far the fetch decoder moved) must be the same.

const DECODER_PATH = 'kafkajs/src/protocol/recordBatch/v0/decoder.js';
const FETCH_PATH = 'kafkajs/src/protocol/requests/fetch/v4/decodeMessages.js';
// Nothing in this file installs ours in this registry (the install tests use isolated ones).
const original = require(DECODER_PATH);
const Decoder = require('kafkajs/src/protocol/decoder');
const Encoder = require('kafkajs/src/protocol/encoder');
const Record = require('kafkajs/src/protocol/recordBatch/record/v0');
const Header = require('kafkajs/src/protocol/recordBatch/header/v0');
const { RecordBatch } = require('kafkajs/src/protocol/recordBatch/v0');
const { Types: Compression } = require('kafkajs/src/protocol/message/compression');
const { KafkaJSPartialMessageError } = require('kafkajs/src/errors');

type Bytes = Buffer | string | null;
interface RecordSpec {
  offsetDelta: number;
  timestampDelta: string; // kafkajs's encoder takes any Long value; a string reaches all of int64
  key: Bytes;
  value: Bytes;
  headers?: Record<string, Bytes | Bytes[]>; // encoded by kafkajs's Record
  /** Encoded field by field instead, for what kafkajs's Record cannot write (null keys or values,
   * attributes, bytes after the headers that a later record format might add). */
  raw?: { headers: Array<[string | null, Bytes]>; attributes: number; trailing: Buffer };
}
interface BatchSpec {
  firstOffset: string;
  firstTimestamp: string;
  maxTimestamp: string;
  partitionLeaderEpoch: number;
  producerId: string;
  producerEpoch: number;
  firstSequence: number;
  lastOffsetDelta: number;
  gzip: boolean;
  transactional: boolean;
  control: boolean; // not encodable by kafkajs: set in the attributes afterwards (CRC is not checked)
  logAppendTime: boolean; // likewise
  records: RecordSpec[];
}

function encodeRecord(r: RecordSpec) {
  if (!r.raw) return Record({ offsetDelta: r.offsetDelta, timestampDelta: r.timestampDelta, key: r.key, value: r.value, headers: r.headers });
  const body = new Encoder()
    .writeInt8(r.raw.attributes)
    .writeVarLong(r.timestampDelta)
    .writeVarInt(r.offsetDelta)
    .writeVarIntBytes(r.key)
    .writeVarIntBytes(r.value)
    .writeVarIntArray(r.raw.headers.map(([key, value]) => Header({ key, value })))
    .writeBuffer(r.raw.trailing);
  return new Encoder().writeVarInt(body.size()).writeEncoder(body);
}

const ATTRIBUTES_AT = 8 + 4 + 4 + 1 + 4; // firstOffset, length, partitionLeaderEpoch, magic, crc

async function encodeBatch(b: BatchSpec): Promise<Buffer> {
  const encoded = await RecordBatch({
    compression: b.gzip ? Compression.GZIP : Compression.None,
    firstOffset: b.firstOffset,
    firstTimestamp: b.firstTimestamp,
    maxTimestamp: b.maxTimestamp,
    partitionLeaderEpoch: b.partitionLeaderEpoch,
    lastOffsetDelta: b.lastOffsetDelta,
    transactional: b.transactional,
    producerId: b.producerId,
    producerEpoch: b.producerEpoch,
    firstSequence: b.firstSequence,
    records: b.records.map(encodeRecord),
  });
  const buf = Buffer.from(encoded.buffer as Buffer);
  const flags = (b.control ? 0x20 : 0) | (b.logAppendTime ? 0x8 : 0);
  buf.writeInt16BE(buf.readInt16BE(ATTRIBUTES_AT) | flags, ATTRIBUTES_AT);
  return buf;
}

/** Decodes batch after batch from one fetch buffer, as kafkajs's decodeMessages does. */
async function decodeAll(decode: (d: unknown) => Promise<unknown>, buf: Buffer) {
  const d = new Decoder(buf);
  const steps: unknown[] = [];
  while (d.offset < buf.length) {
    try {
      steps.push({ batch: await decode(d), offset: d.offset });
    } catch (e) {
      const err = e as Error;
      steps.push({ error: err.name, message: err.message, partial: err instanceof KafkaJSPartialMessageError, offset: d.offset });
      break;
    }
  }
  return steps;
}

/** Everything jest's equality leaves out: property order, prototypes, own "__proto__", Buffer vs string. */
function canon(v: unknown): unknown {
  if (v === null || v === undefined) return v;
  if (Buffer.isBuffer(v)) return { buffer: v.toString('hex') };
  if (Array.isArray(v)) return v.map(canon);
  if (typeof v === 'function') return { function: v.name };
  if (typeof v === 'object') {
    const proto = Object.getPrototypeOf(v);
    const o = v as Record<string, unknown>;
    return { proto: proto?.constructor?.name ?? null, own: Object.getOwnPropertyNames(o).map((k) => [k, canon(o[k])]) };
  }
  return `${typeof v}:${String(v)}`;
}

async function expectSameDecoding(buf: Buffer) {
  expect(original).not.toBe(decodeRecordBatch);
  const theirs = await decodeAll(original, buf);
  const ours = await decodeAll(decodeRecordBatch as (d: unknown) => Promise<unknown>, buf);
  expect(canon(ours)).toEqual(canon(theirs));
  expect(isDeepStrictEqual(ours, theirs)).toBe(true);
  // kafkajs shares one batchContext among a batch's records; keep it so.
  for (const step of ours as Array<{ batch?: { records: Array<{ batchContext: unknown }> } }>) {
    for (const r of step.batch?.records ?? []) expect(r.batchContext).toBe(step.batch!.records[0].batchContext);
  }
  return theirs;
}

const defaults: BatchSpec = {
  firstOffset: '0',
  firstTimestamp: '1700000000000',
  maxTimestamp: '1700000000100',
  partitionLeaderEpoch: 0,
  producerId: '-1',
  producerEpoch: 0,
  firstSequence: 0,
  lastOffsetDelta: 0,
  gzip: false,
  transactional: false,
  control: false,
  logAppendTime: false,
  records: [],
};
const rec = (r: Partial<RecordSpec> = {}): RecordSpec => ({ offsetDelta: 0, timestampDelta: '0', key: 'k', value: 'v', ...r });
const batch = (b: Partial<BatchSpec>): BatchSpec => ({
  ...defaults,
  lastOffsetDelta: Math.max(0, (b.records?.length ?? 0) - 1),
  ...b,
});

// Seeded, so a failure reproduces.
function mulberry32(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const P53 = 2n ** 53n;
const P63 = 2n ** 63n;
const str = (xs: Array<number | bigint>) => xs.map(String);
const int64s = str([0, 1, -1, 42, 2 ** 31 - 2, 2 ** 31 + 5, 2 ** 32, P53 - 3n, P53 - 1n, P53, P53 + 7n, P63 - 10n, -P53 - 2n, -P63]);
const timestamps = [...int64s, '1700000000000', String(Date.now())];
// Up to 7 bytes as varlongs (|delta| <= 2^48) and beyond, where the sum is no longer exact as a Number.
const deltas = str([0, 1, -1, 63, -64, 64, 1000, -1000, 2 ** 31, -(2 ** 31) - 1, 2 ** 47 - 1, -(2 ** 47), 2 ** 48, 2 ** 50]).concat(
  str([-(2 ** 52), P53 + 1n, -P53 - 3n, 2n ** 55n + 3n, 2n ** 60n, -P63]),
);
const offsetDeltas = [0, 1, 2, 127, 128, 2 ** 31 - 1, -(2 ** 31), -1];
const headerKeys = ['a', 'b', 'trace-id', '0', '7', 'ü', 'toString', 'constructor', '__proto__', 'hasOwnProperty', ''];

function randomCase(random: () => number): BatchSpec {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  const int = (n: number) => Math.floor(random() * n);
  const bytes = (): Bytes => {
    const r = random();
    if (r < 0.15) return null;
    if (r < 0.25) return '';
    if (r < 0.55) return JSON.stringify({ id: int(1e9), s: 'é'.repeat(int(5)), n: random() });
    return Buffer.from(Array.from({ length: int(300) }, () => int(256)));
  };
  const headerValue = (): Bytes => (random() < 0.5 ? `v${int(100)}` : Buffer.from([int(256), int(256)]));
  const records = Array.from({ length: int(12) }, (_, i): RecordSpec => {
    const r = rec({
      offsetDelta: random() < 0.7 ? i : pick(offsetDeltas),
      timestampDelta: random() < 0.5 ? String(int(5000) - 100) : pick(deltas),
      key: bytes(),
      value: bytes(),
    });
    const h = random();
    if (h < 0.3) {
      // kafkajs's Record takes non-null keys and values, and header values of a key in an array.
      const headers: Record<string, Bytes | Bytes[]> = {};
      for (let n = int(4); n >= 0; n--) {
        const key = pick(headerKeys.filter((k) => k !== '__proto__'));
        headers[key] = random() < 0.3 ? [headerValue(), headerValue(), headerValue()].slice(int(3)) : headerValue();
      }
      return { ...r, key: r.key ?? '', value: r.value ?? '', headers };
    }
    if (h < 0.6) {
      const headers = Array.from({ length: int(6) }, (): [string | null, Bytes] => [
        random() < 0.1 ? null : pick(headerKeys),
        random() < 0.15 ? null : headerValue(),
      ]);
      return { ...r, raw: { headers, attributes: int(256) - 128, trailing: Buffer.alloc(random() < 0.2 ? int(4) : 0, 9) } };
    }
    return r;
  });
  return batch({
    firstOffset: pick(int64s),
    firstTimestamp: pick(timestamps),
    maxTimestamp: pick(timestamps),
    partitionLeaderEpoch: int(2 ** 32) - 2 ** 31,
    producerId: pick(int64s),
    producerEpoch: int(2 ** 16) - 2 ** 15,
    firstSequence: int(2 ** 32) - 2 ** 31,
    lastOffsetDelta: random() < 0.8 ? Math.max(0, records.length - 1) : int(2 ** 31),
    gzip: random() < 0.25,
    transactional: random() < 0.3,
    control: random() < 0.2,
    logAppendTime: random() < 0.2,
    records,
  });
}

/** Records with consecutive offset deltas. */
const recs = (...rs: Array<Partial<RecordSpec>>) => rs.map((r, i) => rec({ offsetDelta: i, ...r }));
const raw = (headers: Array<[string | null, Bytes]>, attributes = 0, trailing = Buffer.alloc(0)) => ({ headers, attributes, trailing });

describe('decodeRecordBatch', () => {
  const explicit: Array<[string, BatchSpec]> = [
    ['an empty batch', batch({ records: [] })],
    ['an empty gzip batch', batch({ records: [], gzip: true })],
    [
      'null, empty and binary keys and values',
      batch({ records: recs({ key: null, value: null }, { key: '', value: '' }, { key: Buffer.from([0, 255]), value: Buffer.alloc(700, 'x') }) }),
    ],
    [
      'headers with duplicate keys',
      batch({ records: recs({ headers: { a: ['1', '2', '3'], b: Buffer.from('x'), c: [Buffer.from('y')], '10': 'n', '2': 'm' } }) }),
    ],
    [
      'headers with a null key or value, keys found on Object.prototype, and "__proto__"',
      batch({
        records: recs({
          raw: raw(
            [
              [null, 'n'],
              ['a', null],
              ['a', 'x'],
              ['toString', 'ts'],
              ['__proto__', 'p1'],
              ['__proto__', 'p2'],
              ['__proto__', 'p3'],
              ['constructor', null],
              ['b', 'once'],
              ['a', 'y'],
            ],
            -1,
          ),
        }),
      }),
    ],
    ['bytes after the headers', batch({ records: recs({ raw: raw([['h', 'v']], 0, Buffer.from([1, 2, 3])) }, {}) })],
    [
      'offsets and timestamps about 2^31',
      batch({
        firstOffset: String(2 ** 31 - 1),
        firstTimestamp: String(2 ** 31 - 1),
        records: [rec(), rec({ offsetDelta: 1, timestampDelta: '1' }), rec({ offsetDelta: 2 ** 31 - 1, timestampDelta: String(2 ** 31) })],
      }),
    ],
    [
      'offsets and timestamps about 2^53',
      batch({
        firstOffset: String(P53 - 2n),
        firstTimestamp: String(P53 - 2n),
        records: [...recs(...['0', '1', '2', '-3'].map((timestampDelta) => ({ timestampDelta }))), rec({ offsetDelta: 1000, timestampDelta: '1000' })],
      }),
    ],
    [
      'offsets and timestamps beyond 2^53 and int64',
      batch({ firstOffset: String(P63 - 2n), firstTimestamp: String(P63 - 2n), records: [rec(), rec({ offsetDelta: 5, timestampDelta: '5' })] }),
    ],
    [
      'negative and unsafe timestamp deltas',
      batch({
        firstTimestamp: '1700000000000',
        records: recs(
          ...str([-1, -1700000000001, 2 ** 48 - 1, -(2 ** 48), 2 ** 48, P53 + 1n, 2n ** 55n + 3n, 2n ** 62n, -P63]).map((timestampDelta) => ({ timestampDelta })),
        ),
      }),
    ],
    ['a negative first timestamp', batch({ firstTimestamp: '-1', records: recs({ timestampDelta: '-1' }, { timestampDelta: '1' }) })],
    [
      'LOG_APPEND_TIME',
      batch({ logAppendTime: true, maxTimestamp: '1700000009999', records: recs({ timestampDelta: '5' }, { timestampDelta: String(2n ** 60n) }) }),
    ],
    ['LOG_APPEND_TIME with a zero max timestamp', batch({ logAppendTime: true, maxTimestamp: '0', records: recs({ timestampDelta: '5' }) })],
    ['a transactional batch', batch({ transactional: true, producerId: '4242', producerEpoch: 3, firstSequence: 17, records: recs({}, {}) })],
    [
      'a control batch',
      batch({ control: true, transactional: true, records: recs({ key: Buffer.from([0, 0, 0, 1]), value: Buffer.from([0, 0, 0, 0, 0, 0]) }) }),
    ],
    [
      'a gzip batch',
      batch({
        gzip: true,
        firstOffset: '123456',
        records: Array.from({ length: 50 }, (_, i) =>
          rec({ offsetDelta: i, timestampDelta: String(i * 3), key: `k${i}`, value: JSON.stringify({ i }), headers: i % 2 ? { a: [`${i}`, 'z'] } : {} }),
        ),
      }),
    ],
  ];

  it.each(explicit)('decodes %s as kafkajs does', async (_name, spec) => {
    await expectSameDecoding(await encodeBatch(spec));
  });

  it('decodes random batches as kafkajs does, several to a fetch', async () => {
    const random = mulberry32(20240611);
    for (let i = 0; i < 400; i++) {
      const specs = Array.from({ length: 1 + Math.floor(random() * 3) }, () => randomCase(random));
      const buffers = await Promise.all(specs.map(encodeBatch));
      const steps = await expectSameDecoding(Buffer.concat(buffers));
      expect(steps.map((s) => Object.keys(s as object))).toEqual(specs.map(() => ['batch', 'offset']));
    }
  });

  it('throws KafkaJSPartialMessageError for a partial batch, as kafkajs does', async () => {
    const whole = await encodeBatch(batch({ records: [rec(), rec({ offsetDelta: 1, value: 'x'.repeat(100) })] }));
    const next = await encodeBatch(batch({ firstOffset: '2', records: [rec()] }));
    for (const cut of [1, 10, whole.length - 13]) {
      const steps = await expectSameDecoding(Buffer.concat([next, whole.subarray(0, whole.length - cut)]));
      expect(steps).toHaveLength(2);
      expect(steps[1]).toMatchObject({ error: 'KafkaJSPartialMessageError', partial: true });
    }
    // Too short for a batch's length: both fail reading it, the same way.
    await expectSameDecoding(whole.subarray(0, 10));
  });
});

// Each in a module registry of its own, so that kafkajs's modules load afresh.
describe('installRecordBatchDecoder', () => {
  it('puts ours in place of kafkajs\'s decoder, where its fetch decoding then takes it, once', async () => {
    const spec = batch({ records: [rec(), rec({ offsetDelta: 1, timestampDelta: '7' })] });
    const batchBuffer = await encodeBatch(spec);
    const fetched = new Encoder().writeBytes(batchBuffer).buffer as Buffer; // a fetch response's record set
    const varLongReads = async (install: boolean) => {
      let calls = -1;
      await jest.isolateModulesAsync(async () => {
        const m = require('../../services/stream/kafka-record-batch');
        if (install) {
          m.installRecordBatchDecoder();
          m.installRecordBatchDecoder();
          expect(require(DECODER_PATH)).toBe(m.decodeRecordBatch);
        }
        const IsolatedDecoder = require('kafkajs/src/protocol/decoder');
        const decodeMessages = require(FETCH_PATH);
        // kafkajs's decoder reads each record's timestamp delta with this; ours does not.
        const spy = jest.spyOn(IsolatedDecoder.prototype, 'readVarLong');
        const records = await decodeMessages(new IsolatedDecoder(fetched));
        expect(records.map((r: { offset: string }) => r.offset)).toEqual(['0', '1']);
        calls = spy.mock.calls.length;
      });
      return calls;
    };
    expect(await varLongReads(false)).toBe(2);
    expect(await varLongReads(true)).toBe(0);
  });

  it('refuses once kafkajs\'s fetch decoding has loaded with its own decoder', () => {
    jest.isolateModules(() => {
      require(FETCH_PATH);
      const m = require('../../services/stream/kafka-record-batch');
      expect(() => m.installRecordBatchDecoder()).toThrow(/already loaded .* before the first fetch/);
    });
  });
});
