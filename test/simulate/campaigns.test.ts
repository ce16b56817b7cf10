import type { RequestLogEventInput } from '../../schemas/event';
import { simulate } from '../../services/simulate';

const sim = simulate({ seed: 4, days: 2, scale: 0.5 });
const byPersona = new Map<string, RequestLogEventInput[]>();
for (const e of sim.events) {
  const p = sim.labels[e.api_key_id].persona;
  byPersona.set(p, [...(byPersona.get(p) ?? []), e]);
}
const of = (persona: string) => byPersona.get(persona) ?? [];
const keysOf = (events: RequestLogEventInput[]) => new Set(events.map((e) => e.api_key_id));
const HYDRAS = ['hydra_datacenter', 'hydra_proxy', 'hydra_content_only', 'hydra_benchmark'];

/** The keys that use each value of `field`. */
function users(events: RequestLogEventInput[], field: 'ip' | 'user_agent' | 'system_prompt'): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const e of events) {
    const v = e[field];
    if (v !== undefined) out.set(v, (out.get(v) ?? new Set()).add(e.api_key_id));
  }
  return out;
}

describe('hydra campaigns', () => {
  it.each(HYDRAS)('%s: keys in accounts of their own, at ordinary volume, sweeping one dataset without repeats', (persona) => {
    const events = of(persona);
    const keys = keysOf(events);
    expect(keys.size).toBeGreaterThanOrEqual(10);
    for (const k of keys) expect(sim.labels[k].cluster).toBe(true);
    expect(new Set([...keys].map((k) => sim.labels[k].account_id)).size).toBe(keys.size);
    for (const k of keys) expect(events.filter((e) => e.api_key_id === k && e.status === 200).length).toBeLessThan(2 * 100);
    // Each key asks items of its own slice; a generated item's text can coincide with another's.
    const askedBy = new Map<string, string>();
    let again = 0;
    for (const e of events) {
      const other = askedBy.get(e.prompt!);
      if (other !== undefined && other !== e.api_key_id) again++;
      askedBy.set(e.prompt!, e.api_key_id);
    }
    expect(again / events.length).toBeLessThan(0.025);
  });

  it('the content-only hydra shares no address and no user agent between two of its keys', () => {
    for (const field of ['ip', 'user_agent'] as const) {
      for (const keys of users(of('hydra_content_only'), field).values()) expect(keys.size).toBe(1);
    }
  });

  it('the datacenter hydra shares a small pool of addresses and one client', () => {
    const events = of('hydra_datacenter');
    expect(users(events, 'ip').size).toBeLessThanOrEqual(10);
    expect(users(events, 'user_agent').size).toBe(1);
  });
});

describe('hard negatives', () => {
  it('nat_office: unrelated people behind one address', () => {
    const ips = users(of('nat_office'), 'ip');
    expect(ips.size).toBe(1);
    expect([...ips.values()][0].size).toBeGreaterThan(20);
  });

  it('sdk_customers: one user agent for every key', () => {
    expect(users(of('sdk_customers'), 'user_agent').size).toBe(1);
  });

  it('app_end_users: one system prompt and user agent, an address each', () => {
    const events = of('app_end_users');
    expect(users(events, 'system_prompt').size).toBe(1);
    expect(users(events, 'user_agent').size).toBe(1);
    expect(users(events, 'ip').size).toBe(keysOf(events).size);
  });

  it('company_teams: each company one address and client, every team its own task', () => {
    const events = of('company_teams');
    const ips = users(events, 'ip');
    expect(ips.size).toBeLessThanOrEqual(2);
    for (const keys of ips.values()) expect(keys.size).toBeGreaterThan(1);
    const tasks = new Map<string, Set<string>>();
    for (const e of events) tasks.set(e.api_key_id, (tasks.get(e.api_key_id) ?? new Set()).add(e.system_prompt!));
    for (const t of tasks.values()) expect(t.size).toBe(1);
  });
});
