import { createHash } from 'node:crypto';
import { parseEvent, type RequestLogEventInput } from '../../schemas/event';
import { DEFAULT_START, simulate } from '../../services/simulate';
import { PERSONAS } from '../../services/simulate/personas';
import { DAY } from '../../services/simulate/timing';

function digest(events: Iterable<RequestLogEventInput>): { hash: string; count: number } {
  const h = createHash('sha256');
  let count = 0;
  for (const e of events) {
    h.update(JSON.stringify(e) + '\n');
    count++;
  }
  return { hash: h.digest('hex'), count };
}

function countByPersona(labels: Record<string, { persona: string }>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const l of Object.values(labels)) counts[l.persona] = (counts[l.persona] ?? 0) + 1;
  return counts;
}

describe('simulate', () => {
  const sim = simulate({ seed: 11, days: 1, scale: 0.1 });
  const events = [...sim.events];

  it('is deterministic: the same options give the same bytes, another seed other bytes', () => {
    const a = digest(simulate({ seed: 5, days: 0.5, scale: 0.1 }).events);
    const b = digest(simulate({ seed: 5, days: 0.5, scale: 0.1 }).events);
    const c = digest(simulate({ seed: 6, days: 0.5, scale: 0.1 }).events);
    expect(a.count).toBeGreaterThan(1000);
    expect(b).toEqual(a);
    expect(c.hash).not.toBe(a.hash);
  });

  it('replays the same stream each time events is iterated', () => {
    expect(digest(sim.events)).toEqual(digest(events));
  });

  it('emits events sorted by ts inside the window, with unique request ids', () => {
    const start = Date.parse(DEFAULT_START);
    const times = events.map((e) => Date.parse(e.ts as string));
    expect(events.every((e) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(e.ts as string))).toBe(true);
    expect(times.findIndex((t, i) => i > 0 && t < times[i - 1])).toBe(-1);
    expect(times[0]).toBeGreaterThanOrEqual(start);
    expect(times[times.length - 1]).toBeLessThan(start + DAY);
    expect(new Set(events.map((e) => e.request_id)).size).toBe(events.length);
  });

  it('produces only events valid against RequestLogEventSchema', () => {
    const bad = events.map((e) => parseEvent(JSON.parse(JSON.stringify(e)))).filter((r) => !r.ok);
    expect(bad).toEqual([]);
  });

  it('labels every key with its persona, attacker flag and account', () => {
    const attacker = new Map(PERSONAS.map((p) => [p.name, p.attacker]));
    for (const l of Object.values(sim.labels)) expect(l.attacker).toBe(attacker.get(l.persona));
    for (const e of events) expect(sim.labels[e.api_key_id]?.account_id).toBe(e.account_id);
    const active = new Set(events.map((e) => sim.labels[e.api_key_id].persona));
    expect([...active].sort()).toEqual(PERSONAS.map((p) => p.name).sort());
  });

  it('groups some keys into shared accounts, never mixing attackers with benign keys', () => {
    const labels = Object.values(simulate({ seed: 1, days: 1 }).labels);
    const byAccount = new Map<string, Set<boolean>>();
    for (const l of labels) byAccount.set(l.account_id, (byAccount.get(l.account_id) ?? new Set()).add(l.attacker));
    expect(byAccount.size).toBeLessThan(labels.length);
    for (const flags of byAccount.values()) expect(flags.size).toBe(1);
  });

  it('scales every persona\'s key count with scale', () => {
    const one = countByPersona(simulate({ seed: 3, days: 1, scale: 1 }).labels);
    const three = countByPersona(simulate({ seed: 3, days: 1, scale: 3 }).labels);
    for (const p of PERSONAS) {
      expect(one[p.name]).toBe(p.keysAtScale1);
      expect(three[p.name]).toBe(3 * p.keysAtScale1);
    }
    const benign = PERSONAS.filter((p) => !p.attacker).reduce((n, p) => n + p.keysAtScale1, 0);
    expect(benign).toBeGreaterThanOrEqual(300);
  });

  it('starts at --start', () => {
    const first = simulate({ seed: 2, days: 0.25, scale: 0.1, start: '2027-03-01T12:00:00.000Z' }).events[Symbol.iterator]().next();
    expect(first.done).toBe(false);
    expect(Date.parse(first.value!.ts as string)).toBeGreaterThanOrEqual(Date.parse('2027-03-01T12:00:00.000Z'));
  });

  it('streams: the first events of a very large simulation come at once', () => {
    const began = process.hrtime.bigint();
    const it = simulate({ seed: 9, days: 7, scale: 20 }).events[Symbol.iterator]();
    for (let i = 0; i < 1000; i++) expect(it.next().done).toBe(false);
    expect(Number(process.hrtime.bigint() - began) / 1e9).toBeLessThan(15);
  });

  it('rejects invalid options', () => {
    expect(() => simulate({ seed: -1, days: 1 })).toThrow(/seed/);
    expect(() => simulate({ seed: 1, days: 0 })).toThrow(/days/);
    expect(() => simulate({ seed: 1, days: 1, scale: 0 })).toThrow(/scale/);
    expect(() => simulate({ seed: 1, days: 1, start: 'yesterday' })).toThrow(/start/);
    expect(() => simulate({ seed: 1, days: 1, start: '2026-11-02T00:00:00' })).toThrow(/offset/);
  });
});
