import { createHmac } from 'node:crypto';

/** A receiver that has not answered by then is treated as down; the job retries. */
const TIMEOUT_MS = 10_000;

/**
 * `v1=` + hex HMAC-SHA256 of `<timestamp>.<body>` with the shared secret. The timestamp (unix
 * seconds, also sent in a header) is signed with the body so that a captured request cannot be
 * replayed later: receivers refuse timestamps more than five minutes away from their clock.
 */
export function webhookSignature(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export interface WebhookOptions {
  /** Signs the request when set (Slack's incoming webhooks are not signed: their URL is the secret). */
  secret?: string;
  event: string;
  /** The same for every retry of one message, so that a receiver can drop duplicates. */
  deliveryId: string;
}

/** POSTs `body` as JSON; throws unless the receiver answers 2xx. */
export async function postWebhook(url: string, body: unknown, o: WebhookOptions): Promise<void> {
  const text = JSON.stringify(body);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': 'DistillGuard-Webhook/1',
    'x-distillguard-event': o.event,
    'x-distillguard-delivery': o.deliveryId,
  };
  if (o.secret) {
    const timestamp = Math.floor(Date.now() / 1000);
    headers['x-distillguard-timestamp'] = String(timestamp);
    headers['x-distillguard-signature'] = webhookSignature(o.secret, timestamp, text);
  }
  // A redirect could carry the signed body somewhere unintended, so it counts as a failure.
  const res = await fetch(url, { method: 'POST', headers, body: text, redirect: 'manual', signal: AbortSignal.timeout(TIMEOUT_MS) });
  await res.arrayBuffer().catch(() => undefined);
  if (res.status < 200 || res.status > 299) throw new Error(`${new URL(url).host} answered HTTP ${res.status}`);
}
