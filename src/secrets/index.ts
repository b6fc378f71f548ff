/**
 * Finds credentials pasted into an event's `sample` (or examples). Samples are committed to git
 * and sent to the Ductape platform, so a real token there leaks twice; users are expected to
 * write placeholders instead (`Bearer <token>`), and the findings say which. A string counts by
 * its shape wherever it is (value-rules.ts), else by its key (key-rules.ts); stand-ins never count
 * (placeholder.ts), and webhook signature headers are skipped: an HMAC per delivery is not a
 * credential.
 */
import type { KeyPath } from "../extract/index.js";
import { isJsonObject, type JsonValue } from "../util/json.js";
import { JsonWalkStack } from "../util/json-walk.js";
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

/** The walk's pending values, each noted with the nearest object key above it (see findSecrets). */
const SECRETS_WALK = new JsonWalkStack<string | undefined>();

/**
 * Every string in `payload` that looks like a real credential, in document order (object keys
 * in their order, array elements by index), at most one finding per value. Walks with an
 * explicit stack, so depth is bounded by memory rather than the call stack. Keys such as
 * `__proto__` are read as data. The payload must be a tree, as parsed JSON always is.
 */
export function findSecrets(payload: JsonValue): SecretFinding[] {
  const findings: SecretFinding[] = [];
  const walk = SECRETS_WALK;
  try {
    // Each value is noted with the nearest object key above it: array elements inherit their
    // array's (`set-cookie: [...]`); the payload itself has none.
    walk.add(payload, "", -1, undefined);
    for (let entry = walk.next(); entry !== -1; entry = walk.next()) {
      const value = walk.value(entry);
      const key = walk.note(entry);
      if (typeof value === "string") {
        const finding = inspectString(value, entry, key);
        if (finding !== undefined) findings.push(finding);
      } else if (Array.isArray(value)) {
        // Added last-first so that they are visited in index order.
        for (let index = value.length - 1; index >= 0; index--) {
          const item = value[index];
          if (item !== undefined) walk.add(item, index, entry, key);
        }
      } else if (isJsonObject(value)) {
        const names = Object.keys(value);
        for (let index = names.length - 1; index >= 0; index--) {
          const child = names[index]!;
          // An own key (from Object.keys): indexing reads the own property, `__proto__` too.
          const item = value[child];
          if (item !== undefined) walk.add(item, child, entry, child);
        }
      }
    }
    return findings;
  } finally {
    walk.clear();
  }
}

function inspectString(value: string, entry: number, key: string | undefined): SecretFinding | undefined {
  if (key !== undefined && isSignatureKey(key)) return undefined;
  let hit: SecretHit | undefined = scanString(value);
  if (hit === undefined && key !== undefined && isSensitiveKey(key)) {
    const path = SECRETS_WALK.pathOf(entry);
    if (keyRuleApplies(key, path[0] === "headers" || path[0] === "query")) {
      hit = checkSensitiveKey(key, value, isHeader(path, key));
    }
  }
  return hit === undefined
    ? undefined
    : { path: SECRETS_WALK.pathOf(entry), kind: hit.kind, placeholder: hit.placeholder };
}

/** `headers.authorization`, `headers["set-cookie"][0]`: the key is a header of the sample. */
function isHeader(path: KeyPath, key: string): boolean {
  return path[0] === "headers" && path[1] === key;
}
