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
/** Strings up to this many UTF-16 units are checked for ASCII and copied in JavaScript. */
const SHORT = 64;

/** Bytes of `n` as a LEB128 length. */
function lebBytes(n: number): number {
  return n < 0x80 ? 1 : n < 0x4000 ? 2 : n < 0x200000 ? 3 : n < 0x10000000 ? 4 : 5;
}

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
    // UTF-8 takes one to three bytes per UTF-16 unit: the text goes after a length sized for one
    // byte each, and moves in the rare case its length needs a byte more. Short ASCII text, most
    // of a row, is copied here: cheaper than a call into the native encoder.
    const least = lebBytes(s.length);
    this.reserve(lebBytes(s.length * 3) + s.length * 3);
    const start = this.at + least;
    let n = s.length <= SHORT ? this.ascii(s, start) : -1;
    if (n < 0) n = this.buf.write(s, start, 'utf8');
    const width = lebBytes(n);
    if (width > least) this.buf.copyWithin(this.at + width, start, start + n);
    let v = n;
    while (v >= 0x80) {
      this.buf[this.at++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.buf[this.at++] = v;
    this.at += n;
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
    this.le32(v >>> 0);
  }

  /** UInt64 or Int64 from a safe integer. */
  int64(v: number): void {
    this.reserve(8);
    if (v < 0) {
      this.at = this.buf.writeBigInt64LE(BigInt(v), this.at);
      return;
    }
    this.le32(v >>> 0);
    this.le32(Math.floor(v / TWO_32));
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

  /** Four bytes of an unsigned 32-bit value, reserved already: Buffer's writeUInt32LE checks more, and costs more. */
  private le32(v: number): void {
    const buf = this.buf;
    buf[this.at] = v;
    buf[this.at + 1] = v >>> 8;
    buf[this.at + 2] = v >>> 16;
    buf[this.at + 3] = v >>> 24;
    this.at += 4;
  }

  /** Copies `s` to `at` if it is all ASCII and returns its length; -1 (and nothing to rely on written) if not. */
  private ascii(s: string, at: number): number {
    const buf = this.buf;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) return -1;
      buf[at + i] = c;
    }
    return s.length;
  }

  private reserve(n: number): void {
    if (this.at + n <= this.buf.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.at + n));
    this.buf.copy(grown, 0, 0, this.at);
    this.buf = grown;
  }
}
