import type { RequestLogEventInput } from '../../schemas/event';
import type { Model } from './models';
import type { Rng } from './rng';
import { SECOND } from './timing';

export type RequestParams = NonNullable<RequestLogEventInput['params']>;

/** One request of a key before its identity and request id are stamped on; `t` is epoch ms. */
export type Draft = Omit<RequestLogEventInput, 'request_id' | 'ts' | 'api_key_id' | 'account_id'> & {
  t: number;
};

export const CHAT_ENDPOINT = '/v1/chat/completions';

/** How a key's software talks to the API. */
export interface Client {
  /** Source addresses, most used first. */
  ips: readonly string[];
  userAgents: readonly string[];
  /** Automatic retries on 429 and 5xx: the official SDKs make 2; people make none. */
  retries: number;
  /** Chance of a 429 and of a 5xx on each request. */
  rateLimited: number;
  serverError: number;
}

/** What a key asks for in one request. */
export interface Ask {
  t: number;
  model: Model;
  prompt: string;
  system?: string;
  /** Tokens of earlier turns that the client sends again with this one. */
  history?: number;
  params?: RequestParams;
  endpoint?: string;
  turn?: number;
  conversationId?: string;
  /** How many tokens the model would write for one choice if nothing cut it short. */
  answerTokens: number;
  /** The model answers with a tool call rather than text. */
  toolCall?: boolean;
}

/** Token count of text as the tokenizer would roughly see it. */
export function tokensOf(text: string): number {
  return Math.ceil(text.length / 4);
}

/** Picks from a list skewed to its front, as traffic concentrates on a key's main address. */
function pickSkewed<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(items.length * rng.next() ** 2.5)];
}

/** The gateway's log of one request: token counts, outcome and latency follow from the ask. */
export function respond(rng: Rng, client: Client, ask: Ask): Draft {
  const p = ask.params;
  const promptTokens =
    8 +
    tokensOf(ask.prompt) +
    (ask.system ? tokensOf(ask.system) + 4 : 0) +
    (ask.history ?? 0) +
    (p?.tools ?? 0) * 110;
  const draft: Draft = {
    t: Math.round(ask.t),
    model: ask.model.id,
    endpoint: ask.endpoint ?? CHAT_ENDPOINT,
    status: 200,
    prompt_tokens: promptTokens,
    completion_tokens: 0,
    latency_ms: 0,
    ip: pickSkewed(rng, client.ips),
    user_agent: pickSkewed(rng, client.userAgents),
    conversation_id: ask.conversationId,
    turn: ask.turn,
    system_prompt: ask.system,
    prompt: ask.prompt,
    params: p,
  };
  const fault = rng.next();
  if (fault < client.rateLimited) {
    draft.status = 429;
    draft.latency_ms = rng.int(4, 60);
    return draft;
  }
  if (fault < client.rateLimited + client.serverError) {
    draft.status = rng.chance(0.7) ? 500 : 503;
    draft.latency_ms = Math.round(rng.range(0.2, 30) * SECOND);
    return draft;
  }
  const n = p?.n ?? 1;
  const cap = p?.max_tokens ?? ask.model.maxOutput;
  let total = 0;
  let longest = 0;
  let capped = false;
  for (let i = 0; i < n; i++) {
    // Sampled choices differ in length; the log keeps the first choice's finish reason.
    const wanted = Math.max(1, Math.round(ask.answerTokens * (i === 0 ? 1 : rng.logNormal(1, 0.25))));
    const got = Math.min(wanted, cap);
    if (i === 0) capped = wanted > cap;
    total += got;
    longest = Math.max(longest, got);
  }
  draft.completion_tokens = total;
  draft.finish_reason = ask.toolCall ? 'tool_calls' : capped ? 'length' : 'stop';
  draft.latency_ms = Math.round(
    ask.model.firstTokenMs * rng.logNormal(1, 0.3) +
      promptTokens * 0.015 +
      longest * ask.model.msPerToken * rng.logNormal(1, 0.15),
  );
  return draft;
}

/** Sends one request, retrying 429s and 5xx with exponential backoff as far as the client does. */
export function* send(rng: Rng, client: Client, ask: Ask): Generator<Draft, Draft> {
  let t = ask.t;
  for (let attempt = 0; ; attempt++) {
    const d = respond(rng, client, { ...ask, t });
    yield d;
    if (d.status === 200 || attempt >= client.retries) return d;
    t = doneAt(d) + Math.min(8, 0.5 * 2 ** attempt) * SECOND * rng.range(0.75, 1.25);
  }
}

/** When the client has the whole answer. */
export function doneAt(d: Draft): number {
  return d.t + (d.latency_ms ?? 0);
}
