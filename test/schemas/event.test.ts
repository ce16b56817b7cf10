import { parseEvent, parseEventLine } from '../../schemas/event';

const valid = {
  request_id: 'r1',
  ts: '2026-11-02T13:45:07.123Z',
  api_key_id: 'k1',
  account_id: 'a1',
  model: 'frontier-1',
  prompt_tokens: 12,
  completion_tokens: 300,
};

describe('RequestLogEvent v1', () => {
  it('accepts the required fields and normalises ts to epoch ms with status 200 by default', () => {
    const r = parseEvent(valid);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.event.ts).toBe(Date.UTC(2026, 10, 2, 13, 45, 7, 123));
    expect(r.event.status).toBe(200);
  });

  it('accepts epoch milliseconds and RFC 3339 offsets', () => {
    const a = parseEvent({ ...valid, ts: 1_790_000_000_000 });
    const b = parseEvent({ ...valid, ts: '2026-11-02T14:45:07.123+01:00' });
    expect(a.ok && a.event.ts).toBe(1_790_000_000_000);
    expect(b.ok && b.event.ts).toBe(Date.UTC(2026, 10, 2, 13, 45, 7, 123));
  });

  it('ignores unknown fields', () => {
    const r = parseEvent({ ...valid, tenant: 'x', nested: { a: 1 } });
    expect(r.ok).toBe(true);
    expect(r.ok && 'tenant' in r.event).toBe(false);
  });

  it('keeps optional fields and params', () => {
    const r = parseEvent({
      ...valid,
      ip: '2001:db8::1',
      finish_reason: 'length',
      turn: 1,
      params: { max_tokens: 4096, logprobs: true, top_logprobs: 5, n: 4, temperature: 0.7 },
    });
    expect(r.ok && r.event.params).toEqual({ max_tokens: 4096, logprobs: true, top_logprobs: 5, n: 4, temperature: 0.7 });
  });

  it.each([
    [{ ...valid, request_id: undefined }, 'request_id'],
    [{ ...valid, ts: '2026-11-02' }, 'ts'],
    [{ ...valid, ts: '2026-13-45T99:00:00Z' }, 'ts'],
    [{ ...valid, prompt_tokens: -1 }, 'prompt_tokens'],
    [{ ...valid, completion_tokens: 1.5 }, 'completion_tokens'],
    [{ ...valid, ip: '999.1.1.1' }, 'ip'],
    [{ ...valid, turn: 0 }, 'turn'],
    [{ ...valid, params: { n: 0 } }, 'params.n'],
  ])('rejects a bad field with a reason naming it (%#)', (event, field) => {
    const r = parseEvent(event);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toContain(field);
  });

  it('rejects lines that are not one JSON object, with a readable reason', () => {
    expect(parseEventLine('{"request_id": ')).toMatchObject({ ok: false, reason: expect.stringContaining('invalid JSON') });
    expect(parseEventLine('[1,2]')).toMatchObject({ ok: false, reason: 'each line must be one JSON object' });
    expect(parseEventLine('null')).toMatchObject({ ok: false });
    expect(parseEventLine(JSON.stringify(valid)).ok).toBe(true);
  });
});
