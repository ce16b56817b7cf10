import { send, tokensOf, type Ask, type Client, type Draft } from './request';
import type { Rng } from './rng';

/** What a conversation's turn asks; the conversation adds time, turn, id and history. */
export type TurnAsk = Omit<Ask, 't' | 'turn' | 'conversationId' | 'history'>;

export interface ConversationPlan {
  start: number;
  conversationId: string | undefined;
  turns: number;
  /** The ask of turn `turn` (1-based), knowing the previous answer. */
  ask(turn: number, previous: Draft | undefined): TurnAsk;
  /** Time from the previous answer's arrival until the next message is sent. */
  pause(previous: Draft, next: TurnAsk): number;
}

/**
 * Plays one multi-turn conversation: each turn re-sends the history, as chat clients do, so
 * prompt_tokens grows with the turn. Returns when the last answer arrived.
 */
export function* converse(rng: Rng, client: Client, plan: ConversationPlan): Generator<Draft, number> {
  let t = plan.start;
  let history = 0;
  let previous: Draft | undefined;
  for (let turn = 1; turn <= plan.turns; turn++) {
    const ask = plan.ask(turn, previous);
    if (previous) t = previous.t + (previous.latency_ms ?? 0) + plan.pause(previous, ask);
    const d = yield* send(rng, client, { ...ask, t, turn, conversationId: plan.conversationId, history });
    history += tokensOf(ask.prompt) + d.completion_tokens;
    previous = d;
  }
  return previous ? previous.t + (previous.latency_ms ?? 0) : plan.start;
}
