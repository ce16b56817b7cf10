/**
 * Rows in ClickHouse's RowBinary format: each row its values in column order, little-endian,
 * strings as a LEB128 byte length and their UTF-8, `Nullable` values behind a byte that is 1 for
 * NULL. For the tables written per event it replaces JSONEachRow: no row object and no JSON text
 * per event in the consumer, and less parsing for ClickHouse, which shares the machine with it.
 * Every 64-bit integer written here is a JavaScript number (safe integer).
 */
export interface EncodedRows {
  /** The columns each row holds, in order (the INSERT names them, so that added columns take their defaults). */
  readonly columns: readonly string[];
  /** The rows, in one or more buffers (several writers' rows are sent without copying them together). */
  readonly chunks: readonly Buffer[];
  readonly count: number;
}

const TWO_32 = 2 ** 32;

export class RowBinaryWriter {
  private buf: Buffer;
  private at = 0;
  private rows = 0;

  constructor(
    private readonly columns: readonly string[],
    initialBytes = 64 * 1024,
  ) {
    this.buf = Buffer.allocUnsafe(initialBytes);
  }

  /** Call after the last value of each row. */
  endRow(): void {
    this.rows++;
  }

  finish(): EncodedRows {
    return { columns: this.columns, chunks: [this.buf.subarray(0, this.at)], count: this.rows };
  }

  string(s: string): void {
    // Up to 3 bytes of UTF-8 per UTF-16 unit: a short string's length fits one byte, unmeasured.
    if (s.length <= 42) {
      this.reserve(1 + s.length * 3);
      const n = this.buf.write(s, this.at + 1, 'utf8');
      this.buf[this.at] = n;
      this.at += 1 + n;
      return;
    }
    const n = Buffer.byteLength(s, 'utf8');
    this.reserve(5 + n);
    let v = n;
    while (v >= 0x80) {
      this.buf[this.at++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.buf[this.at++] = v;
    this.at += this.buf.write(s, this.at, 'utf8');
  }

  uint8(v: number): void {
    this.reserve(1);
    this.buf[this.at++] = v;
  }

  uint16(v: number): void {
    this.reserve(2);
    this.at = this.buf.writeUInt16LE(v, this.at);
  }

  uint32(v: number): void {
    this.reserve(4);
    this.at = this.buf.writeUInt32LE(v >>> 0, this.at);
  }

  /** UInt64 or Int64 from a safe integer. */
  int64(v: number): void {
    this.reserve(8);
    if (v < 0) {
      this.at = this.buf.writeBigInt64LE(BigInt(v), this.at);
      return;
    }
    this.buf.writeUInt32LE(v >>> 0, this.at);
    this.buf.writeUInt32LE(Math.floor(v / TWO_32), this.at + 4);
    this.at += 8;
  }

  float64(v: number): void {
    this.reserve(8);
    this.at = this.buf.writeDoubleLE(v, this.at);
  }

  nullableString(s: string | null | undefined): void {
    if (s == null) return this.uint8(1);
    this.uint8(0);
    this.string(s);
  }

  nullableInt64(v: number | null | undefined): void {
    if (v == null) return this.uint8(1);
    this.uint8(0);
    this.int64(v);
  }

  nullableFloat64(v: number | null | undefined): void {
    if (v == null) return this.uint8(1);
    this.uint8(0);
    this.float64(v);
  }

  nullableBool(v: boolean | null | undefined): void {
    if (v == null) return this.uint8(1);
    this.uint8(0);
    this.uint8(v ? 1 : 0);
  }

  private reserve(n: number): void {
    if (this.at + n <= this.buf.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.at + n));
    this.buf.copy(grown, 0, 0, this.at);
    this.buf = grown;
  }
}
