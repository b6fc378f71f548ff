import { MAX_TIMER_MS } from "../config/index.js";
import { errorCode } from "../util/files.js";
import { isRecord } from "../util/json.js";
import { messageOf } from "../util/errors.js";

/** How calls to the platform are retried. */
export interface RetryPolicy {
  /** Attempts after the first one. */
  readonly retries: number;
  /**
   * Wait before the first retry; each later retry waits twice as long as the one before. The
   * wait is jittered (see `retryWait`), and a `Retry-After` asking for longer is honoured.
   */
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
  /** A number in [0, 1) for the jitter; `Math.random` unless a test makes it deterministic. */
  readonly random?: (() => number) | undefined;
  /** The time now in milliseconds, to read a `Retry-After` date; `Date.now` by default. */
  readonly now?: (() => number) | undefined;
  /** Told of each retry before its wait, so that a long wait is not a silent one. */
  readonly onRetry?: ((retry: { readonly waitMs: number; readonly error: unknown }) => void) | undefined;
}

/**
 * The longest wait a `Retry-After` can ask for: one minute. A platform asking for more (an
 * hour's rate limit) is better met by failing now, with the reason, than by a CI job that sits.
 */
export const MAX_RETRY_AFTER_MS = 60_000;

/** A 429 or 503 whose `Retry-After` asks for longer than MAX_RETRY_AFTER_MS: not retried. */
export class RetryAfterTooLong extends Error {
  /** The HTTP status of the failure it wraps, so that it is classed as that failure is. */
  readonly status: number | undefined;

  constructor(
    readonly askedMs: number,
    cause: unknown,
  ) {
    const seconds = Math.ceil(askedMs / 1000);
    super(
      `the platform asked to be called again in ${seconds} s (Retry-After), longer than the ${MAX_RETRY_AFTER_MS / 1000} s a retry waits`,
      { cause },
    );
    this.status = statusOf(cause);
  }
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
    const message = messageOf(e);
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
      const asked = retryAfterMs(error, (policy.now ?? Date.now)());
      if (asked !== undefined && asked > MAX_RETRY_AFTER_MS) throw new RetryAfterTooLong(asked, error);
      const waitMs = retryWait(error, attempt, policy);
      policy.onRetry?.({ waitMs, error });
      await new Promise((resolve) => setTimeout(resolve, waitMs));
    }
  }
}

/**
 * How long to wait before retry number `attempt + 1`: the backoff `delayMs * 2^attempt` with
 * equal jitter (between half of it and all of it, so that clients failing together do not
 * retry together, yet never sooner than half the documented wait), or what a 429 or 503 says
 * in `Retry-After` when that is longer (at most MAX_RETRY_AFTER_MS; `withRetry` does not retry
 * a failure that asks for more).
 */
export function retryWait(error: unknown, attempt: number, policy: RetryPolicy): number {
  const backoff = Math.min(policy.delayMs * 2 ** attempt, MAX_TIMER_MS);
  const random = Math.min(Math.max((policy.random ?? Math.random)(), 0), 1);
  const jittered = Math.round(backoff / 2 + (backoff / 2) * random);
  const asked = retryAfterMs(error, (policy.now ?? Date.now)());
  return asked === undefined ? jittered : Math.max(jittered, Math.min(asked, MAX_RETRY_AFTER_MS));
}

/**
 * The wait a 429 or 503 asks for in `Retry-After`, in milliseconds: the header as delay
 * seconds or as an HTTP date (a date already past is no wait). Read from the places common
 * clients keep it: `response.headers` or `headers` (a plain object in any letter case, or a
 * `Headers` with `get`), or a `retryAfter` property (seconds, or the header's text).
 */
export function retryAfterMs(error: unknown, now: number): number | undefined {
  const status = statusOf(error);
  if ((status !== 429 && status !== 503) || !isRecord(error)) return undefined;
  const response = error["response"];
  const candidates = [
    error["retryAfter"],
    headerOf(isRecord(response) ? response["headers"] : undefined),
    headerOf(error["headers"]),
  ];
  for (const candidate of candidates) {
    const ms = parseRetryAfter(candidate, now);
    if (ms !== undefined) return ms;
  }
  return undefined;
}

function headerOf(headers: unknown): unknown {
  if (!isRecord(headers)) return undefined;
  const get = headers["get"];
  if (typeof get === "function") return (get as (name: string) => unknown).call(headers, "retry-after");
  const key = Object.keys(headers).find((k) => k.toLowerCase() === "retry-after");
  const value = key === undefined ? undefined : headers[key];
  return Array.isArray(value) ? value[0] : value;
}

/** `Retry-After`'s value (or a number of seconds) as milliseconds from `now`; undefined when it is neither form. */
function parseRetryAfter(value: unknown, now: number): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) && value >= 0 ? value * 1000 : undefined;
  if (typeof value !== "string") return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) || !/[a-z]/i.test(text) ? undefined : Math.max(0, date - now);
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
