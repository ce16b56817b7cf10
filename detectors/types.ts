import type { DetectorName, Signal } from '../schemas/signal';
import type { TextFeatures } from './features/text';

/**
 * What the detectors see of one request: the event reduced once to the figures they need, so that
 * text is scanned a single time however many detectors read it.
 */
export interface EventFeatures {
  requestId: string;
  /** Event time, epoch milliseconds. */
  ts: number;
  apiKeyId: string;
  accountId: string;
  promptTokens: number;
  completionTokens: number;
  status: number;
  finishReason: string | undefined;
  maxTokens: number | undefined;
  temperature: number | undefined;
  /** Completions asked for in one request (`params.n`, 1 when absent). */
  n: number;
  logprobs: boolean;
  topLogprobs: number;
  tools: number;
  stream: boolean;
  turn: number | undefined;
  conversationId: string | undefined;
  latencyMs: number | undefined;
  /** Source address and user agent, as logged (link features hash them on the events they sample). */
  ip: string | undefined;
  userAgent: string | undefined;
  /** Features of `prompt` and `system_prompt`; undefined when the event carries no prompt text. */
  text: TextFeatures | undefined;
}

/** Traffic of the key's account, kept by the pipeline, so a key can be compared with its siblings. */
export interface AccountView {
  /** Distinct keys of the account seen so far. */
  keys: number;
  requests: number;
  tokens: number;
}

export interface AssessContext {
  /** Requests of this key seen so far (including the current one). */
  requests: number;
  firstTs: number;
  lastTs: number;
  account: AccountView;
}

/**
 * One detector: pure and deterministic. `observe` folds an event into the key's state (it mutates
 * the state it is given and reads nothing else, no clock, no I/O); `assess` reads the state and
 * returns a signal, or null to abstain (too little data, no prompt text). State is plain JSON data
 * of bounded size, so it can be snapshotted, restored and moved between consumers.
 */
export interface Detector<S = unknown> {
  readonly name: DetectorName;
  init(): S;
  observe(state: S, ev: EventFeatures): void;
  assess(state: S, ctx: AssessContext): Signal | null;
  /** Shrinks the state of a key that went idle to what its baseline needs. */
  compact?(state: S): S;
}
