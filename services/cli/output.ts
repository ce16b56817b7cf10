import { once } from 'node:events';
import type { Writable } from 'node:stream';

/** Writes lines with backpressure, so piping into a slow reader never buffers everything in memory. */
export async function writeLines(out: Writable, lines: Iterable<string>): Promise<void> {
  for (const line of lines) {
    if (!out.write(line + '\n')) await once(out, 'drain');
  }
}
