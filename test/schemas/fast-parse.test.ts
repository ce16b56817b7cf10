import { z } from 'zod';
import { RequestLogEventSchema } from '../../schemas/event';
import { compileFastParse } from '../../schemas/fast-parse';
import { simulate } from '../../services/simulate';

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
