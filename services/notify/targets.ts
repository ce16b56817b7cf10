import { createHash } from 'node:crypto';

export interface NotifyTarget {
  /** Stable across restarts and config reorderings: derived from the URL, which it never reveals. */
  id: string;
  kind: 'webhook' | 'slack';
  url: string;
}

const targetId = (kind: NotifyTarget['kind'], url: string) => `${kind}-${createHash('sha256').update(url).digest('hex').slice(0, 12)}`;

export function notifyTargets(c: { webhooks: readonly string[]; slackWebhooks: readonly string[] }): NotifyTarget[] {
  return [
    ...c.webhooks.map((url) => ({ id: targetId('webhook', url), kind: 'webhook' as const, url })),
    ...c.slackWebhooks.map((url) => ({ id: targetId('slack', url), kind: 'slack' as const, url })),
  ];
}
