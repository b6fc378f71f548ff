import { isPlaceholder, looksRandom } from "./placeholder.js";

/** What a string value gives away, and the value to suggest instead. */
export interface SecretHit {
  readonly kind: string;
  readonly placeholder: string;
}

/**
 * A shape that is a credential wherever it appears. Patterns are global, bounded by look-arounds
 * so they never start inside a longer word, and without nested quantifiers, so a long string
 * costs linear time.
 */
interface ValueRule {
  readonly kind: string;
  /**
   * Text that every match of `pattern` contains: a cheap test that lets most strings (ids, dates,
   * prose) skip the rule. All triggers together make one case-insensitive pre-check per string.
   */
  readonly trigger: RegExp;
  readonly pattern: RegExp;
  /** Whether the match is a real credential rather than a stand-in or a look-alike. */
  readonly isReal: (match: RegExpExecArray) => boolean;
  /** The text that replaces the match in the suggested value. */
  readonly replacement: (match: RegExpExecArray) => string;
}

function group(match: RegExpExecArray, name: string): string {
  return match.groups?.[name] ?? "";
}

/**
 * A key recognised by its vendor prefix: `prefix` and `body` groups. The prefix is kept in the
 * suggestion (`sk_live_<redacted>`) so the user still sees which key belongs there.
 */
function prefixRule(kind: string, trigger: RegExp, pattern: RegExp, extraCheck?: (body: string) => boolean): ValueRule {
  return {
    kind,
    trigger,
    pattern,
    isReal: (match) => !isPlaceholder(group(match, "body")) && (extraCheck?.(group(match, "body")) ?? true),
    replacement: (match) => `${group(match, "prefix")}<redacted>`,
  };
}

/** Upper case, lower case and a digit: what 32+ characters of random base62 always have, and slugs do not. */
function mixedAlphanumeric(text: string): boolean {
  return /[a-z]/.test(text) && /[A-Z]/.test(text) && /\d/.test(text);
}

/**
 * `-----BEGIN … PRIVATE KEY-----` (PKCS#1, PKCS#8, EC, OpenSSH, encrypted, PGP `… KEY BLOCK`).
 * Also finds a key inside a JSON document held in a string, such as a pasted Google service
 * account (`"private_key": "-----BEGIN PRIVATE KEY-----\nMII…"`), where newlines are the two
 * characters `\n`. The body must be real: `-----BEGIN PRIVATE KEY-----\n...\n-----END…` is a stand-in.
 * Public keys and certificates are public, so they do not match.
 */
const PRIVATE_KEY: ValueRule = {
  kind: "a private key block",
  trigger: /-----BEGIN /,
  pattern:
    /-----BEGIN [A-Z0-9 ]{0,40}?PRIVATE KEY(?: BLOCK)?-----(?<body>[\s\S]*?)(?:-----END [A-Z0-9 ]{0,40}?PRIVATE KEY(?: BLOCK)?-----|$)/g,
  isReal: (match) => !isPlaceholder(group(match, "body").replace(/\\[nr]|\s/g, "")),
  replacement: () => "<private-key>",
};

/**
 * `scheme://user:password@host`. Only the password is replaced. Any non-placeholder password
 * counts, however short (`https://user:pass@host`): the shape leaves no doubt it is a login.
 * URLs without a password (`https://user@host`, `https://host/path`) do not match.
 */
