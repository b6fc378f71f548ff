import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { KeyPath } from "../../src/extract/key-path.js";
import { getOwn, isJsonObject, setOwn, type JsonObject, type JsonValue } from "../../src/util/json.js";
import { findSecrets, isPlaceholder, looksRandom, shannonEntropy } from "../../src/secrets/index.js";
import { valueRulesForTesting } from "../../src/secrets/value-rules.js";

// Every credential in this file is assembled at run time from a prefix and filler, so that no
// string literal here matches a secret pattern: GitHub push protection and other scanners would
// flag the file (and a real-looking literal is exactly what this module teaches users to avoid).

/** `alphabet` repeated to `length` characters. The default mixes cases and digits like base62 noise. */
function filler(length: number, alphabet = "a1B2c3D4e5F6g7H8"): string {
  return alphabet.repeat(Math.ceil(length / alphabet.length)).slice(0, length);
}
const upper = (length: number): string => filler(length, "Q7RZ2KMP4W8NX3JT");
const hex = (length: number): string => filler(length, "0a1b2c3d4e5f6789");
const base64 = (text: string): string => Buffer.from(text).toString("base64");
const base64url = (text: string): string => Buffer.from(text).toString("base64url");

const BEGIN = "-----BEGIN ";
function pem(label: string, body: string): string {
  return `${BEGIN}${label}-----\n${body}\n-----END ${label}-----`;
}
function jwt(signature: string): string {
  const header = base64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
  const claims = base64url(JSON.stringify({ sub: "cus_123", exp: 1732665600 }));
  return `${header}.${claims}.${signature}`;
}

const secret = {
  token: filler(40),
  stripeLive: "sk_live_" + filler(24),
  stripeRestricted: "rk_live_" + filler(24),
  aws: "AKIA" + upper(16),
  awsTemporary: "ASIA" + upper(16),
  githubPat: "github_pat_" + filler(22) + "_" + filler(59),
  google: "AIza" + filler(35),
  openai: "sk-" + filler(48),
  openaiProject: "sk-proj-" + filler(64),
  sendgrid: "SG." + filler(22) + "." + filler(43),
  twilio: "SK" + hex(32),
  jwt: jwt(filler(43)),
  privateKey: pem("RSA PRIVATE KEY", [filler(64), filler(64), filler(20) + "=="].join("\n")),
  opensshKey: pem("OPENSSH PRIVATE KEY", filler(70)),
  basic: "Basic " + base64("merchant:" + filler(12)),
};

/** A sample with the four parts, the given ones filled in. */
function sample(parts: Partial<Record<"headers" | "query" | "body" | "params", JsonObject>>): JsonObject {
  return { headers: {}, query: {}, body: {}, params: {}, ...parts };
}

interface Found {
  readonly name: string;
  readonly payload: JsonValue;
  readonly path: KeyPath;
  readonly kind: string;
  readonly placeholder: string;
}

const GITHUB_PREFIXES = ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"];
const SLACK_PREFIXES = ["xoxb-", "xoxp-", "xoxa-", "xoxr-"];

