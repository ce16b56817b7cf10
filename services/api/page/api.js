// The page's only way to the server: JSON over fetch with the analyst's bearer token.

const TOKEN_KEY = 'distillguard.token';

/** An API error in the server's `{ error: { code, message, details } }` shape. */
export class ApiError extends Error {
  constructor(status, error) {
    super(error?.message ?? `HTTP ${status}`);
    this.status = status;
    this.code = error?.code ?? `http_${status}`;
    this.details = error?.details;
  }
}

// sessionStorage, not localStorage: the token goes away with the tab.
export const token = {
  get: () => sessionStorage.getItem(TOKEN_KEY),
  set: (value) => sessionStorage.setItem(TOKEN_KEY, value),
  clear: () => sessionStorage.removeItem(TOKEN_KEY),
};

/** Calls the API; resolves to the decoded body, rejects with an ApiError. */
export async function request(method, path, body) {
  const headers = { authorization: `Bearer ${token.get()}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  let res;
  try {
    res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (err) {
    throw new ApiError(0, { code: 'network_error', message: `The server could not be reached (${err.message}).` });
  }
  const data = res.status === 204 ? null : await res.json().catch(() => null);
  if (!res.ok) throw new ApiError(res.status, data?.error);
  return data;
}

/** Builds `path?a=1&b=2`, leaving out empty values. */
export function withQuery(path, params) {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== '' && value !== null && value !== undefined) query.set(name, value);
  }
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

/**
 * Every item of a paged listing (`field` names the array), following `next_cursor`: a cluster
 * alert has a decision per member, more than one page holds.
 */
export async function requestAll(path, params, field) {
  const items = [];
  let cursor;
  do {
    const page = await request('GET', withQuery(path, { ...params, limit: 1000, cursor }));
    items.push(...page[field]);
    cursor = page.next_cursor;
  } while (cursor);
  return items;
}
