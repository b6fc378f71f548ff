import { isPlaceholder, looksRandom } from "./placeholder.js";
import type { SecretHit } from "./value-rules.js";

interface KeyRule {
  /** Names the value in a message, with its article: "an API key". */
  readonly noun: string;
  /** What to write instead of the whole value. */
  readonly placeholder: string;
}

const API_KEY: KeyRule = { noun: "an API key", placeholder: "<api-key>" };
const ACCESS_TOKEN: KeyRule = { noun: "an access token", placeholder: "<token>" };
const AUTHORIZATION: KeyRule = { noun: "an authorization", placeholder: "<credentials>" };
/** Cookies are redacted pair by pair (`session=<value>`), see {@link redactCookies}. */
const COOKIE: KeyRule = { noun: "a cookie", placeholder: "<cookie>" };

/**
 * Keys whose value is a credential by name, whatever it looks like, as header names and as
 * body/query fields. Matched exactly (after {@link normalizeKey}), not as suffixes: `page_token`
 * is a pagination cursor and `csrf_token` is per-session noise, both random-looking.
 */
const SENSITIVE_KEYS: ReadonlyMap<string, KeyRule> = new Map([
  ["authorization", AUTHORIZATION],
  ["proxy-authorization", { noun: "a proxy authorization", placeholder: "<credentials>" }],
  ["cookie", COOKIE],
  ["set-cookie", COOKIE],
  ["x-api-key", API_KEY],
  ["api-key", API_KEY],
  ["apikey", API_KEY],
  ["x-auth-token", { noun: "an auth token", placeholder: "<token>" }],
  ["x-access-token", ACCESS_TOKEN],
  ["access-token", ACCESS_TOKEN],
  ["refresh-token", { noun: "a refresh token", placeholder: "<refresh-token>" }],
  ["client-secret", { noun: "a client secret", placeholder: "<client-secret>" }],
  ["password", { noun: "a password", placeholder: "<password>" }],
  ["secret", { noun: "a secret", placeholder: "<secret>" }],
  ["private-key", { noun: "a private key", placeholder: "<private-key>" }],
  ["token", { noun: "a token", placeholder: "<token>" }],
]);

/**
 * Names that carry credentials in headers and query strings but, in a body, usually name
 * something else: a payment's `authorization` id, a cart `token`, a form response `token`.
 * Outside headers and query these are judged by the value's shape alone.
 */
const REQUEST_ONLY_KEYS: ReadonlySet<string> = new Set(["authorization", "cookie", "set-cookie", "token"]);

/** Whether values under `key` are judged by the key rule at all (where it applies). */
export function isSensitiveKey(key: string): boolean {
  return SENSITIVE_KEYS.has(normalizeKey(key));
}

/** Whether the key rule applies to `key` at this place of the payload. */
export function keyRuleApplies(key: string, inRequestPart: boolean): boolean {
  return inRequestPart || !REQUEST_ONLY_KEYS.has(normalizeKey(key));
}

/**
 * One spelling for the forms a key takes in headers, JSON and JavaScript: `X-API-Key`,
 * `x_api_key`, `apiKey`, `client_secret`, `clientSecret` → `x-api-key`, `api-key`, `client-secret`.
 */
export function normalizeKey(key: string): string {
  let normalized = NORMALIZED.get(key);
  if (normalized === undefined) {
    normalized = key
      .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
      .toLowerCase()
      .replace(/_/g, "-");
    // Payloads repeat a few hundred key names; a bound keeps hostile inputs from growing the map.
    if (NORMALIZED.size < 10_000) NORMALIZED.set(key, normalized);
  }
  return normalized;
}

const NORMALIZED = new Map<string, string>();

/**
 * Webhook signature headers (`stripe-signature`, `x-hub-signature-256`, `x-acme-signature`) hold
 * a per-delivery HMAC of the body, not a credential: it proves one delivery and is useless for
 * the next, and samples need a realistic one. Nothing under such a key is reported.
 */
export function isSignatureKey(key: string): boolean {
  return normalizeKey(key).includes("signature");
}

/** Authorization schemes: stripped before judging the credential, kept in the suggestion (`Token <token>`). */
const SCHEME = /^(?<scheme>Bearer|Basic|Token)\s+/i;

/**
 * A real-looking value under a credential-named key. `inHeader` only words the message ("an API
 * key header" rather than "an API key field").
 */
export function checkSensitiveKey(key: string, value: string, inHeader: boolean): SecretHit | undefined {
  const normalized = normalizeKey(key);
  const rule = SENSITIVE_KEYS.get(normalized);
  if (rule === undefined) return undefined;
  const placeholder =
    normalized === "cookie" || normalized === "set-cookie" ? redactCookies(value) : redactCredential(value, rule);
  if (placeholder === undefined) return undefined;
  return { kind: `${rule.noun} ${inHeader ? "header" : "field"} with a real-looking value`, placeholder };
}

/** A value that is not a stand-in and looks machine generated. */
function looksReal(value: string): boolean {
  return !isPlaceholder(value) && looksRandom(value);
}

/**
 * The suggestion for a credential, keeping its scheme (`Token <token>`), or undefined if it is not
 * real. `Basic` values are left to the value rule, which decodes them: base64 always looks random,
 * even when it encodes `user:<password>`, so only the decoded login can tell.
 */
function redactCredential(value: string, rule: KeyRule): string | undefined {
  const scheme = SCHEME.exec(value)?.groups?.["scheme"];
  if (scheme?.toLowerCase() === "basic") return undefined;
  const credential = scheme === undefined ? value : value.replace(SCHEME, "");
  if (!looksReal(credential.trim())) return undefined;
  return scheme === undefined ? rule.placeholder : `${scheme} <token>`;
}

/** Set-Cookie attributes: their values are dates and paths, not session data. */
const COOKIE_ATTRIBUTES = new Set([
  "expires",
  "max-age",
  "domain",
  "path",
  "samesite",
  "secure",
  "httponly",
  "priority",
]);

/**
 * `Cookie: theme=dark; session=…` and `Set-Cookie: session=…; Path=/` hold preferences next to
 * sessions, so each `name=value` pair is judged alone. Returns the header with real-looking
 * values replaced (`session=<value>; Path=/`), or undefined when there are none.
 */
function redactCookies(header: string): string | undefined {
  let found = false;
  const redacted = header.replace(
    /(^|;)(\s*)([^=;\s]+)=([^;]*)/g,
    (pair: string, lead: string, space: string, name: string, value: string) => {
      if (COOKIE_ATTRIBUTES.has(name.toLowerCase()) || !looksReal(value.trim().replace(/^"(.*)"$/, "$1"))) return pair;
      found = true;
      return `${lead}${space}${name}=<value>`;
    },
  );
  return found ? redacted : undefined;
}