/** Credentials recognised by their shape, wherever they are. */
const BY_SHAPE: readonly Found[] = [
  {
    name: "a bearer token in the authorization header",
    payload: sample({ headers: { authorization: "Bearer " + secret.token } }),
    path: ["headers", "authorization"],
    kind: "a bearer token",
    placeholder: "Bearer <token>",
  },
  {
    name: "a bearer token with 'latest' in it (test only counts as a word)",
    payload: sample({ headers: { authorization: "bearer latest" + filler(20) } }),
    path: ["headers", "authorization"],
    kind: "a bearer token",
    placeholder: "bearer <token>",
  },
  {
    name: "a bearer token in a curl command in a description",
    payload: sample({ body: { description: `curl -H "Authorization: Bearer ${secret.token}" https://api.acme.dev` } }),
    path: ["body", "description"],
    kind: "a bearer token",
    placeholder: 'curl -H "Authorization: Bearer <token>" https://api.acme.dev',
  },
  {
    name: "basic auth credentials",
    payload: sample({ headers: { Authorization: secret.basic } }),
    path: ["headers", "Authorization"],
    kind: "basic auth credentials",
    placeholder: "Basic <credentials>",
  },
  {
    name: "short basic auth credentials (user:pass)",
    payload: sample({ headers: { "proxy-authorization": "Basic " + base64("user:pass") } }),
    path: ["headers", "proxy-authorization"],
    kind: "basic auth credentials",
    placeholder: "Basic <credentials>",
  },
  {
    name: "a PEM private key in the body",
    payload: sample({ body: { config: { private_key: secret.privateKey } } }),
    path: ["body", "config", "private_key"],
    kind: "a private key block",
    placeholder: "<private-key>",
  },
  {
    name: "an OpenSSH private key in an array",
    payload: sample({ body: { keys: [{ name: "deploy", key: secret.opensshKey }] } }),
    path: ["body", "keys", 0, "key"],
    kind: "a private key block",
    placeholder: "<private-key>",
  },
  {
    name: "a private key inside JSON held in a string",
    payload: sample({
      body: { credentials: JSON.stringify({ type: "service_account", private_key: secret.privateKey }) },
    }),
    path: ["body", "credentials"],
    kind: "a private key block",
    placeholder: JSON.stringify({ type: "service_account", private_key: "<private-key>" }),
  },
  {
    name: "a live Stripe secret key in an array",
    payload: sample({ body: { keys: ["ok", secret.stripeLive] } }),
    path: ["body", "keys", 1],
    kind: "a live Stripe secret key",
    placeholder: "sk_live_<redacted>",
  },
  {
    name: "a live Stripe restricted key in the query",
    payload: sample({ query: { key: secret.stripeRestricted } }),
    path: ["query", "key"],
    kind: "a live Stripe restricted key",
    placeholder: "rk_live_<redacted>",
  },
  {
    name: "a Stripe key used as a bearer token (the vendor kind wins)",
    payload: sample({ headers: { authorization: "Bearer " + secret.stripeLive } }),
    path: ["headers", "authorization"],
    kind: "a live Stripe secret key",
    placeholder: "Bearer sk_live_<redacted>",
  },
  {
    name: "an AWS access key id",
    payload: sample({ body: { aws: { accessKeyId: secret.aws } } }),
    path: ["body", "aws", "accessKeyId"],
    kind: "an AWS access key id",
    placeholder: "AKIA<redacted>",
  },
  {
    name: "an AWS temporary access key id nested in arrays",
    payload: sample({ body: { items: [[], [{ credentials: [secret.awsTemporary] }]] } }),
    path: ["body", "items", 1, 0, "credentials", 0],
    kind: "an AWS access key id",
    placeholder: "ASIA<redacted>",
  },
  ...GITHUB_PREFIXES.map((prefix, index) => ({
    name: `a GitHub ${prefix} token`,
    payload: sample({ body: { integrations: [...Array<string>(index).fill("none"), prefix + filler(36)] } }),
    path: ["body", "integrations", index],
    kind: "a GitHub token",
    placeholder: `${prefix}<redacted>`,
  })),
  {
    name: "a GitHub fine-grained token",
    payload: sample({ body: { github: secret.githubPat } }),
    path: ["body", "github"],
    kind: "a GitHub token",
    placeholder: "github_pat_<redacted>",
  },
  ...SLACK_PREFIXES.map((prefix) => ({
    name: `a Slack ${prefix} token`,
    payload: sample({ body: { slack: { bot: `${prefix}123456789012-${filler(24)}` } } }),
    path: ["body", "slack", "bot"],
    kind: "a Slack token",
    placeholder: `${prefix}<redacted>`,
  })),
  {
    name: "a Google API key in the query",
    payload: sample({ query: { key: secret.google } }),
    path: ["query", "key"],
    kind: "a Google API key",
    placeholder: "AIza<redacted>",
  },
  {
    name: "an OpenAI-style key in an API key header (the vendor kind wins)",
    payload: sample({ headers: { "x-api-key": secret.openai } }),
    path: ["headers", "x-api-key"],
    kind: "an OpenAI-style secret key",
    placeholder: "sk-<redacted>",
  },
  {
    name: "an OpenAI project key",
    payload: sample({ body: { settings: { llm: secret.openaiProject } } }),
    path: ["body", "settings", "llm"],
    kind: "an OpenAI-style secret key",
    placeholder: "sk-<redacted>",
  },
  {
    name: "a SendGrid API key",
    payload: sample({ body: { mail: { sendgrid: secret.sendgrid } } }),
    path: ["body", "mail", "sendgrid"],
    kind: "a SendGrid API key",
    placeholder: "SG.<redacted>",
  },
  {
    name: "a Twilio API key",
    payload: sample({ params: { sid: secret.twilio } }),
    path: ["params", "sid"],
    kind: "a Twilio API key",
    placeholder: "SK<redacted>",
  },
  {
    name: "a JWT in the query",
    payload: sample({ query: { id_token: secret.jwt } }),
    path: ["query", "id_token"],
    kind: "a JSON Web Token",
    placeholder: "<jwt>",
  },
  {
    name: "a JWT used as a bearer token",
    payload: sample({ headers: { authorization: "Bearer " + secret.jwt } }),
    path: ["headers", "authorization"],
    kind: "a JSON Web Token",
    placeholder: "Bearer <jwt>",
  },
  {
    name: "a database URL with a password",
    payload: sample({ body: { database_url: `postgres://app:${filler(12)}@db.internal:5432/orders` } }),
    path: ["body", "database_url"],
    kind: "a URL with a password",
    placeholder: "postgres://app:<password>@db.internal:5432/orders",
  },
  {
    name: "a URL with a short password",
    payload: sample({ body: { webhook: { url: "https://user:pass@host/hook" } } }),
    path: ["body", "webhook", "url"],
    kind: "a URL with a password",
    placeholder: "https://user:<password>@host/hook",
  },
  {
    name: "two credentials in one value (the first rule names it, both are replaced)",
    payload: sample({ body: { note: `old ${secret.aws} new ${secret.stripeLive}` } }),
    path: ["body", "note"],
    kind: "a live Stripe secret key",
    placeholder: "old AKIA<redacted> new sk_live_<redacted>",
  },
  {
    name: "a credential as the whole payload",
    payload: secret.stripeLive,
    path: [],
    kind: "a live Stripe secret key",
    placeholder: "sk_live_<redacted>",
  },
];

