// A lean replacement for kafkajs's record batch decoder, installed into Node's module cache.
//
// kafkajs is unmaintained and pinned at 2.2.4. Its decoder allocates heavily per record: a slice and a
// Decoder per record, Long objects for every varlong, the batch's first offset and timestamp parsed from
// strings into Longs and back for every record, headers built by spreading an object per header. In the
// detection consumer that was ~1.6 KB allocated per message and ~8% of its CPU, and the garbage drives
// GC. This decoder returns exactly the same objects (test/stream/kafka-record-batch.test.ts compares
// the two) but reads records straight from the batch with plain Numbers, falling back to BigInt or
// kafkajs's Long only where a value could exceed 2^53.

const DECODER_PATH = 'kafkajs/src/protocol/recordBatch/v0/decoder.js';
// The one kafkajs module that uses the record batch decoder (for every fetch version from v4 on); it
// keeps the decoder it required when it loaded, which kafkajs does at the first fetch.
const FETCH_DECODE_MESSAGES_PATH = 'kafkajs/src/protocol/requests/fetch/v4/decodeMessages.js';

/** kafkajs's protocol reader (kafkajs/src/protocol/decoder.js): a buffer and a read position. */
interface KafkaDecoder {
  buffer: Buffer;
  offset: number;
  readInt8(): number;
  readInt16(): number;
  readInt32(): number;
  readInt64(): bigint;
  readVarInt(): number;
  readVarLong(): { value: bigint };
  readVarIntBytes(): Buffer | null;
  readVarIntString(): string | null;
  readArray<T>(reader: (decoder: KafkaDecoder) => T): T[];
  readAll(): Buffer;
  slice(size: number): KafkaDecoder;
}
interface Codec {
  decompress(buffer: Buffer): Promise<Buffer>;
}

const Decoder = require('kafkajs/src/protocol/decoder') as new (buffer: Buffer) => KafkaDecoder;
const { KafkaJSPartialMessageError } = require('kafkajs/src/errors') as { KafkaJSPartialMessageError: new (message: string) => Error };
const { lookupCodecByAttributes } = require('kafkajs/src/protocol/message/compression') as {
  lookupCodecByAttributes(attributes: number): Codec | null;
};
const TimestampTypes = require('kafkajs/src/protocol/timestampTypes') as { CREATE_TIME: number; LOG_APPEND_TIME: number };

const TIMESTAMP_TYPE_FLAG = 0x8;
const TRANSACTIONAL_FLAG = 0x10;
const CONTROL_FLAG = 0x20;

export type RecordHeaders = Record<string, Buffer | null | Array<Buffer | null>>;

/** What kafkajs passes with every record, the batch's fields and its magic byte, in kafkajs's order. */
export interface BatchContext {
  firstOffset: string;
  firstTimestamp: string;
  partitionLeaderEpoch: number;
  inTransaction: boolean;
  isControlBatch: boolean;
  lastOffsetDelta: number;
  producerId: string;
  producerEpoch: number;
  firstSequence: number;
  maxTimestamp: string;
  timestampType: number;
  magicByte: number;
}

export interface DecodedRecord {
  magicByte: number;
  attributes: number;
  timestamp: string;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: RecordHeaders;
  isControlRecord: boolean;
  batchContext: BatchContext;
}

export type DecodedRecordBatch = Omit<BatchContext, 'magicByte'> & { records: DecodedRecord[] };

/** A batch's first offset or timestamp: exact as a Number when it is a safe integer (else NaN). */
interface Base {
  big: bigint;
  num: number;
}
const base = (big: bigint): Base => {
  const num = Number(big);
  return { big, num: Number.isSafeInteger(num) ? num : NaN };
};

/** `base + delta` in decimal, as kafkajs's Long arithmetic gives it: by Number when exact, else by BigInt. */
function plus(b: Base, delta: number | bigint): string {
  if (typeof delta === 'number') {
    const sum = b.num + delta;
    if (Number.isSafeInteger(sum)) return String(sum);
    delta = BigInt(delta);
  }
  return String(b.big + delta);
}

/**
 * A zigzag varlong as a Number when it has at most 7 bytes (|value| < 2^48); longer ones, which do not
 * occur for timestamp deltas in practice, are left to kafkajs's Long reader.
 */
function readVarLong(d: KafkaDecoder): number | bigint {
  const { buffer } = d;
  let pos = d.offset;
  let zigzag = 0;
  let scale = 1;
  for (let i = 0; i < 7; i++) {
    const byte = buffer[pos++];
    zigzag += (byte & 0x7f) * scale;
    if (byte < 0x80) {
      d.offset = pos;
      return zigzag % 2 === 0 ? zigzag / 2 : -(zigzag + 1) / 2;
    }
    scale *= 0x80;
  }
  return d.readVarLong().value;
}

/**
 * Headers as kafkajs builds them: a key's first value as is, repeated keys as an array of values in
 * order. Lookups go through Object.prototype as kafkajs's do (so its quirks for keys such as
 * "toString" carry over), and "__proto__" becomes an own property as it does in kafkajs's object spread.
 */
function readHeaders(d: KafkaDecoder): RecordHeaders {
  const headers: RecordHeaders = {};
  for (let count = d.readVarInt(); count > 0; count--) {
    const key = String(d.readVarIntString());
    const value = d.readVarIntBytes();
    const previous = headers[key];
    if (Array.isArray(previous)) previous.push(value);
    else setHeader(headers, key, previous === undefined ? value : [previous, value]);
  }
  return headers;
}

