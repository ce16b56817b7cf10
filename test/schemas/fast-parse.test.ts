import { z } from 'zod';
import { RequestLogEventSchema } from '../../schemas/event';
import { compileFastParse } from '../../schemas/fast-parse';
import { simulate } from '../../services/simulate';
import { Rng } from '../../services/simulate/rng';

/** The compiled parser must accept exactly what zod accepts there, with zod's output. */
function agrees<S extends z.ZodType>(schema: S, fast: (v: unknown) => unknown, value: unknown): void {
  const r = schema.safeParse(value);
  const out = fast(value);
  if (r.success) {
    expect(out).toStrictEqual(r.data);
    // Same key order too, so serialised events are byte-identical whichever parser ran.
    expect(Object.keys(out as object)).toEqual(Object.keys(r.data as object));
  } else expect(out).toBeUndefined();
}

const HOSTILE: unknown[] = [
  undefined, null, true, false, 0, -1, 1.5, 99, 100, 599, 600, 1e21, 2 ** 53, -0, Number.NaN, Infinity, -Infinity,
  '', 'x', ' ', 'a'.repeat(256), 'a'.repeat(257), 'a'.repeat(1025), '2026-11-02T13:45:07.123Z', '2026-11-02', '1.2.3.4',
  '256.1.1.1', '1.2.3.04', '1.2.3.4\n', '::1', '2001:db8::1', '::1\n', '::@1\\', 'fe80::1%eth0', [], {}, ['x'], { a: 1 },
];

/** Values that sit on a boundary of the event contract, or just past it, or are of a wrong type. */
const BOUNDARY: unknown[] = [
  ...HOSTILE, 1, 2, 10, 10.0000001, 0.5, 1.0000001, -0.5, 8.64e15, 8.64e15 + 2, 1_790_000_000_000, 1_790_000_000_000.5,
  2 ** 53 - 1, -(2 ** 53), 'a'.repeat(64), 'a'.repeat(65), 'a'.repeat(512), 'a'.repeat(513), 'a'.repeat(1024),
  '2026-11-02T13:45:07Z', '2026-11-02 13:45:07.123+01:00', '2026-11-02t13:45:07.1234567891Z', '2026-02-30T00:00:00.000Z',
  '2026-11-02T13:45:07.123', '0.0.0.0', '255.255.255.255', '1.2.3', '::', '1::2::3', '2001:db8:342d:95b3::c74',
  '::ffff:1.2.3.4', 'stop', { max_tokens: 5 }, { temperature: 11 }, { n: 0, tools: 3 }, new Date(0), Object.create(null),
];

/** A JSON-shaped copy of `event` with one to three random changes, some of them inside `params`. */
function mutate(rng: Rng, event: Record<string, unknown>, fields: readonly string[], paramFields: readonly string[]): Record<string, unknown> {
  const e: Record<string, unknown> = JSON.parse(JSON.stringify(event));
  for (let n = rng.int(1, 3); n > 0; n--) {
    const field = rng.pick(fields);
    const change = rng.int(0, 5);
    if (change === 0) delete e[field];
    else if (change === 1) e[field] = undefined;
    else if (change === 2) e[`extra_${rng.int(0, 3)}`] = rng.pick(BOUNDARY);
    else if (change === 3 && e.params && typeof e.params === 'object') {
      const params = e.params as Record<string, unknown>;
      const key = rng.chance(0.8) ? rng.pick(paramFields) : 'extra';
      if (rng.chance(0.3)) delete params[key];
      else params[key] = rng.pick(BOUNDARY);
    } else e[field] = rng.pick(BOUNDARY);
  }
  // Another key order, as other producers write it.
  return rng.chance(0.2) ? Object.fromEntries(Object.entries(e).reverse()) : e;
}