/** Random-looking values under credential-named keys. */
const BY_KEY: readonly Found[] = [
  {
    name: "an API key header",
    payload: sample({ headers: { "x-api-key": filler(32) } }),
    path: ["headers", "x-api-key"],
    kind: "an API key header with a real-looking value",
    placeholder: "<api-key>",
  },
  {
    name: "an API key header holding a uuid, any case",
    payload: sample({ headers: { "X-API-Key": "3f1c2a9e-8b7d-4e6f-9a0b-1c2d3e4f5a6b" } }),
    path: ["headers", "X-API-Key"],
    kind: "an API key header with a real-looking value",
    placeholder: "<api-key>",
  },
  {
    name: "an apikey query parameter",
    payload: sample({ query: { apikey: filler(24) } }),
    path: ["query", "apikey"],
    kind: "an API key field with a real-looking value",
    placeholder: "<api-key>",
  },
  {
    name: "an api_key in the body",
    payload: sample({ body: { api_key: hex(40) } }),
    path: ["body", "api_key"],
    kind: "an API key field with a real-looking value",
    placeholder: "<api-key>",
  },
  {
    name: "an x-auth-token header",
    payload: sample({ headers: { "x-auth-token": filler(32) } }),
    path: ["headers", "x-auth-token"],
    kind: "an auth token header with a real-looking value",
    placeholder: "<token>",
  },
  {
    name: "an x-access-token header",
    payload: sample({ headers: { "x-access-token": filler(32) } }),
    path: ["headers", "x-access-token"],
    kind: "an access token header with a real-looking value",
    placeholder: "<token>",
  },
  {
    name: "an access_token query parameter",
    payload: sample({ query: { access_token: filler(32) } }),
    path: ["query", "access_token"],
    kind: "an access token field with a real-looking value",
    placeholder: "<token>",
  },
  {
    name: "a refresh token in camelCase",
    payload: sample({ body: { oauth: { refreshToken: filler(48) } } }),
    path: ["body", "oauth", "refreshToken"],
    kind: "a refresh token field with a real-looking value",
    placeholder: "<refresh-token>",
  },
  {
    name: "a client secret",
    payload: sample({ body: { oauth: { client_secret: filler(32) } } }),
    path: ["body", "oauth", "client_secret"],
    kind: "a client secret field with a real-looking value",
    placeholder: "<client-secret>",
  },
  {
    name: "a password",
    payload: sample({ body: { user: { password: filler(20) } } }),
    path: ["body", "user", "password"],
    kind: "a password field with a real-looking value",
    placeholder: "<password>",
  },
  {
    name: "a 12-character random password (by entropy)",
    payload: sample({ body: { password: "qW7rT2yU9iOp" } }),
    path: ["body", "password"],
    kind: "a password field with a real-looking value",
    placeholder: "<password>",
  },
  {
    name: "a webhook secret",
    payload: sample({ body: { webhook: { secret: "whsec_" + filler(32) } } }),
    path: ["body", "webhook", "secret"],
    kind: "a secret field with a real-looking value",
    placeholder: "<secret>",
  },
  {
    name: "a private key that is not a PEM block",
    payload: sample({ body: { privateKey: base64(filler(32)) } }),
    path: ["body", "privateKey"],
    kind: "a private key field with a real-looking value",
    placeholder: "<private-key>",
  },
  {
    name: "an access token in an array of objects",
    payload: sample({ body: { items: [{ access_token: "short" }, {}, { access_token: filler(24) }] } }),
    path: ["body", "items", 2, "access_token"],
    kind: "an access token field with a real-looking value",
    placeholder: "<token>",
  },
  {
    name: "an authorization header with another scheme",
    payload: sample({ headers: { authorization: "Token " + filler(40) } }),
    path: ["headers", "authorization"],
    kind: "an authorization header with a real-looking value",
    placeholder: "Token <token>",
  },
  {
    name: "an authorization header without a scheme",
    payload: sample({ headers: { authorization: filler(40) } }),
    path: ["headers", "authorization"],
    kind: "an authorization header with a real-looking value",
    placeholder: "<credentials>",
  },
  {
    name: "a session cookie next to a preference",
    payload: sample({ headers: { cookie: `theme=dark; session=${filler(32)}` } }),
    path: ["headers", "cookie"],
    kind: "a cookie header with a real-looking value",
    placeholder: "theme=dark; session=<value>",
  },
  {
    name: "a Set-Cookie header in an array",
    payload: sample({
      headers: {
        "Set-Cookie": [
          "theme=dark; Path=/",
          `sid=${filler(32)}; Path=/; HttpOnly; Expires=Wed, 21 Oct 2026 07:28:00 GMT`,
        ],
      },
    }),
    path: ["headers", "Set-Cookie", 1],
    kind: "a cookie header with a real-looking value",
    placeholder: "sid=<value>; Path=/; HttpOnly; Expires=Wed, 21 Oct 2026 07:28:00 GMT",
  },
];

