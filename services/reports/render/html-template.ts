/** Markup that is already safe: built by `html`, never from outside text. */
export class Html {
  constructor(readonly text: string) {}
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

const part = (v: unknown): string => {
  if (v instanceof Html) return v.text;
  if (Array.isArray(v)) return v.map(part).join('');
  if (v === null || v === undefined || v === false) return '';
  return String(v).replace(/[&<>"']/g, (c) => ENTITIES[c]);
};

/**
 * A template whose every interpolation is escaped for text and attribute values, unless it is
 * itself `Html`: reports show key ids and summaries that an attacker chose.
 */
export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  return new Html(strings.reduce((out, s, i) => out + s + (i < values.length ? part(values[i]) : ''), ''));
}
