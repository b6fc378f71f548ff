import { formatKeyPath } from "../extract/key-path.js";
import { findSecrets } from "../secrets/index.js";
import { isJsonObject, setOwn, type JsonObject, type JsonValue } from "../util/json.js";

/** A credential of a delivery replaced by a placeholder before it went into an event file. */
export interface Replacement {
  /** Where, in the user's terms: `headers.authorization`. */
  readonly field: string;
  /** What it looked like: "a bearer token". */
  readonly kind: string;
  readonly placeholder: string;
}

/**
 * A delivery made fit to be an event's sample or example: every credential that the secret checks
 * (src/secrets/) find replaced by the placeholder they propose, as a build would ask the user to
 * write it, since event files are committed and samples sent to the platform. The payload is not
 * changed; the copy holds `__proto__` keys as data.
 */
export function sampleOf(payload: JsonObject): { sample: JsonObject; replaced: Replacement[] } {
  let sample = payload;
  const replaced: Replacement[] = [];
  for (const finding of findSecrets(payload)) {
    sample = replaceAt(sample, finding.path, finding.placeholder) as JsonObject;
    replaced.push({ field: formatKeyPath(finding.path), kind: finding.kind, placeholder: finding.placeholder });
  }
  return { sample, replaced };
}

/** A copy of `value` with the value at `path` replaced; the rest shared. */
function replaceAt(value: JsonValue, path: readonly (string | number)[], replacement: JsonValue): JsonValue {
  const [step, ...rest] = path;
  if (step === undefined) return replacement;
  if (Array.isArray(value) && typeof step === "number") {
    return value.map((item, i) => (i === step ? replaceAt(item, rest, replacement) : item));
  }
  if (!isJsonObject(value)) return value;
  const out: JsonObject = {};
  for (const key of Object.keys(value))
    setOwn(out, key, key === String(step) ? replaceAt(value[key]!, rest, replacement) : value[key]!);
  return out;
}

/** "Charge Succeeded" for the event tag `charge-succeeded`. */
export function nameOfEvent(event: string): string {
  return event
    .split("-")
    .map((word) => (word === "" ? word : word[0]!.toUpperCase() + word.slice(1)))
    .join(" ");
}
