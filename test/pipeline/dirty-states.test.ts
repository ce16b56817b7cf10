import type { RequestLogEvent } from '../../schemas/event';
import { Pipeline } from '../../services/pipeline/pipeline';

const T0 = Date.UTC(2026, 10, 2);

function ev(i: number, key: string, account: string): RequestLogEvent {
  return {
    request_id: `req_${key}_${i}`,
    ts: T0 + i * 1000,
    api_key_id: key,
    account_id: account,
    model: 'm',
    endpoint: '/v1/chat/completions',
    status: 200,
    prompt_tokens: 10,
    completion_tokens: 20,
    prompt: `question number ${i} about ${key}`,
  } as RequestLogEvent;
}

const ids = (states: Array<{ id: string }>) => states.map((s) => s.id).sort();

describe('Pipeline dirty states', () => {
  it('hands over exactly the keys and accounts touched since the last call, call after call', () => {
    const p = new Pipeline({ profiles: false, clusters: false });
    let i = 0;
    for (const [k, a] of [['k1', 'a1'], ['k2', 'a1'], ['k3', 'a2'], ['k1', 'a1']]) p.process(ev(i++, k, a));
    expect(ids(p.takeDirtyStates())).toEqual(['account:a1', 'account:a2', 'key:k1', 'key:k2', 'key:k3']);
    expect(p.takeDirtyStates()).toEqual([]);
    p.process(ev(i++, 'k3', 'a2'));
    p.process(ev(i++, 'k3', 'a2'));
    expect(ids(p.takeDirtyStates())).toEqual(['account:a2', 'key:k3']);
    p.process(ev(i++, 'k2', 'a1'));
    expect(ids(p.takeDirtyStates())).toEqual(['account:a1', 'key:k2']);
  });

  it('does not serialise what it keeps to track dirty keys and accounts', () => {
    const p = new Pipeline({ profiles: false, clusters: false });
    p.process(ev(0, 'k1', 'a1'));
    p.process(ev(1, 'k1', 'a1'));
    const states = new Map(p.takeDirtyStates().map((s) => [s.id, JSON.parse(s.state)]));
    expect(states.get('account:a1')).toEqual({ keys: 1, requests: 2, tokens: 60 });
    expect(Object.keys(states.get('key:k1'))).toEqual(['state', 'hour', 'recent', 'recentNext', 'samples']);
  });

  it('stamps key and account states with the event time of their latest event, for the idle index', () => {
    const p = new Pipeline({ profiles: false, clusters: false });
    p.process(ev(5, 'k1', 'a1'));
    p.process(ev(9, 'k2', 'a1'));
    // Late: older than what the account has seen already.
    p.process(ev(2, 'k1', 'a1'));
    const at = new Map(p.takeDirtyStates().map((s) => [s.id, s.at]));
    expect(at).toEqual(new Map([['key:k1', T0 + 5000], ['key:k2', T0 + 9000], ['account:a1', T0 + 9000]]));
    p.process(ev(12, 'k1', 'a1'));
    expect(new Map(p.takeDirtyStates().map((s) => [s.id, s.at]))).toEqual(new Map([['key:k1', T0 + 12_000], ['account:a1', T0 + 12_000]]));
  });

  it('counts a key whose events name another account in that account', () => {
    const p = new Pipeline({ profiles: false, clusters: false });
    p.process(ev(0, 'k1', 'a1'));
    p.process(ev(1, 'k1', 'a2'));
    p.process(ev(2, 'k1', 'a1'));
    const states = new Map(p.takeDirtyStates().map((s) => [s.id, JSON.parse(s.state)]));
    expect(states.get('account:a1')).toMatchObject({ keys: 1, requests: 2 });
    expect(states.get('account:a2')).toMatchObject({ keys: 0, requests: 1 });
  });
});
