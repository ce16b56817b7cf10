/** A model of the provider as the simulator needs it: its id and how fast it answers. */
export interface Model {
  id: string;
  firstTokenMs: number;
  msPerToken: number;
  /** Output limit when a request sets no max_tokens. */
  maxOutput: number;
}

export const MODELS: Readonly<Record<'large' | 'small' | 'reasoning' | 'legacy', Model>> = {
  large: { id: 'orion-large-2026-10', firstTokenMs: 550, msPerToken: 16, maxOutput: 16384 },
  small: { id: 'orion-small-2026-10', firstTokenMs: 250, msPerToken: 6, maxOutput: 16384 },
  reasoning: { id: 'orion-reasoning-2026-09', firstTokenMs: 1800, msPerToken: 21, maxOutput: 65536 },
  legacy: { id: 'orion-large-2026-03', firstTokenMs: 650, msPerToken: 20, maxOutput: 8192 },
};
