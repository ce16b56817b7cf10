import { z } from 'zod';

/**
 * A parser compiled once from a zod schema's own definition, for the path nearly every event
 * takes: valid input. Validating each event through zod cost three times JSON.parse of it; these
 * closures cost a fraction. It only ever accepts: anything it does not accept (invalid input, or a
 * construct it does not compile) is left to zod, which decides and explains. Constructs it knows:
 * objects (unknown keys stripped), plain strings with length and regex checks, finite numbers with
 * safe-integer and bound checks, booleans, optional, default and union. Any other node is compiled
 * to a call of zod on that node, so the result always equals zod's.
 */

const INVALID: unique symbol = Symbol('invalid');
/**
 * String formats zod checks by their pattern alone; others, such as ipv6, run code of their own
 * and are handed to zod.
 */
const PATTERN_FORMATS = new Set(['ipv4']);
type Node = (value: unknown) => unknown;

// zod's definitions are typed per class; the compiler reads the few fields it needs by name.
interface Def {
  type: string;
  checks?: { _zod: { def: CheckDef } }[];
  shape?: Record<string, z.core.$ZodType>;
  catchall?: z.core.$ZodType;
  innerType?: z.core.$ZodType;
  options?: z.core.$ZodType[];
  defaultValue?: unknown;
  format?: string;
  pattern?: RegExp;
  coerce?: boolean;
}

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

export function compileFastParse<S extends z.ZodType>(schema: S): FastParse<z.output<S>> {
  const handedToZod: string[] = [];
  const node = new Compiler(handedToZod).compile(schema, '');
  const parse = (value: unknown) => {
    const out = node(value);
    return out === INVALID ? undefined : (out as z.output<S>);
  };
  return Object.assign(parse, { handedToZod });
}

class Compiler {
  constructor(private readonly handedToZod: string[]) {}

  compile(schema: z.core.$ZodType, path: string): Node {
    const def = schema._zod.def as unknown as Def;
    const compiled = def.coerce ? undefined : this.known(def, path);
    if (compiled) return compiled;
    this.handedToZod.push(path);
    return delegate(schema);
  }

  private known(def: Def, path: string): Node | undefined {
    // Checks (refinements) are compiled for strings and numbers only.
    if (def.checks?.length && def.type !== 'string' && def.type !== 'number') return undefined;
    switch (def.type) {
      case 'object':
        return def.catchall ? undefined : this.object(def.shape ?? {}, path);
      case 'string':
        if (def.format === undefined) return stringNode(def.checks ?? []);
        // A format node is its own check, by its pattern.
        return PATTERN_FORMATS.has(def.format) && def.pattern ? stringNode([...(def.checks ?? []), { _zod: { def: { check: 'string_format', format: 'regex', pattern: def.pattern } } }]) : undefined;
      case 'number':
        return numberNode(def.checks ?? []);
      case 'boolean':
        return (v) => (typeof v === 'boolean' ? v : INVALID);
      case 'optional': {
        const inner = this.compile(def.innerType!, path);
        return (v) => (v === undefined ? undefined : inner(v));
      }
      case 'default': {
        const inner = this.compile(def.innerType!, path);
        // Read at each use: zod defines a function default as a getter.
        return (v) => (v === undefined ? def.defaultValue : inner(v));
      }
      case 'union': {
        const options = def.options!.map((o) => this.compile(o, path));
        return (v) => {
          for (const option of options) {
            const out = option(v);
            if (out !== INVALID) return out;
          }
          return INVALID;
        };
      }
      default:
        return undefined;
    }
  }

  /**
   * Generated code, as zod's own object parser: property reads and writes by literal names stay
   * monomorphic, where a loop over the key list made every access a dictionary lookup.
   */
  private object(shape: Record<string, z.core.$ZodType>, path: string): Node {
    const keys = Object.keys(shape);
    const nodes = keys.map((k) => this.compile(shape[k], path ? `${path}.${k}` : k));
    const fields = keys.map((k, i) => {
      const name = JSON.stringify(k);
      // As zod: an absent optional key stays absent.
      return `r = nodes[${i}](input[${name}]); if (r === INVALID) return INVALID; if (r !== undefined || ${name} in input) out[${name}] = r;`;
    });
    const body = `return (input) => {
      if (typeof input !== 'object' || input === null || Array.isArray(input)) return INVALID;
      const out = {};
      let r;
      ${fields.join('\n')}
      return out;
    };`;
    return new Function('nodes', 'INVALID', body)(nodes, INVALID) as Node;
  }
}

function delegate(schema: z.core.$ZodType): Node {
  return (v) => {
    const r = z.safeParse(schema, v);
    return r.success ? r.data : INVALID;
  };
}

/** A plain check list as one predicate, or undefined when a check is of a kind not compiled. */
function predicates<T>(checks: { _zod: { def: CheckDef } }[], of: (c: CheckDef) => ((v: T) => boolean) | undefined): ((v: T) => boolean) | undefined {
  const tests: ((v: T) => boolean)[] = [];
  // A check's `when` is not read: it can only make zod skip a check, and a stricter fast path
  // costs nothing but a fallback to zod.
  for (const { _zod } of checks) {
    const test = of(_zod.def);
    if (!test) return undefined;
    tests.push(test);
  }
  return (v) => {
    for (let i = 0; i < tests.length; i++) if (!tests[i](v)) return false;
    return true;
  };
}

function stringNode(checks: { _zod: { def: CheckDef } }[]): Node | undefined {
  const ok = predicates<string>(checks, (c) => {
    if (c.check === 'min_length') return (v) => v.length >= c.minimum!;
    if (c.check === 'max_length') return (v) => v.length <= c.maximum!;
    if (c.check === 'string_format' && c.format === 'regex' && c.pattern) {
      const pattern = c.pattern;
      return (v) => {
        pattern.lastIndex = 0;
        return pattern.test(v);
      };
    }
    return undefined;
  });
  return ok && ((v) => (typeof v === 'string' && ok(v) ? v : INVALID));
}

function numberNode(checks: { _zod: { def: CheckDef } }[]): Node | undefined {
  const ok = predicates<number>(checks, (c) => {
    if (c.check === 'number_format' && c.format === 'safeint') return Number.isSafeInteger;
    if (c.check === 'greater_than') return c.inclusive ? (v) => v >= c.value! : (v) => v > c.value!;
    if (c.check === 'less_than') return c.inclusive ? (v) => v <= c.value! : (v) => v < c.value!;
    return undefined;
  });
  return ok && ((v) => (typeof v === 'number' && Number.isFinite(v) && ok(v) ? v : INVALID));
}
