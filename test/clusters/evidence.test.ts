import type { Weight } from '../../detectors/clusters/attributes';
import { DEFAULT_LINK_OPTIONS, linkEvidence } from '../../detectors/clusters/evidence';
import { hydraKey, key, lastHours, values } from './features';

/** Every shared value is rare. */
const rare: Weight = () => 1;

describe('linkEvidence', () => {
  it('links two keys of one campaign by shared script wording and complementary slices', () => {
    const e = linkEvidence(hydraKey('h', 1), hydraKey('h', 2), rare);
    expect(e.evidence.wording).toBe(1);
    expect(e.evidence.coverage).toBe(1);
    expect(e.strength).toBeGreaterThan(0.8);
  });

  it('keeps infrastructure alone below a strong link, however much is shared', () => {
    const shared = { ips: values('office ip', 1), ip_prefixes: values('office net', 1), user_agents: values('sdk', 1), system_prompts: values('app', 1) };
    const e = linkEvidence(key('a', shared), key('b', { ...shared, active_hours: lastHours(6, 12) }), rare);
    expect(e.evidence.ip).toBeGreaterThan(0);
    expect(e.strength).toBeLessThanOrEqual(DEFAULT_LINK_OPTIONS.uncorroboratedCap);
    // Backed by synchronised timing, shared rare infrastructure does link.
    expect(linkEvidence(key('a', shared), key('b', shared), rare).strength).toBeGreaterThan(0.6);
  });

  it('gives a value nothing once it is common', () => {
    const shared = { ips: values('nat', 1) };
    const common: Weight = () => 0;
    expect(linkEvidence(key('a', shared), key('b', shared), common).evidence.ip).toBeUndefined();
  });

  it('does not take one recurring MinHash value for a shared script', () => {
    const [common] = values('step by step', 1);
    const a = hydraKey('h', 1, { wording: [common, ...values('script a', 1)].sort((x, y) => x - y) });
    const b = hydraKey('g', 1, { wording: [common, ...values('script b', 1)].sort((x, y) => x - y) });
    expect(linkEvidence(a, b, rare).strength).toBeLessThan(0.6);
  });

  it('needs keys to ask alike: one-token answers and essays are not one client', () => {
    const researcher = hydraKey('h', 9, { completion_tokens: 30 * 2 });
    expect(linkEvidence(hydraKey('h', 1), researcher, rare).strength).toBe(0);
    const burst = hydraKey('h', 8, { requests: 1500, prompts: 1500, elicited: 1500, completion_tokens: 1500 * 1100, active_hours: lastHours(2) });
    expect(linkEvidence(hydraKey('h', 1), burst, rare).strength).toBeLessThan(0.6);
  });

  it('sees no complementary coverage between keys asking the same items', () => {
    const items = values('benchmark items', 8);
    expect(linkEvidence(hydraKey('h', 1, { items }), hydraKey('h', 2, { items }), rare).evidence.coverage).toBeUndefined();
  });

  it('counts synchronised hours over the span both keys existed', () => {
    const hours = lastHours(12);
    const e = linkEvidence(key('a', { active_hours: hours }), key('b', { active_hours: hours.slice(4) }), rare);
    expect(e.evidence.timing).toBe(1);
  });
});
