import type { InferredEvent } from "../infer/index.js";

/** Where each webhook's events are in events sorted by tag: `events.slice(start, end)`. */
export interface WebhookBounds {
  readonly webhook: string;
  readonly start: number;
  readonly end: number;
}

/**
 * Each webhook's events, in the order the webhooks first appear. Events sorted by tag keep each
 * webhook's events together (webhook tags hold no `:`), so that order is the tags', and names are
 * claimed in it. Events in any other order are a bug, so it throws.
 */
export function webhookBounds(events: readonly InferredEvent[]): WebhookBounds[] {
  const bounds: WebhookBounds[] = [];
  const seen = new Set<string>();
  let start = 0;
  for (let i = 1; i <= events.length; i++) {
    const webhook = events[start]!.webhook;
    if (i < events.length && events[i]!.webhook === webhook) continue;
    if (seen.has(webhook)) throw new Error(`the events of webhook ${JSON.stringify(webhook)} are not together`);
    seen.add(webhook);
    bounds.push({ webhook, start, end: i });
    start = i;
  }
  return bounds;
}
