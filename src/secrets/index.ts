/**
 * Finds credentials pasted into an event's `sample` (or examples). Samples are committed to git
 * and sent to the Ductape platform, so a real token there leaks twice; users are expected to
 * write placeholders instead (`Bearer <token>`), and the findings say which.
 *
 * Two kinds of evidence, checked per string value:
 * - its shape, wherever it is: PEM private keys, URLs with a password, vendor-prefixed keys
 *   (live Stripe, AWS, GitHub, Slack, Google, OpenAI-style, SendGrid, Twilio), JWTs, Basic and
 *   Bearer credentials (see value-rules.ts);
 * - else its key: a random-looking value under `authorization`, `x-api-key`, `password`,
 *   `cookie`… (see key-rules.ts).
 * Stand-ins (`<token>`, `xxx`, `sk_test_…`, short values) never count (see placeholder.ts), and
 * webhook signature headers are skipped: an HMAC per delivery is not a credential.
 */
import type { KeyPath } from "../extract/literal.js";
import { getOwn, isJsonObject, type JsonValue } from "../json.js";
import { checkSensitiveKey, isSensitiveKey, isSignatureKey, keyRuleApplies } from "./key-rules.js";
import { scanString, type SecretHit } from "./value-rules.js";

export { isPlaceholder, looksRandom, shannonEntropy } from "./placeholder.js";

/** A string value in a payload that looks like a real credential. */
export interface SecretFinding {
  /**
   * Where the value is, as object keys and array indexes: `["headers", "authorization"]`,
   * `["body", "keys", 0]`. Prefix `"sample"` to point into a definition (`locate`, `formatKeyPath`).
   */
  readonly path: KeyPath;
  /** What it looks like, for the message: "a bearer token", "an AWS access key id", "a private key block". */
  readonly kind: string;
  /**
   * A safe value to write instead: the whole value with the credential replaced, e.g.
   * `Bearer <token>`, `sk_live_<redacted>`, `<api-key>`, `postgres://app:<password>@db/app`.
   * It is never itself reported.
   */
  readonly placeholder: string;
}

/** A path built while walking: a child shares its parent's steps instead of copying them. */
type PathLink = { readonly parent: PathLink; readonly step: string | number } | undefined;

interface Frame {
  readonly value: JsonValue;
  readonly path: PathLink;
  /** The nearest object key above the value; array elements inherit their array's key (`set-cookie: [...]`). */
  readonly key: string | undefined;
}

/**
 * Every string in `payload` that looks like a real credential, in document order (object keys
 * in their order, array elements by index), at most one finding per value. Walks with an
 * explicit stack, so depth is bounded by memory rather than the call stack. Keys such as
 * `__proto__` are read as data. The payload must be a tree, as parsed JSON always is.
 */
export function findSecrets(payload: JsonValue): SecretFinding[] {
  const findings: SecretFinding[] = [];
  const stack: Frame[] = [{ value: payload, path: undefined, key: undefined }];
  for (let frame = stack.pop(); frame !== undefined; frame = stack.pop()) {
    const { value, path, key } = frame;
    if (typeof value === "string") {
      const finding = inspectString(value, path, key);
      if (finding !== undefined) findings.push(finding);
    } else if (Array.isArray(value)) {
      // Pushed last-first so that they are popped in index order.
      for (let index = value.length - 1; index >= 0; index--) {
        const item = value[index];
        if (item !== undefined) stack.push({ value: item, path: { parent: path, step: index }, key });
      }
    } else if (isJsonObject(value)) {
      const keys = Object.keys(value);
      for (let index = keys.length - 1; index >= 0; index--) {
        const child = keys[index];
        const item = child === undefined ? undefined : getOwn(value, child);
        if (child !== undefined && item !== undefined) {
          stack.push({ value: item, path: { parent: path, step: child }, key: child });
        }
      }
    }
  }
  return findings;
}

function inspectString(value: string, link: PathLink, key: string | undefined): SecretFinding | undefined {
  if (key !== undefined && isSignatureKey(key)) return undefined;
  let hit: SecretHit | undefined = scanString(value);
  if (hit === undefined && key !== undefined && isSensitiveKey(key)) {
    const path = toKeyPath(link);
    if (keyRuleApplies(key, path[0] === "headers" || path[0] === "query")) {
      hit = checkSensitiveKey(key, value, isHeader(path, key));
    }
  }
  return hit === undefined ? undefined : { path: toKeyPath(link), kind: hit.kind, placeholder: hit.placeholder };
}

/** `headers.authorization`, `headers["set-cookie"][0]`: the key is a header of the sample. */
function isHeader(path: KeyPath, key: string): boolean {
  return path[0] === "headers" && path[1] === key;
}

function toKeyPath(link: PathLink): KeyPath {
  const steps: (string | number)[] = [];
  for (let at = link; at !== undefined; at = at.parent) steps.push(at.step);
  return steps.reverse();
}
