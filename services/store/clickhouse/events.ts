import { extractFeatures } from '../../../detectors/features';
import type { RequestLogEvent } from '../../../schemas/event';
import type { Row } from './insert';

const flag = (b: boolean | undefined) => (b === undefined ? null : b ? 1 : 0);

/**
 * An event as the `events` table keeps it. Without `storePrompts` the texts are dropped and only
 * their fingerprints kept: enough to count repeats and templates, not to read what was asked.
 */
export function eventRow(e: RequestLogEvent, storePrompts: boolean): Row {
  const text = extractFeatures(e).text;
  const p = e.params;
  return {
    request_id: e.request_id,
    ts: e.ts,
    api_key_id: e.api_key_id,
    account_id: e.account_id,
    model: e.model,
    prompt_tokens: e.prompt_tokens,
    completion_tokens: e.completion_tokens,
    status: e.status,
    endpoint: e.endpoint ?? null,
    ip: e.ip ?? null,
    user_agent: e.user_agent ?? null,
    latency_ms: e.latency_ms ?? null,
    finish_reason: e.finish_reason ?? null,
    turn: e.turn ?? null,
    conversation_id: e.conversation_id ?? null,
    max_tokens: p?.max_tokens ?? null,
    temperature: p?.temperature ?? null,
    top_p: p?.top_p ?? null,
    n: p?.n ?? null,
    logprobs: flag(p?.logprobs),
    top_logprobs: p?.top_logprobs ?? null,
    stream: flag(p?.stream),
    tools: p?.tools ?? null,
    prompt: storePrompts ? (e.prompt ?? null) : null,
    system_prompt: storePrompts ? (e.system_prompt ?? null) : null,
    prompt_chars: text?.chars ?? 0,
    prompt_hash: text?.promptHash ?? 0,
    template_hash: text?.templateHash ?? 0,
    system_hash: text?.systemHash ?? 0,
  };
}
