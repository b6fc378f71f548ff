/**
 * The limits a payload must keep before inference does any recursive work on it, so that
 * inference and code generation never overflow the stack or stall on a pasted data dump.
 */
import { Codes, diagnostic } from "../diagnostics/catalogue.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { formatKeyPath, locate, type KeyPath } from "../extract/literal.js";
import { isJsonObject, type JsonObject, type JsonValue } from "../json.js";
import type { ValidEvent } from "../validate/index.js";

/** Deepest nesting of objects and arrays allowed inside a sample. */
export const MAX_SAMPLE_DEPTH = 32;
/** Most values (of any kind, counting containers) allowed in one sample. */
export const MAX_SAMPLE_VALUES = 20_000;

/** The first limit `payload` (the sample, or an example, at `root`) breaks, as a diagnostic. */
export function checkLimits(event: ValidEvent, payload: JsonObject, root: KeyPath): Diagnostic | undefined {
  try {
    add(payload, "", -1, 0);
    let count = 0;
    while (top > 0) {
      const entry = pending[--top]!;
      count++;
      if (count > MAX_SAMPLE_VALUES) {
        const params = { keypath: formatKeyPath(root), nodes: countValues(payload), limit: MAX_SAMPLE_VALUES };
        return diagnostic(Codes.SampleTooLarge, params, { span: locate(event.definition, root) });
      }
      if (depths[entry]! > MAX_SAMPLE_DEPTH) {
        const path = [...root, ...pathOf(entry)];
        const span = locate(event.definition, path);
        return diagnostic(Codes.SampleTooDeep, { keypath: formatKeyPath(path), limit: MAX_SAMPLE_DEPTH }, { span });
      }
      const value = values[entry]!;
      const depth = depths[entry]! + 1;
      if (Array.isArray(value)) {
        for (let index = 0; index < value.length; index++) add(value[index]!, index, entry, depth);
      } else if (isJsonObject(value)) {
        const keys = Object.keys(value);
        for (let i = 0; i < keys.length; i++) add(value[keys[i]!]!, keys[i]!, entry, depth);
      }
    }
    return undefined;
  } finally {
    clear();
  }
}

/*
 * The limit walk's values, last pushed first, each an entry in arrays shared between calls
 * (every value of every payload goes through here, and an object per value was a measurable
 * part of a build's garbage): its value, its key or index in its parent, its parent's entry
 * (-1 for the payload) and its depth. A value's path is spelled out only if a limit is hit.
 * The arrays are written by index and never shortened, so they keep their room from one walk
 * to the next (emptying an array lets go of its storage, which the next walk would grow again);
 * a walk only clears the values it held. It calls nothing that could walk again.
 */
const values: (JsonValue | undefined)[] = [];
const steps: (string | number)[] = [];
const parents: number[] = [];
const depths: number[] = [];
/** Entries in use. */
let size = 0;
/** Entries not visited yet, the next at `top - 1`. */
const pending: number[] = [];
let top = 0;

function add(value: JsonValue, step: string | number, parent: number, depth: number): void {
  pending[top++] = size;
  values[size] = value;
  steps[size] = step;
  parents[size] = parent;
  depths[size] = depth;
  size++;
}

function clear(): void {
  // The values hold the payload's objects and arrays: let them go (keys are only strings).
  values.fill(undefined, 0, size);
  size = 0;
  top = 0;
}

/** The keys and indexes from the payload down to an entry. */
function pathOf(entry: number): (string | number)[] {
  const path: (string | number)[] = [];
  for (let at = entry; parents[at]! !== -1; at = parents[at]!) path.push(steps[at]!);
  return path.reverse();
}

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