/** Values that must not be reported: stand-ins, test keys, signatures, ids, hashes, prose. */
const NOT_SECRETS: readonly { readonly name: string; readonly payload: JsonValue }[] = [
  // In a body these keys usually name identifiers (a cart token, a payment authorization id).
  { name: "a cart token in the body", payload: sample({ body: { token: filler(32) } }) },
  { name: "a payment authorization id in the body", payload: sample({ body: { authorization: filler(28) } }) },
  ...[
    "Bearer <token>",
    "Bearer {{access_token}}",
    "Bearer ${TOKEN}",
    "Bearer xxxxxxxxxxxxxxxxxxxxxxxx",
    "Bearer XXXX-XXXX-XXXX-XXXX-XXXX",
    "Bearer ************************",
    "Bearer eyJhbGciOiJIUzI1NiJ9...",
    "Bearer [REDACTED]",
    "Bearer placeholder-token-0123456789",
    "Bearer example-token-0123456789",
    "Bearer YOUR_ACCESS_TOKEN_0123456789",
    "Bearer your-token-here-0123456789",
    "Bearer changeme-0123456789abcdef",
    "Bearer dummy-token-0123456789abcdef",
    "Bearer fake-token-0123456789abcdef",
    "Bearer test-token-0123456789abcdef",
    "Bearer abc123",
    "Bearer " + "a".repeat(32),
    "Bearer ",
    "",
    "Basic " + base64("user:<password>"),
    "Basic " + base64("test:test"),
    "Basic " + base64("no credentials here"),
    "Token short",
  ].map((authorization) => ({
    name: `authorization: ${JSON.stringify(authorization)}`,
    payload: sample({ headers: { authorization } }),
  })),
  ...["<api-key>", "YOUR_API_KEY", "", "abc123", "0".repeat(32), "sk_test_" + filler(24), "xoxb-your-token"].map(
    (key) => ({ name: `x-api-key: ${JSON.stringify(key)}`, payload: sample({ headers: { "x-api-key": key } }) }),
  ),
  { name: "a Stripe test key", payload: sample({ body: { key: "sk_test_" + filler(24) } }) },
  { name: "a Stripe restricted test key", payload: sample({ body: { key: "rk_test_" + filler(24) } }) },
  { name: "a Stripe test key as a secret", payload: sample({ body: { secret: "sk_test_" + filler(24) } }) },
  { name: "an OpenAI-style test key", payload: sample({ body: { key: "sk-test-" + filler(40) } }) },
  { name: "a slug starting with sk-", payload: sample({ body: { sku: "sk-winter-jacket-blue-large-2024-edition" } }) },
  { name: "the AWS documentation key id", payload: sample({ body: { aws: "AKIA" + "IOSFODNN7EXAMPLE" } }) },
  { name: "a masked Stripe key", payload: sample({ body: { key: "sk_live_" + "x".repeat(24) } }) },
  { name: "a redacted Stripe key", payload: sample({ body: { key: "sk_live_<redacted>" } }) },
  { name: "a truncated Stripe key", payload: sample({ body: { key: "sk_live_..." } }) },
  { name: "a masked GitHub token", payload: sample({ body: { key: "ghp_" + "X".repeat(36) } }) },
  { name: "a repeated-character AWS key id", payload: sample({ body: { key: "AKIA" + "0".repeat(16) } }) },
  {
    name: "a Stripe signature header",
    payload: sample({ headers: { "stripe-signature": `t=1732665600,v1=${hex(64)}` } }),
  },
  {
    name: "a placeholder signature header",
    payload: sample({ headers: { "x-acme-signature": "t=1732665600,v1=<signature>" } }),
  },
  {
    name: "a GitHub signature header",
    payload: sample({ headers: { "X-Hub-Signature-256": `sha256=${hex(64)}` } }),
  },
  {
    name: "a signature header with an md5-sized hex",
    payload: sample({ headers: { "x-acme-signature": "sha256=5d41402abc4b2a76b9719d911017c592" } }),
  },
  { name: "a signature header holding a JWT", payload: sample({ headers: { "x-webhook-signature": secret.jwt } }) },
  {
    name: "an HMAC header by another name",
    payload: sample({ headers: { "x-shopify-hmac-sha256": base64(filler(32)) } }),
  },
  {
    name: "ids",
    payload: sample({
      headers: { "x-request-id": "3f1c2a9e-8b7d-4e6f-9a0b-1c2d3e4f5a6b" },
      body: {
        id: "txn_01HZX4K9Q2",
        event: "evt_1NG8Du2eZvKYlo2CWj6dOQMO",
        customer: "cus_NffrFeUfNV2Hib",
        idempotency_key: "6c1b0f7e-3a2d-4b8c-9e1f-0a2b3c4d5e6f",
        ulid: "01HZX4K9Q2M8N7P6R5S4T3V2W1",
      },
    }),
  },
  {
    name: "hashes in ordinary fields",
    payload: sample({ body: { checksum: `sha256:${hex(64)}`, file: { md5: hex(32), etag: `"${hex(40)}"` } } }),
  },
  {
    name: "emails and URLs without a password",
    payload: sample({
      body: {
        email: "ops@acme.dev",
        url: "https://api.acme.dev/v1/charges?limit=10&starting_after=ch_123",
        login: "https://user@acme.dev/path",
        contact: "mailto:ops@acme.dev",
        templated: "postgres://app:${DB_PASSWORD}@db/app",
        placeholder: "https://user:<password>@host",
      },
    }),
  },
  {
    name: "short values under credential keys",
    payload: sample({ body: { password: "hunter2", secret: "s3cr3t!", token: "tok_visa" } }),
  },
  {
    name: "prose",
    payload: sample({
      body: {
        token: "not a real token, see the docs for how to get one",
        description: "Basic plan customers use Bearer authentication",
      },
    }),
  },
  {
    name: "a short word under a credential key",
    payload: sample({ body: { password: "password", secret: "whatever" } }),
  },
  { name: "preference cookies", payload: sample({ headers: { cookie: "theme=dark; lang=en-GB" } }) },
  {
    name: "a Set-Cookie header with a placeholder",
    payload: sample({
      headers: { "set-cookie": "session=<session-id>; Path=/; Expires=Wed, 21 Oct 2026 07:28:00 GMT; HttpOnly" },
    }),
  },
  {
    name: "private key stand-ins",
    payload: sample({
      body: {
        a: pem("PRIVATE KEY", "..."),
        b: pem("PRIVATE KEY", "<your key>"),
        c: `${BEGIN}PRIVATE KEY-----\\n...\\n-----END PRIVATE KEY-----`,
        private_key: "<private-key>",
      },
    }),
  },
  { name: "a public key", payload: sample({ body: { public_key: pem("PUBLIC KEY", filler(64)) } }) },
  {
    name: "a dotted id that is not a JWT",
    payload: sample({ body: { ref: `eyJ${filler(20)}.${filler(20)}.${filler(20)}` } }),
  },
  {
    name: "non-string values under credential keys",
    payload: sample({
      body: { password: 12345678901234567, secret: true, token: null, authorization: ["Bearer <token>"] },
    }),
  },
];

