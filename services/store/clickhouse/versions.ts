let last = 0;

/**
 * A version for a row of a replacing table, where the highest version wins: above `after` (the
 * version the change was based on) and above every version this process made before. Microseconds
 * of the wall clock otherwise, so that rows written by different instances order by time.
 */
export function nextVersion(after = 0): number {
  last = Math.max(last + 1, Date.now() * 1000, after + 1);
  return last;
}
