/**
 * The API reference at /docs: one self-contained page that fetches /openapi.json and renders it.
 * No CDN or framework, since a deployment may reach nothing outside its network. Everything from
 * the document is inserted as text, never as HTML.
 */
export const DOCS_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>DistillGuard API reference</title>
<style>
  :root { --fg: #1d2330; --muted: #5b6476; --line: #dde1e8; --bg: #f7f8fa; --code: #eef1f5; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 15px/1.5 system-ui, sans-serif; color: var(--fg); display: flex; }
  nav { width: 290px; height: 100vh; overflow: auto; position: sticky; top: 0; padding: 16px;
        background: var(--bg); border-right: 1px solid var(--line); font-size: 13px; }
  nav h2 { font-size: 12px; text-transform: uppercase; color: var(--muted); margin: 16px 0 4px; }
  nav a { display: block; color: inherit; text-decoration: none; padding: 2px 0; }
  main { flex: 1; padding: 24px 40px; max-width: 1000px; }
  section.op { border-top: 1px solid var(--line); padding: 16px 0; }
  .method { display: inline-block; min-width: 62px; font: 600 12px monospace; text-transform: uppercase;
            padding: 2px 6px; border-radius: 4px; color: #fff; text-align: center; }
  .get { background: #2f7d4f; } .post { background: #2b63b5; } .patch { background: #a86a12; }
  .delete { background: #b23a3a; }
  code, .path { font-family: ui-monospace, monospace; background: var(--code); padding: 1px 4px; border-radius: 3px; }
  .desc { white-space: pre-wrap; color: var(--muted); }
  table { border-collapse: collapse; width: 100%; margin: 6px 0; font-size: 13px; }
  th, td { text-align: left; border-bottom: 1px solid var(--line); padding: 4px 8px; vertical-align: top; }
  ul.schema { list-style: none; padding-left: 16px; margin: 2px 0; font-size: 13px; }
  .type { color: #7a3ea1; font-family: ui-monospace, monospace; }
  .req { color: #b23a3a; font-size: 11px; }
  h4 { margin: 12px 0 4px; }
</style>
</head>
<body>
<nav id="nav"><strong>DistillGuard API</strong></nav>
<main id="main"><p>Loading <a href="/openapi.json">/openapi.json</a>…</p></main>
<script>
(async function () {
  const doc = await (await fetch('/openapi.json')).json();
  const schemas = (doc.components && doc.components.schemas) || {};
  const el = (tag, attrs, ...kids) => {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    for (const k of kids) if (k != null) e.append(k);
    return e;
  };
  const refName = (s) => s.$ref && s.$ref.split('/').pop();
  const typeOf = (s) => {
    if (!s) return 'any';
    if (s.$ref) return refName(s);
    if (s.enum) return s.enum.map((v) => JSON.stringify(v)).join(' | ');
    if (s.anyOf) return s.anyOf.map(typeOf).join(' | ');
    if (s.type === 'array') return typeOf(s.items) + '[]';
    return s.type || 'any';
  };
  // Renders a schema's properties as a nested list; named schemas are expanded once per branch.
  const tree = (s, seen) => {
    if (!s) return null;
    const name = refName(s);
    if (name) return seen.has(name) ? null : tree(schemas[name], new Set([...seen, name]));
    if (s.type === 'array') return tree(s.items, seen);
    if (s.anyOf) return el('div', {}, ...s.anyOf.map((x) => tree(x, seen)));
    if (!s.properties) return null;
    const required = new Set(s.required || []);
    return el('ul', { class: 'schema' }, ...Object.entries(s.properties).map(([k, p]) =>
      el('li', {}, el('code', {}, k), ' ', el('span', { class: 'type' }, typeOf(p)),
        required.has(k) ? el('span', { class: 'req' }, ' required') : null,
        p.description ? el('span', { class: 'desc' }, ' — ' + p.description) : null,
        tree(p, seen))));
  };
  const byTag = {};
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) (byTag[op.tags[0]] ||= []).push({ path, method, op });
  }
  const nav = document.getElementById('nav');
  const main = document.getElementById('main');
  main.replaceChildren(el('h1', {}, doc.info.title + ' v' + doc.info.version), el('p', { class: 'desc' }, doc.info.description));
  for (const [tag, list] of Object.entries(byTag)) {
    nav.append(el('h2', {}, tag));
    main.append(el('h2', {}, tag));
    for (const { path, method, op } of list) {
      const id = op.operationId;
      nav.append(el('a', { href: '#' + id }, el('span', { class: 'method ' + method }, method), ' ', path));
      const sec = el('section', { class: 'op', id },
        el('h3', {}, el('span', { class: 'method ' + method }, method), ' ', el('span', { class: 'path' }, path)),
        el('p', {}, op.summary), el('p', { class: 'desc' }, op.description || ''));
      if (op.parameters && op.parameters.length) {
        sec.append(el('h4', {}, 'Parameters'), el('table', {},
          el('tr', {}, el('th', {}, 'name'), el('th', {}, 'in'), el('th', {}, 'type'), el('th', {}, 'description')),
          ...op.parameters.map((p) => el('tr', {}, el('td', {}, el('code', {}, p.name), p.required ? el('span', { class: 'req' }, ' required') : null),
            el('td', {}, p.in), el('td', { class: 'type' }, typeOf(p.schema) + (p.schema.default !== undefined ? ' = ' + JSON.stringify(p.schema.default) : '')),
            el('td', {}, p.description || '')))));
      }
      if (op.requestBody) {
        sec.append(el('h4', {}, 'Request body'));
        for (const [type, c] of Object.entries(op.requestBody.content)) {
          sec.append(el('div', {}, el('code', {}, type), ' ', el('span', { class: 'type' }, typeOf(c.schema)), tree(c.schema, new Set())));
        }
      }
      sec.append(el('h4', {}, 'Responses'));
      for (const [status, r] of Object.entries(op.responses)) {
        const c = r.content && Object.values(r.content)[0];
        sec.append(el('div', {}, el('strong', {}, status), ' ', r.description,
          c ? el('span', { class: 'type' }, ' ' + typeOf(c.schema)) : null, c ? tree(c.schema, new Set()) : null));
      }
      main.append(sec);
    }
  }
})().catch((err) => { document.getElementById('main').textContent = 'Could not load /openapi.json: ' + err; });
</script>
</body>
</html>
`;