const URL_PASSWORD: ValueRule = {
  kind: "a URL with a password",
  trigger: /:\/\//,
  pattern: /\b(?<scheme>[A-Za-z][A-Za-z0-9+.-]{0,31}):\/\/(?<user>[^\s:@/?#]*):(?<password>[^\s@/?#]+)@/g,
  isReal: (match) => !isPlaceholder(group(match, "password"), { minLength: 1 }),
  replacement: (match) => `${group(match, "scheme")}://${group(match, "user")}:<password>@`,
};

/**
 * A JWT: three base64url segments, the header starting `eyJ` (base64 of `{"`). To keep random
 * dotted ids out, the header must decode to a JSON object with an `alg`, as every JWS/JWE has.
 * The signature may be empty (`alg: none` tokens still authenticate on lax servers).
 */
const JWT: ValueRule = {
  kind: "a JSON Web Token",
  trigger: /eyJ/,
  pattern: /(?<![A-Za-z0-9_-])(?<header>eyJ[A-Za-z0-9_-]{2,})\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*/g,
  isReal: (match) => hasJwtHeader(group(match, "header")) && !isPlaceholder(match[0]),
  replacement: () => "<jwt>",
};

function hasJwtHeader(segment: string): boolean {
  try {
    const header: unknown = JSON.parse(Buffer.from(segment, "base64url").toString("utf8"));
    return typeof header === "object" && header !== null && "alg" in header;
  } catch {
    return false;
  }
}

/**
 * `Basic <base64>` whose payload decodes to `user:password` (printable text with a colon), so
 * "Basic plan" or "Basic information" in prose never match. As with URLs, a short login such as
 * `user:pass` counts; `user:<password>` and `test:test` do not.
 */
const BASIC_AUTH: ValueRule = {
  kind: "basic auth credentials",
  trigger: /basic\s/i,
  pattern: /\b(?<scheme>Basic)\s+(?<body>[A-Za-z0-9+/]{4,}={0,2})(?![A-Za-z0-9+/=])/gi,
  isReal: (match) => {
    const login = decodeBasic(group(match, "body"));
    return login !== undefined && !isPlaceholder(login, { minLength: 3 });
  },
  replacement: (match) => `${group(match, "scheme")} <credentials>`,
};

/** The `user:password` inside a Basic credential, or undefined when it is not one. */
function decodeBasic(base64: string): string | undefined {
  const bytes = Buffer.from(base64, "base64");
  // Node skips characters it cannot decode; a round trip proves the text was strict base64.
  if (bytes.toString("base64").replace(/=+$/, "") !== base64.replace(/=+$/, "")) return undefined;
  const text = bytes.toString("utf8");
  return /^[^\p{Cc}\uFFFD:]*:[^\p{Cc}\uFFFD]*$/u.test(text) ? text : undefined;
}

/**
 * `Bearer <token>` anywhere (headers, or a curl command in a description). The token must look
 * random like any value under a credential key, so "Bearer authentication is required" is prose.
 */
const BEARER: ValueRule = {
  kind: "a bearer token",
  trigger: /bearer\s/i,
  pattern: /\b(?<scheme>Bearer)\s+(?<body>[A-Za-z0-9\-._~+/]+=*)/gi,
  isReal: (match) => !isPlaceholder(group(match, "body")) && looksRandom(group(match, "body")),
  replacement: (match) => `${group(match, "scheme")} <token>`,
};

/**
 * In priority order: a later rule's match that overlaps an earlier rule's real match is dropped,
 * so `Bearer sk_live_…` is reported as a Stripe key (`Bearer sk_live_<redacted>`), and the most
 * specific kind names the finding. Vendor prefixes follow each vendor's documented format.
 */
const VALUE_RULES: readonly ValueRule[] = [
  PRIVATE_KEY,
  URL_PASSWORD,
  // Stripe live keys only: `sk_test_`/`rk_test_` keys cannot move money, and docs are full of them.
  prefixRule("a live Stripe secret key", /sk_live_/, /(?<![A-Za-z0-9_])(?<prefix>sk_live_)(?<body>[A-Za-z0-9]{16,})/g),
  prefixRule(
    "a live Stripe restricted key",
    /rk_live_/,
    /(?<![A-Za-z0-9_])(?<prefix>rk_live_)(?<body>[A-Za-z0-9]{16,})/g,
  ),
  // AKIA: long-term key id, ASIA: temporary (STS) key id; always 20 upper-case characters.
  prefixRule(
    "an AWS access key id",
    /A[KS]IA/,
    /(?<![A-Za-z0-9])(?<prefix>AKIA|ASIA)(?<body>[A-Z0-9]{16})(?![A-Za-z0-9])/g,
  ),
  // Personal, OAuth, user-to-server, server-to-server and refresh tokens: prefix + 36 base62.
  prefixRule(
    "a GitHub token",
    /gh[pousr]_/,
    /(?<![A-Za-z0-9_])(?<prefix>gh[pousr]_)(?<body>[A-Za-z0-9]{36})(?![A-Za-z0-9])/g,
  ),
  prefixRule("a GitHub token", /github_pat_/, /(?<![A-Za-z0-9_])(?<prefix>github_pat_)(?<body>[A-Za-z0-9_]{22,})/g),
  // Bot, user, app and refresh tokens.
  prefixRule("a Slack token", /xox[bpar]-/, /(?<![A-Za-z0-9-])(?<prefix>xox[bpar]-)(?<body>[A-Za-z0-9-]{10,})/g),
  prefixRule(
    "a Google API key",
    /AIza/,
    /(?<![A-Za-z0-9_-])(?<prefix>AIza)(?<body>[A-Za-z0-9_-]{35})(?![A-Za-z0-9_-])/g,
  ),
  prefixRule(
    "a SendGrid API key",
    /SG\./,
    /(?<![A-Za-z0-9_-])(?<prefix>SG\.)(?<body>[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])/g,
  ),
  // `sk-` + 32 or more (OpenAI, also `sk-proj-…`, and look-alikes from other AI vendors). `sk-` is
  // a common slug prefix too (`sk-winter-jacket-…`), hence the mixed-case-and-digit check.
  prefixRule(
    "an OpenAI-style secret key",
    /sk-/,
    /(?<![A-Za-z0-9_-])(?<prefix>sk-)(?![Tt][Ee][Ss][Tt])(?<body>[A-Za-z0-9_-]{32,})/g,
    mixedAlphanumeric,
  ),
  // Twilio API key SIDs: `SK` + 32 hex digits.
  prefixRule("a Twilio API key", /SK/, /(?<![A-Za-z0-9])(?<prefix>SK)(?<body>[0-9a-fA-F]{32})(?![A-Za-z0-9])/g),
  JWT,
  BASIC_AUTH,
  BEARER,
];

/** Whether any rule could match: two passes over the string instead of one per rule. */
function anyTrigger(rules: readonly ValueRule[]): (text: string) => boolean {
  const union = (flags: string) => {
    const sources = rules.filter((rule) => rule.trigger.flags === flags).map((rule) => `(?:${rule.trigger.source})`);
    return sources.length === 0 ? /(?!)/ : new RegExp(sources.join("|"), flags);
  };
  const caseSensitive = union("");
  const caseInsensitive = union("i");
  if (rules.some((rule) => rule.trigger.flags !== "" && rule.trigger.flags !== "i")) {
    throw new Error("a trigger may only have the flag i");
  }
  return (text) => caseSensitive.test(text) || caseInsensitive.test(text);
}

const mayHoldSecret = anyTrigger(VALUE_RULES);

/** The rules, for tests that hold each trigger to its pattern. */
export const valueRulesForTesting: readonly Pick<ValueRule, "kind" | "trigger" | "pattern">[] = VALUE_RULES;

interface Span {
  readonly start: number;
  readonly end: number;
  readonly kind: string;
  readonly replacement: string;
}

/**
 * The credentials written anywhere in `text`: the kind of the highest-priority one, and `text`
 * with every one replaced, so the suggestion is safe as a whole even when a value holds several.
 */
export function scanString(text: string): SecretHit | undefined {
  if (!mayHoldSecret(text)) return undefined;
  const spans: Span[] = [];
  for (const rule of VALUE_RULES) {
    if (!rule.trigger.test(text)) continue;
    for (const match of text.matchAll(rule.pattern)) {
      const start = match.index;
      const end = start + match[0].length;
      if (spans.some((span) => start < span.end && span.start < end) || !rule.isReal(match)) continue;
      spans.push({ start, end, kind: rule.kind, replacement: rule.replacement(match) });
    }
  }
  const first = spans[0];
  if (first === undefined) return undefined;
  return { kind: first.kind, placeholder: replaceSpans(text, spans) };
}

function replaceSpans(text: string, spans: readonly Span[]): string {
  let out = "";
  let at = 0;
  for (const span of [...spans].sort((a, b) => a.start - b.start)) {
    out += text.slice(at, span.start) + span.replacement;
    at = span.end;
  }
  return out + text.slice(at);
}
