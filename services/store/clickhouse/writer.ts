import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { Counter, Gauge, Histogram } from 'prom-client';
import type { InsertRows, Row, Rows } from './insert';
import { isEncoded, rowCount } from './insert';
import type { EncodedRows } from './rowbinary';
import type { RetryPolicy } from './retry';
import { withRetry } from './retry';
import { isTransient } from './transient';

export interface WriterOptions {
  /** A table is flushed as soon as this many of its rows are queued. */
  maxRows: number;
  /** Every table is flushed this often; 0 leaves flushing to `flush()` and `maxRows`. */
  intervalMs: number;
  retry: RetryPolicy;
  registry: Registry;
  log: Logger;
}

interface Waiting {
  rows: Rows;
  resolve: () => void;
  reject: (err: unknown) => void;
}

interface TableQueue {
  waiting: Waiting[];
  queued: number;
  inFlight: number;
  /** The table's inserts run one at a time, in order. */
  chain: Promise<void>;
}

/**
 * The one buffered writer: rows are queued per table and inserted in batches of `maxRows`, or
 * every `intervalMs`, or on `flush()`; row objects as JSONEachRow, encoded rows (rowbinary.ts) as
 * they are, several writers' rows in one insert either way. ClickHouse wants few large inserts (about
 * one per second per table); a caller still learns when its own rows are stored, because `write`
 * resolves then.
 *
 * Transient failures (see `isTransient`) are retried; rows still failing go back to the head of
 * the queue and their writers keep waiting, so an outage shows as a growing `backlog()` rather
 * than as lost rows. A permanent failure rejects the writers of the batch; retrying cannot help.
 */
export class BufferedWriter {
  private readonly queues = new Map<string, TableQueue>();
  private readonly timer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly rowsWritten: Counter<'table'>;
  private readonly rowsFailed: Counter<'table'>;
  private readonly retries: Counter<'table'>;
  private readonly flushSeconds: Histogram<'table'>;

  constructor(
    private readonly insert: InsertRows,
    private readonly options: WriterOptions,
  ) {
    const registers = [options.registry];
    this.rowsWritten = new Counter({ name: 'distillguard_clickhouse_rows_written_total', help: 'Rows inserted into ClickHouse.', labelNames: ['table'], registers });
    this.rowsFailed = new Counter({
      name: 'distillguard_clickhouse_rows_failed_total',
      help: 'Rows given up on after a permanent insert error.',
      labelNames: ['table'],
      registers,
    });
    this.retries = new Counter({ name: 'distillguard_clickhouse_insert_retries_total', help: 'Inserts retried after a transient error.', labelNames: ['table'], registers });
    this.flushSeconds = new Histogram({
      name: 'distillguard_clickhouse_flush_seconds',
      help: 'Time to insert one batch, retries included.',
      labelNames: ['table'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    const backlog = () => this.backlog();
    new Gauge({
      name: 'distillguard_clickhouse_writer_backlog_rows',
      help: 'Rows queued or being inserted.',
      registers,
      collect() {
        this.set(backlog());
      },
    });
    if (options.intervalMs > 0) this.timer = setInterval(() => void this.flush(), options.intervalMs).unref();
  }

  /** Queues rows for `table`; resolves once they are stored. */
  write(table: string, rows: Rows): Promise<void> {
    if (this.closed) return Promise.reject(new Error('the ClickHouse writer is closed'));
    const count = rowCount(rows);
    if (count === 0) return Promise.resolve();
    const queue = this.queue(table);
    const stored = new Promise<void>((resolve, reject) => queue.waiting.push({ rows, resolve, reject }));
    queue.queued += count;
    if (queue.queued >= this.options.maxRows) void this.flushTable(table, queue);
    return stored;
  }

  /** Inserts what is queued for `tables` (all by default) now; resolves when those inserts end. */
  async flush(tables: readonly string[] = [...this.queues.keys()]): Promise<void> {
    await Promise.all(tables.map((t) => this.flushTable(t, this.queue(t))));
  }

  /** Rows accepted and not yet stored. */
  backlog(): number {
    let rows = 0;
    for (const q of this.queues.values()) rows += q.queued + q.inFlight;
    return rows;
  }

  /** Stops the timer and flushes; rows that still cannot be stored reject their writers. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    this.closed = true;
    await this.flush();
  }

  private queue(table: string): TableQueue {
    let q = this.queues.get(table);
    if (!q) this.queues.set(table, (q = { waiting: [], queued: 0, inFlight: 0, chain: Promise.resolve() }));
    return q;
  }

  private flushTable(table: string, queue: TableQueue): Promise<void> {
    queue.chain = queue.chain.then(() => this.insertQueued(table, queue));
    return queue.chain;
  }

  /** Never rejects: the outcome goes to the writers of the rows. */
  private async insertQueued(table: string, queue: TableQueue): Promise<void> {
    const batch = queue.waiting.splice(0);
    if (batch.length === 0) return;
    const rows = batch.reduce((n, w) => n + rowCount(w.rows), 0);
    queue.queued -= rows;
    queue.inFlight = rows;
    const stopTimer = this.flushSeconds.startTimer({ table });
    try {
      await this.store(table, queue, batch);
    } finally {
      queue.inFlight = 0;
      stopTimer();
    }
  }

  private async store(table: string, queue: TableQueue, batch: Waiting[]): Promise<void> {
    // A table's writers send one kind of rows; should they not, each kind goes in an insert of its own.
    const kinds = new Map<string, Waiting[]>();
    for (const w of batch) {
      const kind = isEncoded(w.rows) ? w.rows.columns.join() : '';
      const same = kinds.get(kind);
      if (same) same.push(w);
      else kinds.set(kind, [w]);
    }
    if (kinds.size > 1) {
      for (const same of kinds.values()) await this.store(table, queue, same);
      return;
    }
    const rows = isEncoded(batch[0].rows) ? concatEncoded(batch.map((w) => w.rows as EncodedRows)) : batch.flatMap((w) => w.rows as Row[]);
    const count = rowCount(rows);
    const failure = await this.send(table, rows);
    if (failure === undefined) {
      this.rowsWritten.inc({ table }, count);
      for (const w of batch) w.resolve();
      return;
    }
    const { err } = failure;
    if (isTransient(err) && !this.closed) {
      queue.waiting.unshift(...batch);
      queue.queued += count;
      queue.inFlight -= count;
      this.options.log.error({ err, table, rows: count }, 'ClickHouse unreachable; rows kept for the next flush');
    } else if (batch.length > 1) {
      // One write's bad rows must not fail the others batched with it: each on its own.
      for (const w of batch) await this.store(table, queue, [w]);
    } else {
      this.rowsFailed.inc({ table }, count);
      this.options.log.error({ err, table, rows: count }, 'ClickHouse insert failed; rows dropped');
      batch[0].reject(err);
    }
  }

  /** The insert with retries; the error it ended with, if any. */
  private async send(table: string, rows: Rows): Promise<{ err: unknown } | undefined> {
    try {
      await withRetry(() => this.insert(table, rows), this.options.retry, (err, attempt) => {
        this.retries.inc({ table });
        this.options.log.warn({ err, table, rows: rowCount(rows), attempt }, 'ClickHouse insert failed; retrying');
      });
      return undefined;
    } catch (err) {
      return { err };
    }
  }
}

/** Encoded rows of several writers (of the same columns) as one insert. */
function concatEncoded(parts: EncodedRows[]): EncodedRows {
  if (parts.length === 1) return parts[0];
  return { columns: parts[0].columns, chunks: parts.flatMap((p) => p.chunks), count: parts.reduce((n, p) => n + p.count, 0) };
}
