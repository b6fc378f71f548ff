import { MAX_TIMER_MS } from "../config/index.js";
import { errorCode } from "../files.js";

/** How calls to the platform are retried. */
export interface RetryPolicy {
  /** Attempts after the first one. */
  readonly retries: number;
  /** Wait before the first retry; each later retry waits twice as long as the one before. */
  readonly delayMs: number;
  /**
   * Longest wait for one attempt's answer, in milliseconds; without it an attempt may wait
   * forever. An attempt that runs out of time fails as a network failure does (and is retried):
   * the call itself cannot be cancelled and is left to finish unobserved.
   */
  readonly timeoutMs?: number | undefined;
  /**
   * `false` for a call that must not be sent again while the first may still be running, which
   * is all a timeout tells (`create`: a second one would meet the first's event). Default true.
   */
  readonly retryTimeouts?: boolean | undefined;
}

/** An attempt that got no answer in time (see `RetryPolicy.timeoutMs`); it has no HTTP status, so it is transient. */
export class CallTimeout extends Error {
  constructor(readonly timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms`);
    this.name = "CallTimeout";
  }
}

/** `call()`, or a CallTimeout once `timeoutMs` passes without its answer. */
export async function withTimeout<T>(call: () => Promise<T>, timeoutMs: number | undefined): Promise<T> {
  if (timeoutMs === undefined) return call();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CallTimeout(timeoutMs)), timeoutMs);
  });
  try {
    // race listens to both, so a call that fails after losing is not an unhandled rejection.
    return await Promise.race([call(), expired]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Whether a failure may pass if tried again: a thrown error without an HTTP status (a network
 * failure), or a status of 429 or 5xx. Any other status (400, 401, 404 ...) will fail again.
 */
export function isTransient(error: unknown): boolean {
  const status = statusOf(error);
  return status === undefined || isServerSide(status);
}

/** 429 (too many requests) or 5xx: the server's trouble, which may pass. */
function isServerSide(status: number): boolean {
  return status === 429 || status >= 500;
}

/** An error and the causes it wraps (`cause`), outermost first; at most 5, so a loop ends. */
function* causeChain(error: unknown): Generator<unknown> {
  for (let e: unknown = error, depth = 0; e !== undefined && depth < 5; depth++) {
    yield e;
    e = e instanceof Error ? e.cause : undefined;
  }
}

/** Error codes of a connection that failed or broke (Node's sockets and DNS, and undici's `UND_ERR_*`, behind fetch). */
const NETWORK_CODES: ReadonlySet<string> = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENETDOWN",
  "EPIPE",
]);

/**
 * Whether a failure is the platform's or the network's rather than the caller's: no answer in
 * time, HTTP 429 or 5xx, or a connection that failed (its code on the error or on its `cause`,
 * as fetch reports it). Unlike `isTransient`, an error with no status is not enough: `remote()`
 * throwing "token not set" is a wrong setup, not an outage.
 */
export function isOutage(error: unknown): boolean {
  if (error instanceof CallTimeout) return true;
  const status = statusOf(error);
  if (status !== undefined) return isServerSide(status);
  for (const e of causeChain(error)) {
    const code = errorCode(e) ?? "";
    if (NETWORK_CODES.has(code) || code.startsWith("UND_ERR_")) return true;
  }
  return false;
}

/**
 * An error's message for a diagnostic, with its causes' where they add to it: fetch throws
 * "fetch failed" and keeps the reason ("connect ECONNREFUSED 127.0.0.1:443") in `cause`.
 */
export function errorMessage(error: unknown): string {
  const parts: string[] = [];
  for (const e of causeChain(error)) {
    const message = e instanceof Error ? e.message : String(e);
    if (message !== "" && !parts.some((part) => part.includes(message))) parts.push(message);
  }
  return parts.join(": ");
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

/** Runs `call`, retrying transient failures (timeouts included) with exponential backoff. */
export async function withRetry<T>(call: () => Promise<T>, policy: RetryPolicy): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await withTimeout(call, policy.timeoutMs);
    } catch (error) {
      if (attempt >= policy.retries || !isTransient(error)) throw error;
      if (error instanceof CallTimeout && policy.retryTimeouts === false) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.min(policy.delayMs * 2 ** attempt, MAX_TIMER_MS)));
    }
  }
}

/** How a call run by `settle` ended: its value, or the last failure and how many attempts were made. */
export type Settled<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: unknown; readonly attempts: number };

/** `withRetry` that never throws: what the call gave, or the failure with the attempts made (for messages). */
export async function settle<T>(call: () => Promise<T>, policy: RetryPolicy): Promise<Settled<T>> {
  let attempts = 0;
  try {
    const value = await withRetry(() => {
      attempts++;
      return call();
    }, policy);
    return { ok: true, value };
  } catch (error) {
    return { ok: false, error, attempts };
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
