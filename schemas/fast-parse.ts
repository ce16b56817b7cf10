import { z } from 'zod';

/**
 * A parser compiled once from a zod schema's own definition, for the path nearly every event
 * takes: valid input. Validating each event through zod cost three times JSON.parse of it; the
 * compiled parser costs a fraction. It only ever accepts: anything it does not accept (invalid
 * input, or a construct it does not compile) is left to zod, which decides and explains.
 * Constructs it knows: objects (unknown keys stripped), plain strings with length and regex checks,
 * finite numbers with safe-integer and bound checks, booleans, optional, default and union. Any
 * other node is compiled to a call of zod on that node, so the result always equals zod's.
 *
 * The schema is compiled to source text, one function per object: each field's checks are inlined
 * as expressions (typeof, length and bound comparisons, regex tests), where calling a closure per
 * field and per check cost as much as the checks themselves.
 */

const INVALID: unique symbol = Symbol('invalid');
/**
 * String formats zod checks by their pattern alone; others, such as ipv6, run code of their own
 * and are handed to zod.
 */
const PATTERN_FORMATS = new Set(['ipv4']);

// zod's definitions are typed per class; the compiler reads the few fields it needs by name.
interface Def {
  type: string;
  checks?: Check[];
  shape?: Record<string, z.core.$ZodType>;
  catchall?: z.core.$ZodType;
  innerType?: z.core.$ZodType;
  options?: z.core.$ZodType[];
  defaultValue?: unknown;
  format?: string;
  pattern?: RegExp;
  coerce?: boolean;
}

type Check = { _zod: { def: CheckDef } };

interface CheckDef {
  check: string;
  minimum?: number;
  maximum?: number;
  value?: number;
  inclusive?: boolean;
  format?: string;
  pattern?: RegExp;
}

export interface FastParse<T> {
  (value: unknown): T | undefined;
  /** Paths of the nodes handed to zod ("" for the root): each costs a zod parse per value. */
  readonly handedToZod: readonly string[];
}

/** Source text of a JavaScript expression or statements over the variable named `v`. */
type Emit = (v: string) => string;

/**
 * A compiled node, in the cheapest of three forms it fits:
 * - test: a condition under which the value is accepted as it is (leaf types, and optional and
 *   union of them), inlined where the value is read;
 * - call: the name of a function returning the output, or INVALID (objects, zod, other unions);
 * - run: statements that replace the variable's value by the output, or return INVALID.
 */
type Code = { test: Emit } | { call: string } | { run: Emit };

const itself: Emit = (v) => v;
const length: Emit = (v) => `${v}.length`;

export function compileFastParse<S extends z.ZodType>(schema: S): FastParse<z.output<S>> {
  const handedToZod: string[] = [];
  const compiler = new Compiler(handedToZod);
  const parse = compiler.link(compiler.compile(schema, '')) as (value: unknown) => z.output<S> | undefined;
  return Object.assign(parse, { handedToZod });
}

class Compiler {
  /** Values the generated code reads by name (`c0`, `c1`, ...): patterns, zod nodes, defaults. */
  private readonly values: unknown[] = [];
  /** Generated functions (`f0`, `f1`, ...), each declared after the ones it calls. */
  private readonly functions: string[] = [];

  constructor(private readonly handedToZod: string[]) {}

  compile(schema: z.core.$ZodType, path: string): Code {
    const def = schema._zod.def as unknown as Def;
    const code = def.coerce ? undefined : this.known(def, path);
    if (code) return code;
    this.handedToZod.push(path);
    return { call: this.value(delegate(schema)) };
  }

  /** The parser for the root node: its output, or undefined for anything it does not accept. */
  link(root: Code): (value: unknown) => unknown {
    const parse = this.asFunction(root);
    const body = `${this.functions.join('\n')}
      return (value) => {
        const out = ${parse}(value);
        return out === INVALID ? undefined : out;
      };`;
    const names = this.values.map((_, i) => `c${i}`);
    return new Function('INVALID', ...names, body)(INVALID, ...this.values) as (value: unknown) => unknown;
  }

  private known(def: Def, path: string): Code | undefined {
    // Checks (refinements) are compiled for strings and numbers only.
    if (def.checks?.length && def.type !== 'string' && def.type !== 'number') return undefined;
    switch (def.type) {
      case 'object':
        return def.catchall ? undefined : this.object(def.shape ?? {}, path);
      case 'string':
        if (def.format === undefined) return this.string(def.checks ?? []);
        // A format node is its own check, by its pattern.
        return PATTERN_FORMATS.has(def.format) && def.pattern ? this.string([...(def.checks ?? []), { _zod: { def: { check: 'string_format', format: 'regex', pattern: def.pattern } } }]) : undefined;
      case 'number':
        return this.number(def.checks ?? []);
      case 'boolean':
        return { test: (v) => `typeof ${v} === 'boolean'` };
      case 'optional':
        return this.optional(this.compile(def.innerType!, path));
      case 'default':
        return this.withDefault(def, this.compile(def.innerType!, path));
      case 'union':
        return this.union(def.options!.map((o) => this.compile(o, path)));
      default:
        return undefined;
    }
  }

