import type { RequestLogEvent } from '../../schemas/event';
import type { EventFeatures } from '../types';
import { extractTextFeatures } from './text';

/** Reduces a validated event to what the detectors read. */
export function extractFeatures(e: RequestLogEvent): EventFeatures {
  const p = e.params;
  return {
    requestId: e.request_id,
    ts: e.ts,
    apiKeyId: e.api_key_id,
    accountId: e.account_id,
    promptTokens: e.prompt_tokens,
    completionTokens: e.completion_tokens,
    status: e.status,
    finishReason: e.finish_reason,
    maxTokens: p?.max_tokens,
    temperature: p?.temperature,
    n: p?.n ?? 1,
    logprobs: p?.logprobs === true || (p?.top_logprobs ?? 0) > 0,
    topLogprobs: p?.top_logprobs ?? 0,
    tools: p?.tools ?? 0,
    stream: p?.stream === true,
    turn: e.turn,
    conversationId: e.conversation_id,
    latencyMs: e.latency_ms,
    ip: e.ip,
    userAgent: e.user_agent,
    // A system prompt alone still carries cues (and says the client sends text).
    text:
      e.prompt !== undefined || e.system_prompt !== undefined
        ? extractTextFeatures(e.prompt ?? '', e.system_prompt)
        : undefined,
  };
}
