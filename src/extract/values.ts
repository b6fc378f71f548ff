/**
 * Making literal values (src/extract/types.ts), and placing them. A value or key keeps where it
 * was written as its file and two offsets, plain data that any copy keeps too, and its
 * line-and-column span is worked out only when asked for (`spanOf`, `keySpanOf`): a build makes
 * millions of values and places a few of them in messages.
 */
import type { Span } from "../diagnostics/diagnostic.js";
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