describe("findSecrets", () => {
  it.each(BY_SHAPE)("finds $name", ({ payload, path, kind, placeholder }) => {
    expect(findSecrets(payload)).toEqual([{ path, kind, placeholder }]);
  });

  it.each(BY_KEY)("finds $name", ({ payload, path, kind, placeholder }) => {
    expect(findSecrets(payload)).toEqual([{ path, kind, placeholder }]);
  });

  it.each(NOT_SECRETS)("ignores $name", ({ payload }) => {
    expect(findSecrets(payload)).toEqual([]);
  });

  it("reports in document order, one finding per value", () => {
    const payload = sample({
      headers: { authorization: "Bearer " + secret.token, "x-api-key": filler(32) },
      body: { keys: [secret.stripeLive, { nested: secret.jwt }], password: filler(20) },
    });
    expect(findSecrets(payload).map((finding) => finding.path)).toEqual([
      ["headers", "authorization"],
      ["headers", "x-api-key"],
      ["body", "keys", 0],
      ["body", "keys", 1, "nested"],
      ["body", "password"],
    ]);
  });

  it("reads keys such as __proto__ and constructor as data", () => {
    const body: JsonObject = {};
    setOwn(body, "__proto__", { password: filler(20) });
    setOwn(body, "constructor", secret.stripeLive);
    expect(findSecrets(sample({ body })).map((finding) => finding.path)).toEqual([
      ["body", "__proto__", "password"],
      ["body", "constructor"],
    ]);
  });

  it("walks deep payloads without recursion", () => {
    let deep: JsonValue = secret.stripeLive;
    for (let i = 0; i < 20_000; i++) deep = i % 2 === 0 ? [deep] : { a: deep };
    const [finding] = findSecrets(deep);
    expect(finding?.path).toHaveLength(20_000);
    expect(finding?.kind).toBe("a live Stripe secret key");
  });

  it("stays fast on long strings full of near-misses", () => {
    const text = ["a.".repeat(20_000), "eyJ".repeat(10_000), "Bearer ".repeat(5_000), "https://a:".repeat(5_000)];
    const started = performance.now();
    for (const value of text) expect(findSecrets(value)).toEqual([]);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

describe("placeholder rules", () => {
  it("tells stand-ins from values", () => {
    for (const value of ["", "   ", "<token>", "{{x}}", "${X}", "abcxxxdef123", "***", "a...b", "REDACTED_0123"]) {
      expect(isPlaceholder(value), value).toBe(true);
    }
    for (const value of ["your_key_0123", "Example-0123", "test_key_0123", "sk_test_0123", "11111111", "short"]) {
      expect(isPlaceholder(value), value).toBe(true);
    }
    for (const value of ["latest-build-0123", "attestation01", "a1B2c3D4"]) {
      expect(isPlaceholder(value), value).toBe(false);
    }
    expect(isPlaceholder("pass", { minLength: 1 })).toBe(false);
  });

  it("judges randomness by alphabet mix or entropy", () => {
    expect(shannonEntropy("")).toBe(0);
    expect(shannonEntropy("aaaa")).toBe(0);
    expect(shannonEntropy("abcd")).toBe(2);
    expect(looksRandom(filler(16))).toBe(true);
    expect(looksRandom("abcdefghijklmnop")).toBe(true); // 16 distinct letters: 4 bits per character
    expect(looksRandom("correcthorsebattery")).toBe(false); // letters only, about 3.2 bits
    expect(looksRandom("a1b2c3d4e5f6")).toBe(true); // 12 distinct: 3.58 bits
    expect(looksRandom("not a real token at all 123")).toBe(false);
  });
});

// Property tests.

const ORDINARY_KEYS = [
  "id",
  "name",
  "email",
  "amount",
  "currency",
  "status",
  "items",
  "sku",
  "created",
  "description",
  "metadata",
  "type",
  "data",
  "object",
  "customer",
  "note",
  "x-request-id",
  "content-type",
];

/** Strings without any trigger: lowercase words, uuids and hex digests. */
const ordinaryText = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz "), maxLength: 40 }) },
  fc.uuid(),
  fc.stringMatching(/^[0-9a-f]{32,64}$/),
);

const ordinaryJson = fc.letrec<{ value: JsonValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    ordinaryText,
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.array(fc.tuple(fc.constantFrom(...ORDINARY_KEYS), tie("value")), { maxLength: 5 }).map(toObject),
  ),
})).value;

