// Builds DOM nodes from data. Alerts carry attacker-controlled text (prompts, key ids), so every
// value goes in as a text node or an attribute value: nothing here parses HTML.

/**
 * el('td', { class: 'num', title: x }, 'text', childNode, [more, children])
 * Attributes whose value is null, undefined or false are left out; `true` sets an empty one.
 */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    node.setAttribute(name, value === true ? '' : String(value));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(node, child);
    else node.append(child instanceof Node ? child : String(child));
  }
}

/** Replaces a node's content with the given children. */
export function fill(node, ...children) {
  node.replaceChildren();
  append(node, children);
  return node;
}