describe('compileFastParse', () => {
  const fast = compileFastParse(RequestLogEventSchema);
  const events = simulate({ seed: 3, days: 0.05 }).events;
  const sample = [...events].slice(0, 400).map((e) => JSON.parse(JSON.stringify(e)) as Record<string, unknown>);

  it('compiles the event contract itself, handing only IPv6 addresses to zod', () => {
    expect(fast.handedToZod).toEqual(['ip']);
  });

  it('gives zod’s result on simulated traffic', () => {
    expect(sample.length).toBeGreaterThan(100);
    for (const e of sample) {
      agrees(RequestLogEventSchema, fast, e);
      expect(fast(e)).toBeDefined();
    }
  });

  it('agrees with zod on every field set to hostile values, and on missing fields', () => {
    const base = sample.find((e) => e.params && e.ip && e.prompt)!;
    const fields = [...Object.keys(RequestLogEventSchema.shape), 'unknown_field'];
    let rejected = 0;
    for (const field of fields) {
      const { [field]: _, ...without } = base;
      agrees(RequestLogEventSchema, fast, without);
      for (const v of HOSTILE) {
        const e = { ...base, [field]: v };
        agrees(RequestLogEventSchema, fast, e);
        if (fast(e) === undefined) rejected++;
      }
    }
    for (const field of Object.keys(RequestLogEventSchema.shape.params.unwrap().shape)) {
      for (const v of HOSTILE) agrees(RequestLogEventSchema, fast, { ...base, params: { ...(base.params as object), [field]: v } });
    }
    for (const v of HOSTILE) agrees(RequestLogEventSchema, fast, v);
    expect(rejected).toBeGreaterThan(fields.length * 5);
  });

  it('agrees with zod on randomly mutated events, key order included', () => {
    const rng = new Rng(20261122);
    const fields = [...Object.keys(RequestLogEventSchema.shape), 'unknown_field'];
    const paramFields = Object.keys(RequestLogEventSchema.shape.params.unwrap().shape);
    let accepted = 0;
    for (let i = 0; i < 4000; i++) {
      const e = mutate(rng, rng.pick(sample), fields, paramFields);
      agrees(RequestLogEventSchema, fast, e);
      if (fast(e) !== undefined) accepted++;
    }
    // Both outcomes are well represented.
    expect(accepted).toBeGreaterThan(800);
    expect(accepted).toBeLessThan(3200);
  });

  it('agrees with zod on the constructs it compiles, nested and combined', () => {
    const schema = z.object({
      ratio: z.number().gt(0).lt(1),
      signed: z.number().int().min(-5).max(Infinity).default(-1),
      global: z.string().regex(/^a+$/g).optional(),
      either: z.union([z.object({ kind: z.string(), n: z.number().optional() }), z.string().min(2), z.ipv6()]),
      flag: z.boolean().default(false),
      inner: z.object({ deep: z.object({ ok: z.boolean() }).optional(), list: z.array(z.string()).optional() }).default({ deep: { ok: true } }),
    });
    const f = compileFastParse(schema);
    expect(f.handedToZod).toEqual(['either', 'inner.list']);
    const values: Record<string, unknown[]> = {
      ratio: [0, 0.5, 1, 1e-300, 0.9999999, '0.5', Number.NaN],
      signed: [-5, -6, 0, 2 ** 53, 2 ** 53 - 1, undefined, 1.5],
      global: ['a', 'aa', 'aaa', 'b', '', undefined, null],
      either: [{ kind: 'x' }, { kind: 'x', n: 1, more: 2 }, { kind: 1 }, 'ab', 'a', '::1', '::1x', [], null, undefined],
      flag: [true, false, undefined, 0, 'true'],
      inner: [undefined, {}, { deep: { ok: false } }, { deep: { ok: 1 } }, { deep: null }, { list: ['a'] }, { list: [1] }, null, []],
    };
    const rng = new Rng(7);
    const keys = Object.keys(values);
    for (let i = 0; i < 3000; i++) {
      const v: Record<string, unknown> = {};
      for (const k of keys) if (rng.chance(0.9)) v[k] = rng.pick(values[k]);
      agrees(schema, f, v);
    }
  });

  it('hands constructs it does not compile to zod: refinements, transforms, formats', () => {
    const schema = z.object({
      even: z.number().refine((n) => n % 2 === 0),
      upper: z.string().transform((s) => s.toUpperCase()),
      mail: z.email().optional(),
      list: z.array(z.number().int()).default([]),
      strict: z.object({ a: z.string() }).catchall(z.number()).optional(),
    });
    const f = compileFastParse(schema);
    for (const v of [
      { even: 2, upper: 'abc' },
      { even: 3, upper: 'abc' },
      { even: 2, upper: 'abc', mail: 'a@b.co', list: [1, 2] },
      { even: 2, upper: 'abc', mail: 'nope' },
      { even: 2, upper: 'abc', list: [1.5] },
      { even: 2, upper: 'abc', strict: { a: 'x', b: 1 } },
      { even: 2, upper: 'abc', strict: { a: 'x', b: 'y' } },
    ]) {
      agrees(schema, f, v);
    }
    expect(new Set(f.handedToZod)).toEqual(new Set(['even', 'upper', 'mail', 'list', 'strict']));
    expect(f({ even: 2, upper: 'abc' })).toEqual({ even: 2, upper: 'ABC', list: [] });
  });
});
