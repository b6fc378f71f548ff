/**
 * Making literal values (src/extract/types.ts), and placing them. A value or key keeps where it
 * was written as its file and two offsets, plain data that any copy keeps too, and its
 * line-and-column span is worked out only when asked for (`spanOf`, `keySpanOf`): a build makes
 * millions of values and places a few of them in messages.
 */
import type { Span } from "../diagnostics/diagnostic.js";
import type { KeyPath } from "./key-path.js";
import { rangeSpan } from "./spans.js";
import type {
  LiteralArray,
  LiteralBoolean,
  LiteralNull,
  LiteralNumber,
  LiteralObject,
  LiteralProperty,
  LiteralString,
  LiteralValue,
  SpanSource,
  Written,
} from "./types.js";

/** Where a value was written: the value's span. */
export function spanOf(value: Written): Span {
  return rangeSpan(value.source, value.start, value.end);
}

/** Where a property's key was written (for spread-in properties: in the file that declared it). */
export function keySpanOf(property: LiteralProperty): Span {
  return rangeSpan(property.keySource, property.keyStart, property.keyEnd);
}

/**
 * Finds where the value at `path` was written. With `key: true` and a path ending in an object
 * key, returns the key's span instead of the value's. Falls back to the deepest value found, so
 * a diagnostic about a missing field points at the object that lacks it.
 */
export function locate(root: LiteralValue, path: KeyPath, options: { key?: boolean } = {}): Span {
  let node: LiteralValue = root;
  for (const [index, step] of path.entries()) {
    if (node.kind === "object") {
      const property = node.properties.find((p) => p.key === String(step));
      if (property === undefined) return spanOf(node);
      if (options.key === true && index === path.length - 1) return keySpanOf(property);
      node = property.value;
    } else if (node.kind === "array" && typeof step === "number" && node.elements[step] !== undefined) {
      node = node.elements[step];
    } else {
      return spanOf(node);
    }
  }
  return spanOf(node);
}

/** A node's offsets in its file. */
interface Offsets {
  readonly start: number;
  readonly end: number;
}

// Each kind is made in one place, so that all values of a kind have one shape.

export function stringValue(value: string, source: SpanSource, at: Offsets): LiteralString {
  return { kind: "string", value, source, start: at.start, end: at.end };
}

export function numberValue(value: number, source: SpanSource, at: Offsets): LiteralNumber {
  return { kind: "number", value, source, start: at.start, end: at.end };
}

export function booleanValue(value: boolean, source: SpanSource, at: Offsets): LiteralBoolean {
  return { kind: "boolean", value, source, start: at.start, end: at.end };
}

export function nullValue(source: SpanSource, at: Offsets): LiteralNull {
  return { kind: "null", source, start: at.start, end: at.end };
}

export function arrayValue(elements: readonly LiteralValue[], source: SpanSource, at: Offsets): LiteralArray {
  return { kind: "array", elements, source, start: at.start, end: at.end };
}

export function objectValue(properties: readonly LiteralProperty[], source: SpanSource, at: Offsets): LiteralObject {
  return { kind: "object", properties, source, start: at.start, end: at.end };
}

export function literalProperty(
  key: string,
  value: LiteralValue,
  keySource: SpanSource,
  keyAt: Offsets,
): LiteralProperty {
  return { key, value, keySource, keyStart: keyAt.start, keyEnd: keyAt.end };
}
