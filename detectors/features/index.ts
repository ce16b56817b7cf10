import type { RequestLogEvent } from '../../schemas/event';
import type { EventFeatures } from '../types';
import type { TextFeatures } from './text';
import { extractTextFeatures } from './text';

/** Text features of a request; a system prompt alone still carries cues (and says the client sends text). */
export function textFeaturesOf(prompt: string | undefined, systemPrompt: string | undefined): TextFeatures | undefined {
  return prompt !== undefined || systemPrompt !== undefined ? extractTextFeatures(prompt ?? '', systemPrompt) : undefined;
}

/**
 * Reduces a validated event to what the detectors read. `text` is the event's text features when
 * they were extracted elsewhere (on a worker thread); by default they are extracted here.
 */
export function extractFeatures(e: RequestLogEvent, text = textFeaturesOf(e.prompt, e.system_prompt)): EventFeatures {
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
    text,
  };
}
