/**
 * The limits a payload must keep before inference does any recursive work on it, so that
 * inference and code generation never overflow the stack or stall on a pasted data dump.
 */
import { Codes, diagnostic } from "../diagnostics/catalogue.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { formatKeyPath, locate, type KeyPath } from "../extract/index.js";
import { isJsonObject, type JsonObject, type JsonValue } from "../util/json.js";
import type { ValidEvent } from "../validate/index.js";
import { JsonWalkStack } from "../util/json-walk.js";

/** Deepest nesting of objects and arrays allowed inside a sample. */
export const MAX_SAMPLE_DEPTH = 32;
/**
 * Most values (of any kind, counting containers) allowed in one sample: room for a large captured
 * API document. Inference, warnings and outputs grow linearly with the values (docs/benchmark.md,
 * "Large samples"); the limit bounds a build's memory when a data dump is pasted, since the
 * outputs hold the sample too.
 */
export const MAX_SAMPLE_VALUES = 500_000;

/** The first limit `payload` (the sample, or an example, at `root`) breaks, as a diagnostic. */
export function checkLimits(event: ValidEvent, payload: JsonObject, root: KeyPath): Diagnostic | undefined {
  const walk = LIMIT_WALK;
  try {
    walk.add(payload, "", -1, 0);
    let count = 0;
    for (let entry = walk.next(); entry !== -1; entry = walk.next()) {
      count++;
      if (count > MAX_SAMPLE_VALUES) {
        const params = { keypath: formatKeyPath(root), nodes: countValues(payload), limit: MAX_SAMPLE_VALUES };
        return diagnostic(Codes.SampleTooLarge, params, { span: locate(event.definition, root) });
      }
      const depth = walk.note(entry);
      if (depth > MAX_SAMPLE_DEPTH) {
        const path = [...root, ...walk.pathOf(entry)];
        const span = locate(event.definition, path);
        return diagnostic(Codes.SampleTooDeep, { keypath: formatKeyPath(path), limit: MAX_SAMPLE_DEPTH }, { span });
      }
      const value = walk.value(entry);
      if (Array.isArray(value)) {
        for (let index = 0; index < value.length; index++) walk.add(value[index]!, index, entry, depth + 1);
      } else if (isJsonObject(value)) {
        const keys = Object.keys(value);
        for (let i = 0; i < keys.length; i++) walk.add(value[keys[i]!]!, keys[i]!, entry, depth + 1);
      }
    }
    return undefined;
  } finally {
    walk.clear();
  }
}

/** The limit walk's pending values (last added first), each noted with its depth. */
const LIMIT_WALK = new JsonWalkStack<number>();

function countValues(root: JsonValue): number {
  let count = 0;
  const stack: JsonValue[] = [root];
  while (stack.length > 0) {
    const value = stack.pop()!;
    count++;
    // A loop, not push(...value): a pasted array of a million items would overflow the arguments.
    if (Array.isArray(value)) for (const item of value) stack.push(item);
    else if (isJsonObject(value)) for (const key of Object.keys(value)) stack.push(value[key]!);
  }
  return count;
}
