import type { Alert } from '../../schemas/alert';
import type { RequestLogEvent } from '../../schemas/event';
import { parseEvent } from '../../schemas/event';
import { Pipeline } from '../../services/pipeline/pipeline';
import { compareAlerts } from '../../services/pipeline/replay';
import { simulate } from '../../services/simulate';

// Two days at a third of the personas' keys: the datacenter hydra has 40 keys.
const sim = simulate({ seed: 5, days: 2, scale: 1 / 3 });
const evs: RequestLogEvent[] = [];
for (const e of sim.events) {
  const r = parseEvent(e);
  if (!r.ok) throw new Error(r.reason);
  evs.push(r.event);
}

function run(p: Pipeline, events: RequestLogEvent[], into = new Map<string, Alert>()): Map<string, Alert> {
  for (const e of events) p.process(e);
  for (const a of p.drain().alerts) into.set(a.alert_id, a);
  return into;
}

const alerts = [...run(new Pipeline({ profiles: false }), evs).values()].sort(compareAlerts);
const clusters = alerts.filter((a) => a.kind === 'cluster');

describe('Pipeline: cross-key linking', () => {
  it('raises a cluster alert for the hydra with its keys, and no benign key in any', () => {
    const hydra = Object.keys(sim.labels).filter((k) => sim.labels[k].persona === 'hydra_datacenter');
    const best = Math.max(...clusters.map((a) => a.related_api_key_ids.filter((k) => hydra.includes(k)).length));
    expect(best / hydra.length).toBeGreaterThanOrEqual(0.9);
    for (const a of clusters) for (const k of a.related_api_key_ids) expect(sim.labels[k].attacker).toBe(true);
  });

  it("points members' own key alerts to their cluster alert", () => {
    const ids = new Set(clusters.map((a) => a.alert_id));
    const members = new Set(clusters.flatMap((a) => a.related_api_key_ids));
    const pointing = alerts.filter((a) => a.kind === 'key' && a.cluster_alert_id !== undefined);
    for (const a of pointing) {
      expect(ids.has(a.cluster_alert_id!)).toBe(true);
      expect(members.has(a.api_key_id)).toBe(true);
    }
    const memberAlerts = alerts.filter((a) => a.kind === 'key' && members.has(a.api_key_id) && a.ended_at === null);
    expect(pointing.length).toBeGreaterThan(0);
    expect(pointing.length).toBe(memberAlerts.length);
  });

  it('gives the same alerts, byte for byte, when replayed or restarted mid-stream from persisted state', () => {
    expect(JSON.stringify([...run(new Pipeline({ profiles: false }), evs).values()].sort(compareAlerts))).toBe(JSON.stringify(alerts));
    const store = new Map<string, string>();
    const into = new Map<string, Alert>();
    const first = new Pipeline({ profiles: false, loadState: (id) => store.get(id) });
    run(first, evs.slice(0, Math.floor(evs.length * 0.6)), into);
    for (const { id, state } of first.takeDirtyStates()) store.set(id, state);
    run(new Pipeline({ profiles: false, loadState: (id) => store.get(id) }), evs.slice(Math.floor(evs.length * 0.6)), into);
    expect(JSON.stringify([...into.values()].sort(compareAlerts))).toBe(JSON.stringify(alerts));
  });

  it('links nothing when cross-key linking is left to a separate job', () => {
    expect([...run(new Pipeline({ profiles: false, clusters: false }), evs).values()].some((a) => a.kind === 'cluster')).toBe(false);
  });
});
