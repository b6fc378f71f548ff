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
import { isJsonObject, type JsonValue } from "../json.js";
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

/*
 * The walk's values, each an entry in arrays shared between calls (an object per value was a
 * measurable part of a build's garbage): its value, its key or index in its parent, its
 * parent's entry (-1 for the payload), and the nearest object key above it (array elements
 * inherit their array's key: `set-cookie: [...]`), undefined at the top. As in the limit walk
 * (src/infer/limits.ts), they are written by index and never shortened, and a walk only clears
 * the values it held. It calls nothing that could walk again.
 */
const values: (JsonValue | undefined)[] = [];
const steps: (string | number)[] = [];
const parents: number[] = [];
const keys: (string | undefined)[] = [];
/** Entries in use. */
let size = 0;
/** Entries not visited yet, the next at `top - 1`. */
const pending: number[] = [];
let top = 0;

function add(value: JsonValue, step: string | number, parent: number, key: string | undefined): void {
  pending[top++] = size;
  values[size] = value;
  steps[size] = step;
  parents[size] = parent;
  keys[size] = key;
  size++;
}

function clear(): void {
  // The values hold the payload's objects and arrays: let them go (keys are only strings).
  values.fill(undefined, 0, size);
  size = 0;
  top = 0;
}

/**
 * Every string in `payload` that looks like a real credential, in document order (object keys
 * in their order, array elements by index), at most one finding per value. Walks with an
 * explicit stack, so depth is bounded by memory rather than the call stack. Keys such as
 * `__proto__` are read as data. The payload must be a tree, as parsed JSON always is.
 */
export function findSecrets(payload: JsonValue): SecretFinding[] {
  const findings: SecretFinding[] = [];
  try {
    add(payload, "", -1, undefined);
    while (top > 0) {
      const entry = pending[--top]!;
      const value = values[entry]!;
      const key = keys[entry];
      if (typeof value === "string") {
        const finding = inspectString(value, entry, key);
        if (finding !== undefined) findings.push(finding);
      } else if (Array.isArray(value)) {
        // Pushed last-first so that they are popped in index order.
        for (let index = value.length - 1; index >= 0; index--) {
          const item = value[index];
          if (item !== undefined) add(item, index, entry, key);
        }
      } else if (isJsonObject(value)) {
        const names = Object.keys(value);
        for (let index = names.length - 1; index >= 0; index--) {
          const child = names[index]!;
          // An own key (from Object.keys): indexing reads the own property, `__proto__` too.
          const item = value[child];
          if (item !== undefined) add(item, child, entry, child);
        }
      }
    }
    return findings;
  } finally {
    clear();
  }
}

function inspectString(value: string, entry: number, key: string | undefined): SecretFinding | undefined {
  if (key !== undefined && isSignatureKey(key)) return undefined;
  let hit: SecretHit | undefined = scanString(value);
  if (hit === undefined && key !== undefined && isSensitiveKey(key)) {
    const path = pathOf(entry);
    if (keyRuleApplies(key, path[0] === "headers" || path[0] === "query")) {
      hit = checkSensitiveKey(key, value, isHeader(path, key));
    }
  }
  return hit === undefined ? undefined : { path: pathOf(entry), kind: hit.kind, placeholder: hit.placeholder };
}

/** `headers.authorization`, `headers["set-cookie"][0]`: the key is a header of the sample. */
function isHeader(path: KeyPath, key: string): boolean {
  return path[0] === "headers" && path[1] === key;
}

/** The keys and indexes from the payload down to an entry. */
function pathOf(entry: number): KeyPath {
  const path: (string | number)[] = [];
  for (let at = entry; parents[at]! !== -1; at = parents[at]!) path.push(steps[at]!);
  return path.reverse();
}
