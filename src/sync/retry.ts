/** How calls to the platform are retried. */
export interface RetryPolicy {
  /** Attempts after the first one. */
  readonly retries: number;
  /** Wait before the first retry; each later retry waits twice as long as the one before. */
  readonly delayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { retries: 3, delayMs: 500 };

/**
 * Whether a failure may pass if tried again: a thrown error without an HTTP status (a network
 * failure), or a status of 429 or 5xx. Any other status (400, 401, 404 ...) will fail again.
 */
export function isTransient(error: unknown): boolean {
  const status = statusOf(error);
  return status === undefined || status === 429 || status >= 500;
}

/** The HTTP status an SDK error carries, wherever common clients put it. */
export function statusOf(error: unknown): number | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const record = error as Record<string, unknown>;
  const response = record["response"];
  const candidates = [
    record["status"],
    record["statusCode"],
    typeof response === "object" && response !== null ? (response as Record<string, unknown>)["status"] : undefined,
  ];
  return candidates.find((c): c is number => typeof c === "number");
}

/** Runs `call`, retrying transient failures with exponential backoff. */
export async function withRetry<T>(call: () => Promise<T>, policy: RetryPolicy): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (attempt >= policy.retries || !isTransient(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, policy.delayMs * 2 ** attempt));
    }
  }
}

/** Maps over items with at most `limit` calls in flight, keeping the input order in the result. */
export async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