/** Keys that break naive code, mixed into arbitrary JSON. */
const trickyKey = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.constantFrom("__proto__", "constructor", "toString", "hasOwnProperty", "password", "authorization", "cookie"),
);

const anyJson = fc.letrec<{ value: JsonValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    fc.jsonValue({ maxDepth: 2 }).map((value) => value as JsonValue),
    fc.string(),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.array(fc.tuple(trickyKey, tie("value")), { maxLength: 5 }).map(toObject),
  ),
})).value;

function toObject(entries: readonly (readonly [string, JsonValue])[]): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of entries) setOwn(out, key, value);
  return out;
}

/** Letters with no vowel and no x, so random filler can never spell `test`, `fake` or `xxx`. */
const NO_WORDS = "bcdfghjkmnpqrstvwzBCDFGHJKLMNPQRSTVWZ0123456789";

/** Random filler of `length`, led by upper case, lower case and a digit so it is never one repeated character. */
function noise(length: number, alphabet = NO_WORDS, lead = "k7Q2"): fc.Arbitrary<string> {
  const unit = fc.constantFrom(...alphabet);
  return fc.string({ unit, minLength: length - lead.length, maxLength: length - lead.length }).map((s) => lead + s);
}

const plantedSecret = fc.oneof(
  noise(24).map((s) => "sk_live_" + s),
  noise(24).map((s) => "rk_live_" + s),
  noise(16, "BCDFGHJKLMNPQRSTVWZ0123456789", "Q7").map((s) => "AKIA" + s),
  fc.tuple(fc.constantFrom(...GITHUB_PREFIXES), noise(36)).map(([prefix, s]) => prefix + s),
  fc.tuple(fc.constantFrom(...SLACK_PREFIXES), noise(30)).map(([prefix, s]) => prefix + s),
  noise(35).map((s) => "AIza" + s),
  noise(48).map((s) => "sk-" + s),
  fc.tuple(noise(22), noise(43)).map(([a, b]) => `SG.${a}.${b}`),
  noise(32, "0123456789abcdef", "0a").map((s) => "SK" + s),
  noise(43).map(jwt),
  noise(40).map((s) => "Bearer " + s),
  noise(12).map((s) => "Basic " + base64(`user:${s}`)),
  noise(12).map((s) => `https://user:${s}@db.internal/app`),
  noise(64).map((s) => pem("PRIVATE KEY", s)),
);

