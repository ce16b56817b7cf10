import type { KeyLinkFeatures } from '../../schemas/links';
import { AlertSchema } from '../../schemas/alert';
import type { ClusterState } from '../../detectors/clusters/stage';
import { clusterMembership, DEFAULT_CLUSTER_OPTIONS, newClusterState, runClusterStep } from '../../detectors/clusters/stage';
import { HOUR, hydra, hydraKey, key, lastHours, NOW, values } from './features';

/** Ordinary keys around the keys under test, so that buckets and shares are realistic. */
const crowd = Array.from({ length: 200 }, (_, i) => key(`crowd${i}`));

function step(batch: KeyLinkFeatures[], state: ClusterState = newClusterState(), at = NOW) {
  return runClusterStep(state, [...crowd, ...batch], at);
}

const members = (r: ReturnType<typeof step>) => r.alerts.flatMap((a) => a.related_api_key_ids);

describe('cross-key stage: clusters and their alerts', () => {
  it('raises one cluster alert listing every key of a hydra, with the evidence of each link', () => {
    const keys = hydra('h', 30);
    const r = step(keys);
    expect(r.alerts).toHaveLength(1);
    const a = r.alerts[0];
    expect(AlertSchema.parse(a)).toEqual(a);
    expect(a.kind).toBe('cluster');
    expect(a.related_api_key_ids).toEqual(keys.map((k) => k.api_key_id).sort());
    expect(a.links!.map((l) => l.api_key_id)).toEqual(a.related_api_key_ids);
    for (const l of a.links!) expect(l.evidence.wording).toBe(1);
    expect(a.signals[0].detector).toBe('cluster');
    expect(a.requests_at_detection).toBe(30 * 30);
    expect(['high', 'critical']).toContain(a.severity);
  });

  it('links a hydra that shares no infrastructure at all, by content alone', () => {
    const r = step(hydra('stealth', 20, (i) => ({ user_agents: values(`own ua ${i}`, 1), active_hours: lastHours(6, i % 12) })));
    expect(members(r)).toHaveLength(20);
  });

  it('keeps the alert id as members join, and names it after the earliest member', () => {
    const first = hydra('h', 10, (i) => ({ first_ts: NOW - (20 - i) * HOUR }));
    const r1 = step(first);
    const id = r1.alerts[0].alert_id;
    expect(r1.alerts[0].api_key_id).toBe('h_0');
    const r2 = step([...first, ...hydra('h', 30).slice(10)], r1.state, NOW + HOUR);
    expect(r2.alerts.map((a) => a.alert_id)).toEqual([id]);
    expect(r2.alerts[0].related_api_key_ids).toHaveLength(30);
    expect(clusterMembership(r2.state).get('h_29')).toBe(id);
  });

  it('keeps a cluster that splits in one alert', () => {
    const r1 = step(hydra('h', 20));
    const split = hydra('h', 20, (i) => (i < 10 ? {} : { wording: values('script h2', 3) }));
    const r2 = step(split, r1.state, NOW + HOUR);
    expect(r2.stats.clusters).toBe(2);
    expect(r2.alerts.map((a) => [a.alert_id, a.related_api_key_ids.length])).toEqual([[r1.alerts[0].alert_id, 20]]);
  });

  it('is deterministic whatever order the features come in', () => {
    const keys = hydra('h', 25);
    const a = runClusterStep(newClusterState(), [...crowd, ...keys], NOW);
    const b = runClusterStep(newClusterState(), [...keys, ...crowd].reverse(), NOW);
    expect(JSON.stringify(b.alerts)).toBe(JSON.stringify(a.alerts));
  });

  it('ends a cluster alert that is no longer seen after the quiet time, keeping its members', () => {
    const r1 = step(hydra('h', 20));
    let state = r1.state;
    let last = r1.alerts[0];
    for (let h = 1; state.open.length > 0 && h < 60; h++) {
      const r = step([], state, NOW + h * HOUR);
      state = r.state;
      last = r.alerts[0] ?? last;
    }
    expect(state.open).toEqual([]);
    expect(last.ended_at).not.toBeNull();
    expect(last.related_api_key_ids).toHaveLength(20);
  });

  it('keeps two campaigns apart', () => {
    const r = step([...hydra('a', 20), ...hydra('b', 20)]);
    expect(r.alerts.map((a) => a.related_api_key_ids.length)).toEqual([20, 20]);
  });

  it('leaves out small groups', () => {
    expect(step(hydra('h', DEFAULT_CLUSTER_OPTIONS.minMembers - 1)).alerts).toEqual([]);
  });
});