function setHeader(headers: RecordHeaders, key: string, value: RecordHeaders[string]): void {
  if (key === '__proto__') Object.defineProperty(headers, key, { value, writable: true, enumerable: true, configurable: true });
  else headers[key] = value;
}

interface RecordContext {
  batchContext: BatchContext;
  firstOffset: Base;
  firstTimestamp: Base;
  logAppendTime: boolean;
}

function readRecord(d: KafkaDecoder, c: RecordContext): DecodedRecord {
  const length = d.readVarInt();
  const end = d.offset + length;
  const attributes = d.readInt8();
  const timestampDelta = readVarLong(d);
  const offsetDelta = d.readVarInt();
  const key = d.readVarIntBytes();
  const value = d.readVarIntBytes();
  const headers = readHeaders(d);
  d.offset = end; // as kafkajs, which decodes each record from a slice of its length, skip what is left
  const { batchContext } = c;
  return {
    magicByte: batchContext.magicByte,
    attributes,
    timestamp: c.logAppendTime ? batchContext.maxTimestamp : plus(c.firstTimestamp, timestampDelta),
    offset: plus(c.firstOffset, offsetDelta),
    key,
    value,
    headers,
    isControlRecord: batchContext.isControlBatch,
    batchContext,
  };
}

async function readRecords(d: KafkaDecoder, codec: Codec | null, c: RecordContext): Promise<DecodedRecord[]> {
  if (!codec) return d.readArray((decoder) => readRecord(decoder, c));
  const count = d.readInt32();
  if (count <= 0) return [];
  const records = new Decoder(await codec.decompress(d.readAll()));
  return Array.from({ length: count }, () => readRecord(records, c));
}

/** Decodes the record batch at the fetch decoder's position, as kafkajs's recordBatch/v0/decoder does. */
export async function decodeRecordBatch(fetchDecoder: KafkaDecoder): Promise<DecodedRecordBatch> {
  const firstOffset = fetchDecoder.readInt64();
  const length = fetchDecoder.readInt32();
  const d = fetchDecoder.slice(length);
  fetchDecoder.offset += length;
  if (d.buffer.length < length) {
    throw new KafkaJSPartialMessageError(
      `Tried to decode a partial record batch: remainingBytes(${d.buffer.length}) < recordBatchLength(${length})`,
    );
  }

  const partitionLeaderEpoch = d.readInt32();
  const magicByte = d.readInt8();
  d.readInt32(); // CRC, which kafkajs does not check either
  const attributes = d.readInt16();
  const lastOffsetDelta = d.readInt32();
  const firstTimestamp = d.readInt64();
  const maxTimestamp = d.readInt64().toString();
  const producerId = d.readInt64().toString();
  const producerEpoch = d.readInt16();
  const firstSequence = d.readInt32();
  const logAppendTime = (attributes & TIMESTAMP_TYPE_FLAG) !== 0;

  const batch = {
    firstOffset: firstOffset.toString(),
    firstTimestamp: firstTimestamp.toString(),
    partitionLeaderEpoch,
    inTransaction: (attributes & TRANSACTIONAL_FLAG) !== 0,
    isControlBatch: (attributes & CONTROL_FLAG) !== 0,
    lastOffsetDelta,
    producerId,
    producerEpoch,
    firstSequence,
    maxTimestamp,
    timestampType: logAppendTime ? TimestampTypes.LOG_APPEND_TIME : TimestampTypes.CREATE_TIME,
  };
  const codec = lookupCodecByAttributes(attributes);
  const records = await readRecords(d, codec, {
    batchContext: { ...batch, magicByte },
    firstOffset: base(firstOffset),
    firstTimestamp: base(firstTimestamp),
    logAppendTime,
  });
  return { ...batch, records };
}

function resolveKafkajs(path: string): string {
  try {
    return require.resolve(path);
  } catch (err) {
    throw new Error(`kafka-record-batch: cannot find ${path}; the record batch decoder replacement expects kafkajs 2.2.4`, {
      cause: err,
    });
  }
}

/**
 * Makes kafkajs decode record batches with `decodeRecordBatch`. Must run before kafkajs's first fetch,
 * when it loads its fetch response modules (createKafka calls it); idempotent.
 *
 * The decoder's entry in the module cache keeps its Module and gets our exports: assigning a new
 * entry to `require.cache` would do in Node, but under jest `require.cache` is a read-only view of its
 * own registry, where the assignment is silently dropped.
 */
export function installRecordBatchDecoder(): void {
  const decoderPath = resolveKafkajs(DECODER_PATH);
  const fetchPath = resolveKafkajs(FETCH_DECODE_MESSAGES_PATH);
  if (require.cache[decoderPath]?.exports === decodeRecordBatch) return;
  if (require.cache[fetchPath]) {
    throw new Error(
      `kafka-record-batch: kafkajs's fetch decoding (${fetchPath}) is already loaded with its own record batch decoder; ` +
        'installRecordBatchDecoder must run before the first fetch',
    );
  }
  require(decoderPath);
  const entry = require.cache[decoderPath];
  if (!entry) throw new Error(`kafka-record-batch: ${decoderPath} is not in the module cache after loading it`);
  entry.exports = decodeRecordBatch;
  if (require(decoderPath) !== decodeRecordBatch) {
    throw new Error(`kafka-record-batch: replacing ${decoderPath} in the module cache did not take effect`);
  }
}
