import type { RequestLogEvent } from '../../schemas/event';
import { parseEvent } from '../../schemas/event';
import { Pipeline, WATERMARK_STATE_ID } from '../../services/pipeline/pipeline';
import type { KeyLinkSnapshot } from '../../services/pipeline/types';
import { simulate } from '../../services/simulate';

// What a partition's pipeline gives the scale-out linking job: per key and event hour, its link
// features as the hour closed. The job's view of an hour must not depend on how the events were
// batched, nor on where the pipeline restarted from its saved state.

const HOUR = 3600_000;
const evs: RequestLogEvent[] = [];
for (const e of simulate({ seed: 7, days: 1, scale: 0.1 }).events) {
  const r = parseEvent(e);
  if (!r.ok) throw new Error(r.reason);
  evs.push(r.event);
}

/** Runs the events in batches ending at `cuts`, saving states after each, restarting after the batch ending at `restartAfter`. */
function run(cuts: number[], restartAfter?: number) {
  const saved = new Map<string, string>();
  const pipeline = () => new Pipeline({ profiles: false, clusters: false, exportLinks: true, loadState: (id) => saved.get(id) });
  let p = pipeline();
  const rows: KeyLinkSnapshot[] = [];
  let from = 0;
  for (const cut of [...cuts, evs.length]) {
    for (const e of evs.slice(from, cut)) p.process(e);
    rows.push(...p.drain().links);
    for (const { id, state } of p.takeDirtyStates()) saved.set(id, state);
    if (cut === restartAfter) p = pipeline();
    from = cut;
  }
  return { rows, saved };
}

/** How the linking job sees hour `hour`: each key's latest snapshot up to it. */
function view(rows: readonly KeyLinkSnapshot[], hour: number): string {
  const latest = new Map<string, KeyLinkSnapshot>();
  for (const r of rows) {
    const id = r.features.api_key_id;
    const l = latest.get(id);
    if (r.hour <= hour && (!l || r.hour > l.hour || (r.hour === l.hour && r.features.requests > l.features.requests))) latest.set(id, r);
  }
  return JSON.stringify([...latest.values()].map((r) => r.features).sort((a, b) => (a.api_key_id < b.api_key_id ? -1 : 1)));
}

const first = Math.floor(evs[0].ts / HOUR) * HOUR;
const hours = Array.from({ length: 24 }, (_, i) => first + i * HOUR);
/** Index of the first event of each hour after the first. */
const crossings = hours.slice(1).map((h) => evs.findIndex((e) => e.ts >= h));

describe('Pipeline: link features for the scale-out linking job', () => {
  const oneByOne = run(evs.map((_, i) => i + 1).slice(0, -1));

  it('sees every hour the same in one batch, in batches of one event, and in batches restarted at an hour’s first event', () => {
    const whole = run([]);
    const cuts = [...new Set([...evs.map((_, i) => i).filter((i) => i > 0 && i % 997 === 0), crossings[9]])].sort((a, b) => a - b);
    const restarted = run(cuts, crossings[9]);
    for (const hour of hours) {
      const expected = view(oneByOne.rows, hour);
      expect(view(whole.rows, hour)).toBe(expected);
      expect(view(restarted.rows, hour)).toBe(expected);
    }
  });

  it('snapshots each key as its partition’s hour closed, the event that closed it included', () => {
    // The first event of hour 10 closes hour 9: a pipeline fed up to it alone holds that view.
    const upTo = crossings[9] + 1;
    const p = new Pipeline({ profiles: false, clusters: false, exportLinks: true });
    for (const e of evs.slice(0, upTo)) p.process(e);
    const rows = p.drain().links;
    expect(view(rows, hours[9])).toBe(view(oneByOne.rows, hours[9]));
    expect(JSON.parse(view(rows, hours[9]))).toHaveLength(new Set(evs.slice(0, upTo).map((e) => e.api_key_id)).size);
  });

  it('saves the watermark with the states, and outputs nothing for the job unless asked', () => {
    expect(Number(oneByOne.saved.get(WATERMARK_STATE_ID))).toBe(Math.max(...evs.map((e) => e.ts)));
    const p = new Pipeline({ profiles: false, clusters: false });
    for (const e of evs.slice(0, 5000)) p.process(e);
    expect(p.drain().links).toEqual([]);
    expect(p.takeDirtyStates().some((s) => s.id === WATERMARK_STATE_ID)).toBe(false);
  });
});