describe('cross-key stage: hard negatives form no alerting cluster', () => {
  it('unrelated people behind one NAT address', () => {
    const [nat] = values('nat', 1);
    const [net] = values('nat net', 1);
    expect(step(Array.from({ length: 60 }, (_, i) => key(`nat${i}`, { ips: [nat], ip_prefixes: [net] }))).alerts).toEqual([]);
  });

  it('customers of one popular SDK release', () => {
    const [sdk] = values('openai-python/1.54.4', 1);
    expect(step(Array.from({ length: 60 }, (_, i) => key(`sdk${i}`, { user_agents: [sdk] }))).alerts).toEqual([]);
  });

  it('end users of one app, sharing its system prompt and user agent', () => {
    const app = { system_prompts: values('app system', 1), user_agents: values('app ua', 1) };
    expect(step(Array.from({ length: 60 }, (_, i) => key(`user${i}`, app))).alerts).toEqual([]);
  });

  it("teams of one company running their own batch jobs through its egress, SDK and nightly scheduler", () => {
    const company = { ips: values('egress', 1), ip_prefixes: values('egress net', 1), user_agents: values('pinned sdk', 1), active_hours: lastHours(8) };
    const teams = Array.from({ length: 8 }, (_, i) =>
      key(`team${i}`, { ...company, account_id: `acct_team${i}`, requests: 900, prompts: 900, follow_ups: 0, elicited: 10, completion_tokens: 900 * 30, templates: values(`task ${i}`, 1) }),
    );
    const r = step(teams);
    // Infrastructure and timing do link them; what they do together is no harvest.
    expect(r.stats.clusters).toBeGreaterThan(0);
    expect(r.alerts).toEqual([]);
  });

  it('a researcher evaluating once on a public benchmark, in the layout and on the questions a hydra harvests', () => {
    const layout = { wording: values('simple-evals layout', 3) };
    const campaign = hydra('h', 20, () => layout);
    // The researcher asks, in a burst, items that campaign keys ask too.
    const researcher = hydraKey('researcher', 0, {
      ...layout,
      requests: 1500,
      prompts: 1500,
      elicited: 1500,
      completion_tokens: 1500 * 450,
      items: [...campaign[0].items.slice(0, 4), ...campaign[1].items.slice(0, 4)].sort((a, b) => a - b),
      active_hours: lastHours(2),
    });
    const r = step([...campaign, researcher]);
    expect(r.alerts).toHaveLength(1);
    expect(members(r)).not.toContain(researcher.api_key_id);
  });

  it('a researcher whose pace alone looks like the campaign is still left out for repeating its items', () => {
    const layout = { wording: values('simple-evals layout', 3) };
    const campaign = hydra('h', 20, () => layout);
    const researcher = hydraKey('researcher', 0, { ...layout, items: [...campaign[2].items.slice(0, 4), ...campaign[3].items.slice(0, 4)].sort((a, b) => a - b) });
    const listed = members(step([...campaign, researcher]));
    expect(listed).not.toContain(researcher.api_key_id);
    // The campaign keys whose items it repeated stay.
    expect(listed).toHaveLength(20);
  });

  it('users of a template so common that it is no evidence', () => {
    const phrasing = { wording: values('popular template', 3) };
    const users = hydra('u', 40, () => phrasing);
    const rarity = { ...DEFAULT_CLUSTER_OPTIONS.link.rarity, wording: [8, 32] as const };
    const o = { ...DEFAULT_CLUSTER_OPTIONS, link: { ...DEFAULT_CLUSTER_OPTIONS.link, rarity } };
    expect(runClusterStep(newClusterState(), [...crowd, ...users], NOW, o).alerts).toEqual([]);
  });
});
