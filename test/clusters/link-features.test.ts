import type { RequestLogEvent } from '../../schemas/event';
import { KeyLinkFeaturesSchema } from '../../schemas/links';
import { DetectionEngine } from '../../detectors/engine';
import { ipPrefix } from '../../detectors/features/network';
import { linkFeatures } from '../../detectors/links/features';
import { hourOf } from '../../detectors/sketch/hourly';
import type { EventFeatures } from '../../detectors/types';
import { casualOpening } from '../../services/simulate/prompts/casual';
import { INTERESTS } from '../../services/simulate/prompts/interests';
import { Rng } from '../../services/simulate/rng';
import { request } from '../detectors/prompts';
import { T0 } from '../detectors/traffic';

const TOPICS = ['entropy in thermodynamics', 'the French revolution', 'binary search trees', 'photosynthesis', 'supply and demand', 'the immune system', 'plate tectonics', 'Bayesian inference'];
const SCRIPT = 'You are helping to build a reasoning dataset. Think through the task in detail inside reasoning tags, then give a concise final answer inside answer tags.';

/** A request of a key running SCRIPT over varying tasks, as the features see it. */
function scripted(i: number, over: Partial<RequestLogEvent> = {}): EventFeatures {
  const task = `Explain ${TOPICS[i % TOPICS.length]} to a ${['student', 'child', 'colleague'][i % 3]} in ${i} steps.`;
  return request(i, `${SCRIPT}\n\nTask: ${task}`, { completion_tokens: 900, ip: '203.0.113.7', user_agent: 'python-httpx/0.27.0', ...over });
}

function keyOf(events: EventFeatures[]) {
  const engine = new DetectionEngine();
  const state = engine.newKey(events[0]);
  for (const e of events) engine.observe(state, e);
  return state;
}

describe('network prefixes', () => {
  it('takes the /24 of IPv4 and the /64 of IPv6, one spelling per prefix', () => {
    expect(ipPrefix('198.51.100.23')).toBe('198.51.100');
    expect(ipPrefix('2001:db8:0:12::1')).toBe('2001:db8:0:12::/64');
    expect(ipPrefix('2001:0db8:0000:0012:aa::7')).toBe('2001:db8:0:12::/64');
    expect(ipPrefix('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(ipPrefix('::ffff:192.0.2.9')).toBe('192.0.2');
  });
});

describe('link features of a key', () => {
  it("keep what a key uses characteristically: its address, client, template and script's wording", () => {
    const f = linkFeatures(keyOf(Array.from({ length: 40 }, (_, i) => scripted(i, i === 5 ? { ip: '192.0.2.1' } : {}))));
    expect(KeyLinkFeaturesSchema.parse(f)).toEqual(f);
    expect(f.ips).toHaveLength(1);
    expect(f.ip_prefixes).toHaveLength(1);
    expect(f.user_agents).toHaveLength(1);
    expect(f.templates).toHaveLength(1);
    expect(f.wording.length).toBeGreaterThanOrEqual(2);
    expect(f.items).toHaveLength(8);
    expect(f.prompts).toBe(40);
    expect(f.elicited).toBe(40);
    expect(f.active_hours).toEqual([hourOf(T0)]);
  });

  it('find the same wording in two keys that run one script over different items', () => {
    const a = linkFeatures(keyOf(Array.from({ length: 30 }, (_, i) => scripted(i))));
    const b = linkFeatures(keyOf(Array.from({ length: 30 }, (_, i) => scripted(i + 1000))));
    const shared = b.wording.filter((v) => a.wording.includes(v)).length;
    expect(shared / (a.wording.length + b.wording.length - shared)).toBeGreaterThanOrEqual(0.8);
    expect(b.items.some((h) => a.items.includes(h))).toBe(false);
  });

  it('have no usable wording or template for a person asking about their interests', () => {
    const rng = new Rng(5);
    const mix = { personal: 5, curiosity: 2, homework: 1, writing: 1, chat: 1 };
    const f = linkFeatures(keyOf(Array.from({ length: 40 }, (_, i) => request(i, casualOpening(rng, rng.pick(INTERESTS), mix, 0.5, 0.03)))));
    // Linking by wording needs two recurring values on each side.
    expect(f.wording.length).toBeLessThan(2);
    expect(f.templates).toEqual([]);
  });

  it('count a busy key on a sample and stay under 1 KB however long it runs', () => {
    const state = keyOf(Array.from({ length: 5000 }, (_, i) => scripted(i, { ip: `203.0.113.${i % 7 === 0 ? 1 + (i % 250) : 7}`, ts: T0 + i * 40_000 })));
    const f = linkFeatures(state);
    expect(state.links.sampled).toBeLessThan(5000 / 6);
    expect(f.ips).toHaveLength(1);
    expect(JSON.stringify(state.links).length).toBeLessThan(1024);
  });
});
