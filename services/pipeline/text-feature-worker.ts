import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { RequestLogEvent } from '../../schemas/event';

export interface TextRequest {
  id: number;
  /** Prompt and system prompt of each event in turn; null where absent. */
  texts: (string | null)[];
}

export interface TextResponse {
  id: number;
  packed: Float64Array;
}

export interface TextWorkerOptions {
  /**
   * Node options of the thread. Compiled code needs none; the TypeScript sources need a loader
   * (`['-r', 'test/support/swc-register.js']`), and without one the work stays on the caller's thread.
   */
  execArgv?: string[];
}

/**
 * Extracts text features (the prompt scan, the largest per-event cost after JSON.parse) on a
 * worker thread, so that a caller parsing batch N+1 and detecting batch N keeps both cores busy.
 * Results come back in request order, packed (text-features-transfer.ts); they are the same
 * figures as on the caller's thread, since extraction is pure.
 */
export class TextFeatureWorker {
  private readonly worker: Worker;
  private nextId = 0;
  private readonly pending = new Map<number, { resolve: (p: Float64Array) => void; reject: (e: Error) => void }>();
  private failure: Error | undefined;

  /** Undefined when running from sources without a loader for the thread. */
  static start(options: TextWorkerOptions = {}): TextFeatureWorker | undefined {
    const compiled = extname(__filename) === '.js';
    return compiled || options.execArgv ? new TextFeatureWorker(options) : undefined;
  }

  private constructor(options: TextWorkerOptions) {
    const script = join(__dirname, `text-worker${extname(__filename)}`);
    this.worker = new Worker(`require(${JSON.stringify(script)})`, { eval: true, execArgv: options.execArgv });
    this.worker.on('message', ({ id, packed }: TextResponse) => {
      const p = this.pending.get(id);
      this.pending.delete(id);
      p?.resolve(packed);
    });
    this.worker.on('error', (err) => this.fail(err));
    this.worker.on('exit', (code) => this.fail(new Error(`text feature worker exited with code ${code}`)));
  }

  /** Features of each event's texts, packed in the events' order. */
  extract(events: readonly RequestLogEvent[]): Promise<Float64Array> {
    if (this.failure) return Promise.reject(this.failure);
    const texts: (string | null)[] = new Array(events.length * 2);
    for (let i = 0; i < events.length; i++) {
      texts[2 * i] = events[i].prompt ?? null;
      texts[2 * i + 1] = events[i].system_prompt ?? null;
    }
    const id = this.nextId++;
    const request: TextRequest = { id, texts };
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage(request);
    });
  }

  async close(): Promise<void> {
    this.failure ??= new Error('text feature worker closed');
    await this.worker.terminate();
  }

  private fail(err: Error): void {
    this.failure ??= err;
    for (const p of this.pending.values()) p.reject(this.failure);
    this.pending.clear();
  }
}
