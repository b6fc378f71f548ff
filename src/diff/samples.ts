/**
 * The classification of a change of sample alone, for `plan`: the platform stores only an
 * event's sample, so both sides are typed from their samples (as inference types a sample with
 * no examples or refinements) and compared as `diff` compares schemas.
 */
import { inferValue } from "../infer/index.js";
import { toJsonSchema } from "../infer/to-json-schema.js";
import { isJsonObject, type JsonValue } from "../util/json.js";
import { compareSchemas } from "./classify.js";
import { RULES, type ChangeKind, type Impact } from "./rules.js";

/** One change of the payload's type between two samples, with its impact on each audience. */
export interface SampleChange {
  readonly path: string;
  readonly kind: ChangeKind;
  readonly before: string | null;
  readonly after: string | null;
  readonly receivers: Impact;
  readonly senders: Impact;
}

/**
 * The changes from the type of `before` (the platform's sample, of any shape) to that of
 * `after`; undefined when the platform's sample is no payload object (nothing to compare).
 */
export function sampleChanges(before: unknown, after: JsonValue): SampleChange[] | undefined {
  if (!isJsonObject(before as JsonValue) || !isJsonObject(after)) return undefined;
  try {
    const schemaOf = (sample: JsonValue) => toJsonSchema(inferValue(sample), (key) => key);
    return compareSchemas(schemaOf(before as JsonValue), schemaOf(after)).map((change) => ({
      ...change,
      receivers: RULES[change.kind].receivers,
      senders: RULES[change.kind].senders,
    }));
  } catch {
    // A sample from the platform deeper than the stack allows: shown as a diff only.
    return undefined;
  }
}