  /**
   * As zod's own object parser: property reads and writes by literal names stay monomorphic, where
   * a loop over the key list made every access a dictionary lookup. All fields are checked before
   * the output is built, so an object that is rejected is never built.
   */
  private object(shape: Record<string, z.core.$ZodType>, path: string): Code {
    const fields = Object.keys(shape).map((key, i) => ({
      name: JSON.stringify(key),
      v: `v${i}`,
      code: this.compile(shape[key], path ? `${path}.${key}` : key),
    }));
    const read = fields.map(({ name, v, code }) => `let ${v} = input[${name}]; ${this.statements(code, v)}`);
    // As zod: an absent optional key stays absent.
    const write = fields.map(({ name, v }) => `if (${v} !== undefined || ${name} in input) out[${name}] = ${v};`);
    return {
      call: this.declare(`(input) => {
        if (typeof input !== 'object' || input === null || Array.isArray(input)) return INVALID;
        ${read.join('\n')}
        const out = {};
        ${write.join('\n')}
        return out;
      }`),
    };
  }

  private string(checks: Check[]): Code | undefined {
    const tests = this.checks(checks, (c) => {
      if (c.check === 'min_length') return this.compare(length, '>=', c.minimum);
      if (c.check === 'max_length') return this.compare(length, '<=', c.maximum);
      if (c.check === 'string_format' && c.format === 'regex' && c.pattern) return this.matches(c.pattern);
      return undefined;
    });
    return tests && { test: (v) => [`typeof ${v} === 'string'`, ...tests.map((t) => t(v))].join(' && ') };
  }

  private number(checks: Check[]): Code | undefined {
    const tests = this.checks(checks, (c) => {
      if (c.check === 'number_format' && c.format === 'safeint') return (v) => `Number.isSafeInteger(${v})`;
      if (c.check === 'greater_than') return this.compare(itself, c.inclusive ? '>=' : '>', c.value);
      if (c.check === 'less_than') return this.compare(itself, c.inclusive ? '<=' : '<', c.value);
      return undefined;
    });
    return tests && { test: (v) => [`typeof ${v} === 'number'`, `Number.isFinite(${v})`, ...tests.map((t) => t(v))].join(' && ') };
  }

  /** A plain check list as conditions, or undefined when a check is of a kind not compiled. */
  private checks(checks: Check[], of: (c: CheckDef) => Emit | undefined): Emit[] | undefined {
    const tests: Emit[] = [];
    // A check's `when` is not read: it can only make zod skip a check, and a stricter fast path
    // costs nothing but a fallback to zod.
    for (const { _zod } of checks) {
      const test = of(_zod.def);
      if (!test) return undefined;
      tests.push(test);
    }
    return tests;
  }

  private compare(of: Emit, op: string, bound: unknown): Emit {
    const b = this.literal(bound);
    return (v) => `${of(v)} ${op} ${b}`;
  }

  private matches(pattern: RegExp): Emit {
    const p = this.value(pattern);
    // Only a global or sticky pattern starts at, and moves, its lastIndex: reset it as zod does.
    return pattern.global || pattern.sticky ? (v) => `(${p}.lastIndex = 0, ${p}.test(${v}))` : (v) => `${p}.test(${v})`;
  }

  private optional(inner: Code): Code {
    if ('test' in inner) return { test: (v) => `${v} === undefined || (${inner.test(v)})` };
    return { run: (v) => `if (${v} !== undefined) { ${this.statements(inner, v)} }` };
  }

  private withDefault(def: Def, inner: Code): Code {
    // Read at each use: zod defines a function default as a getter.
    const d = this.value(def);
    return { run: (v) => `if (${v} === undefined) ${v} = ${d}.defaultValue; else { ${this.statements(inner, v)} }` };
  }

  private union(options: Code[]): Code {
    const tests = options.flatMap((o) => ('test' in o ? [o.test] : []));
    if (tests.length === options.length) return { test: (v) => tests.map((t) => `(${t(v)})`).join(' || ') };
    // As zod, the first option that accepts gives the output.
    const tries = options.map((o) => ('test' in o ? `if (${o.test('v')}) return v;` : `r = ${this.asFunction(o)}(v); if (r !== INVALID) return r;`));
    return { call: this.declare(`(v) => { let r; ${tries.join(' ')} return INVALID; }`) };
  }

  /** Statements that leave the output in `v`, or return INVALID. */
  private statements(code: Code, v: string): string {
    if ('test' in code) return `if (!(${code.test(v)})) return INVALID;`;
    if ('call' in code) return `${v} = ${code.call}(${v}); if (${v} === INVALID) return INVALID;`;
    return code.run(v);
  }

  /** The name of a function giving the node's output, or INVALID. */
  private asFunction(code: Code): string {
    return 'call' in code ? code.call : this.declare(`(v) => { ${this.statements(code, 'v')} return v; }`);
  }

  private declare(fn: string): string {
    const name = `f${this.functions.length}`;
    this.functions.push(`const ${name} = ${fn};`);
    return name;
  }

  private value(value: unknown): string {
    this.values.push(value);
    return `c${this.values.length - 1}`;
  }

  /** A number as source text; one without a literal that reads back exactly is passed as a value. */
  private literal(n: unknown): string {
    return typeof n === 'number' && Number.isFinite(n) ? String(n) : this.value(n);
  }
}

function delegate(schema: z.core.$ZodType): (v: unknown) => unknown {
  return (v) => {
    const r = z.safeParse(schema, v);
    return r.success ? r.data : INVALID;
  };
}
