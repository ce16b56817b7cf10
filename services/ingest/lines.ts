import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';

/**
 * Splits a byte stream into lines, yielding one array per chunk so that a consumer pays one await
 * per chunk rather than per line (readline costs about as much as JSON.parse itself). Handles
 * CRLF, a last line without a newline, and UTF-8 characters split across chunks.
 */
export async function* readLineBatches(input: Readable): AsyncGenerator<string[]> {
  const decoder = new StringDecoder('utf8');
  let rest = '';
  for await (const chunk of input) {
    const text = rest + (typeof chunk === 'string' ? chunk : decoder.write(chunk as Buffer));
    const lines = text.split('\n');
    rest = lines.pop() ?? '';
    if (lines.length) yield lines.map(stripCr);
  }
  rest += decoder.end();
  if (rest.length) yield [stripCr(rest)];
}

function stripCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}