/** Follows `path` through own properties; undefined when it leads nowhere. */
function at(value: JsonValue, path: KeyPath): JsonValue | undefined {
  let node: JsonValue | undefined = value;
  for (const step of path) {
    if (Array.isArray(node) && typeof step === "number") node = node[step];
    else if (isJsonObject(node) && typeof step === "string") node = getOwn(node, step);
    else return undefined;
  }
  return node;
}

describe("findSecrets properties", () => {
  it("finds nothing in JSON without trigger patterns", () => {
    fc.assert(
      fc.property(ordinaryJson, (payload) => {
        expect(findSecrets(payload)).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  it("never throws on arbitrary JSON, and every finding points at a string", () => {
    fc.assert(
      fc.property(anyJson, (payload) => {
        for (const finding of findSecrets(payload)) expect(typeof at(payload, finding.path)).toBe("string");
      }),
      { numRuns: 500 },
    );
  });

  it("finds every planted secret, and its placeholder is never reported", () => {
    const entry = fc.oneof(
      { weight: 2, arbitrary: ordinaryJson.map((value) => ({ planted: false, value })) },
      plantedSecret.map((value) => ({ planted: true, value })),
    );
    fc.assert(
      fc.property(ordinaryJson, fc.array(entry, { maxLength: 6 }), (context, entries) => {
        const items = entries.map((e) => e.value);
        const payload = sample({ headers: { "x-request-id": "r1" }, body: { context, items } });
        const findings = findSecrets(payload);
        const planted = entries.flatMap((e, index) => (e.planted ? [["body", "items", index]] : []));
        expect(findings.map((finding) => finding.path)).toEqual(planted);
        for (const finding of findings) {
          const index = finding.path[2];
          if (typeof index === "number") items[index] = finding.placeholder;
        }
        expect(findSecrets(payload)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});

describe("value rule triggers", () => {
  // scanString skips a rule whose trigger is absent, so a trigger must be found in every match
  // of its pattern; otherwise a secret would be missed silently.
  const fragments = fc.constantFrom(
    ...Object.values(secret),
    "Bearer " + filler(30),
    "bearer\t" + filler(30),
    "BASIC " + base64("a:" + filler(8)),
    "postgres://app:" + filler(10) + "@db/app",
    "HTTPS://u:p@h",
    " ",
    "-",
    "_",
    ".",
    "=",
    "/",
  );
  const text = fc
    .array(fc.oneof(fragments, fc.string({ maxLength: 6 })), { maxLength: 8 })
    .map((parts) => parts.join(""));

  it("every match of a rule's pattern contains the rule's trigger", () => {
    fc.assert(
      fc.property(text, (value) => {
        for (const rule of valueRulesForTesting) {
          for (const match of value.matchAll(rule.pattern)) expect(rule.trigger.test(match[0])).toBe(true);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it("every planted secret sets off its rule's trigger", () => {
    // `token` is found by its key, not by its shape.
    for (const [name, value] of Object.entries(secret)) {
      if (name === "token") continue;
      const matched = valueRulesForTesting.filter((rule) => [...value.matchAll(rule.pattern)].length > 0);
      expect(matched.length, value).toBeGreaterThan(0);
      for (const rule of matched) expect(rule.trigger.test(value), rule.kind).toBe(true);
    }
  });
});
