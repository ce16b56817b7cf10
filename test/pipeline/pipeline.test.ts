import type { Alert } from '../../schemas/alert';
import type { RequestLogEvent } from '../../schemas/event';
import { parseEvent } from '../../schemas/event';
import { Pipeline } from '../../services/pipeline/pipeline';
import { compareAlerts } from '../../services/pipeline/replay';
import { simulate } from '../../services/simulate';

function events(seed: number, days: number): RequestLogEvent[] {
  const out: RequestLogEvent[] = [];
  for (const e of simulate({ seed, days, scale: 0.1 }).events) {
    const r = parseEvent(e);
    if (!r.ok) throw new Error(r.reason);
    out.push(r.event);
  }
  return out;
}

function collect(p: Pipeline, into: Map<string, Alert>): void {
  for (const a of p.drain().alerts) into.set(a.alert_id, a);
}

function runAll(evs: RequestLogEvent[]): Alert[] {
  const p = new Pipeline();
  const alerts = new Map<string, Alert>();
  for (const e of evs) p.process(e);
  collect(p, alerts);
  return [...alerts.values()].sort(compareAlerts);
}

describe('Pipeline', () => {
  const evs = events(11, 1);

  it('raises alerts and is deterministic', () => {
    const a = runAll(evs);
    expect(a.length).toBeGreaterThan(0);
    expect(JSON.stringify(runAll(evs))).toBe(JSON.stringify(a));
  });

  it('does not count a redelivered request twice', () => {
    const p = new Pipeline();
    const once = evs.slice(0, 2000);
    for (const e of once) expect(p.process(e)).toBe(true);
    for (const e of once.slice(-50)) expect(p.process(e)).toBe(false);
  });

  it('gives the same alerts when restarted mid-stream from its persisted state', () => {
    const store = new Map<string, string>();
    const alerts = new Map<string, Alert>();
    const cut = Math.floor(evs.length / 2);
    const first = new Pipeline({ loadState: (id) => store.get(id) });
    for (const e of evs.slice(0, cut)) first.process(e);
    collect(first, alerts);
    for (const { id, state } of first.takeDirtyStates()) store.set(id, state);

    const second = new Pipeline({ loadState: (id) => store.get(id) });
    for (const e of evs.slice(cut)) second.process(e);
    collect(second, alerts);
    expect([...alerts.values()].sort(compareAlerts)).toEqual(runAll(evs));
  });

  it('holds allow-listed keys at low', () => {
    const p = new Pipeline({ isAllowlisted: () => true });
    const alerts = new Map<string, Alert>();
    for (const e of evs) p.process(e);
    collect(p, alerts);
    expect(alerts.size).toBeGreaterThan(0);
    expect([...alerts.values()].every((a) => a.severity === 'low')).toBe(true);
  });

  it('keeps prompt text of example requests only when asked to', () => {
    for (const storePrompts of [true, false]) {
      const p = new Pipeline({ storePrompts });
      const samples = [];
      for (const e of evs) {
        p.process(e);
      }
      samples.push(...p.drain().samples);
      expect(samples.length).toBeGreaterThan(0);
      expect(samples.some((s) => s.prompt !== null)).toBe(storePrompts);
    }
  });
});
