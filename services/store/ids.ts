import { randomBytes } from 'node:crypto';

let sequence = 0;

/**
 * A unique id that sorts by creation: milliseconds, then a process-wide counter (so that two
 * records of the same millisecond keep their order), then randomness (so that two processes never
 * collide).
 */
export function sortableId(now: number): string {
  sequence = (sequence + 1) % 0x100000000;
  return `${now.toString(16).padStart(12, '0')}${sequence.toString(16).padStart(8, '0')}${randomBytes(4).toString('hex')}`;
}
