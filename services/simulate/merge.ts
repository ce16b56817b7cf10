import { MinHeap } from './heap';

interface Head<T> {
  value: T;
  t: number;
  /** Admission order: breaks ties between equal times so the output is deterministic. */
  order: number;
  rest: Iterator<T>;
}

/**
 * Merges time-ordered sources into one time-ordered stream, holding one pending item per source.
 * With `staggered`, sources are opened only when the stream reaches their first item, so an
 * unbounded series of short sources (conversations) costs memory only while they are open; the
 * series must then be ordered by first item time.
 */
function* merge<T>(
  sources: Iterable<Iterable<T>>,
  timeOf: (item: T) => number,
  staggered: boolean,
): Generator<T> {
  const heap = new MinHeap<Head<T>>((a, b) => a.t < b.t || (a.t === b.t && a.order < b.order));
  const outer = sources[Symbol.iterator]();
  let order = 0;
  const open = (): Head<T> | undefined => {
    for (;;) {
      const s = outer.next();
      if (s.done) return undefined;
      const rest = s.value[Symbol.iterator]();
      const first = rest.next();
      if (!first.done) return { value: first.value, t: timeOf(first.value), order: order++, rest };
    }
  };
  let pending = open();
  let last = -Infinity;
  for (;;) {
    while (pending && (!staggered || heap.size === 0 || pending.t <= heap.peek()!.t)) {
      heap.push(pending);
      pending = open();
    }
    const top = heap.peek();
    if (!top) return;
    if (top.t < last) throw new Error(`merge: a source went back in time (${top.t} < ${last})`);
    last = top.t;
    yield top.value;
    const r = top.rest.next();
    if (r.done) {
      heap.pop();
    } else {
      top.value = r.value;
      top.t = timeOf(r.value);
      heap.replaceTop(top);
    }
  }
}

/** k-way merge of time-ordered sources. */
export function mergeByTime<T>(sources: Iterable<Iterable<T>>, timeOf: (item: T) => number): Generator<T> {
  return merge(sources, timeOf, false);
}

/** Like mergeByTime, for a lazily produced series of sources ordered by their first item's time. */
export function mergeStaggered<T>(
  sources: Iterable<Iterable<T>>,
  timeOf: (item: T) => number,
): Generator<T> {
  return merge(sources, timeOf, true);
}
