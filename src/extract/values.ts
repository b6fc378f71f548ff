/**
 * The classes behind the literal values of src/extract/types.ts. A value or key keeps where it
 * was written as its file and two offsets, and works out its line-and-column span only when
 * asked: a build reads millions of values and places a few of them in messages.
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
} from "./types.js";

abstract class Located {
  constructor(
    readonly source: SpanSource,
    readonly start: number,
    readonly end: number,
  ) {}

  get span(): Span {
    return rangeSpan(this.source, this.start, this.end);
  }
}

class StringValue extends Located implements LiteralString {
  readonly kind = "string";
  constructor(
    readonly value: string,
    source: SpanSource,
    start: number,
    end: number,
  ) {
    super(source, start, end);
  }
}

class NumberValue extends Located implements LiteralNumber {
  readonly kind = "number";
  constructor(
    readonly value: number,
    source: SpanSource,
    start: number,
    end: number,
  ) {
    super(source, start, end);
  }
}

class BooleanValue extends Located implements LiteralBoolean {
  readonly kind = "boolean";
  constructor(
    readonly value: boolean,
    source: SpanSource,
    start: number,
    end: number,
  ) {
    super(source, start, end);
  }
}

class NullValue extends Located implements LiteralNull {
  readonly kind = "null";
}

class ArrayValue extends Located implements LiteralArray {
  readonly kind = "array";
  constructor(
    readonly elements: readonly LiteralValue[],
    source: SpanSource,
    start: number,
    end: number,
  ) {
    super(source, start, end);
  }
}

class ObjectValue extends Located implements LiteralObject {
  readonly kind = "object";
  constructor(
    readonly properties: readonly LiteralProperty[],
    source: SpanSource,
    start: number,
    end: number,
  ) {
    super(source, start, end);
  }
}

class Property implements LiteralProperty {
  constructor(
    readonly key: string,
    readonly value: LiteralValue,
    readonly keySource: SpanSource,
    readonly keyStart: number,
    readonly keyEnd: number,
  ) {}

  get keySpan(): Span {
    return rangeSpan(this.keySource, this.keyStart, this.keyEnd);
  }
}

/** Where a node of a file is: the file, and the node's offsets. */
export interface Place {
  readonly start: number;
  readonly end: number;
}

export function stringValue(value: string, source: SpanSource, at: Place): LiteralString {
  return new StringValue(value, source, at.start, at.end);
}

export function numberValue(value: number, source: SpanSource, at: Place): LiteralNumber {
  return new NumberValue(value, source, at.start, at.end);
}

export function booleanValue(value: boolean, source: SpanSource, at: Place): LiteralBoolean {
  return new BooleanValue(value, source, at.start, at.end);
}

export function nullValue(source: SpanSource, at: Place): LiteralNull {
  return new NullValue(source, at.start, at.end);
}

export function arrayValue(elements: readonly LiteralValue[], source: SpanSource, at: Place): LiteralArray {
  return new ArrayValue(elements, source, at.start, at.end);
}

export function objectValue(properties: readonly LiteralProperty[], source: SpanSource, at: Place): LiteralObject {
  return new ObjectValue(properties, source, at.start, at.end);
}

/** The same object, written at the same place, with other properties. */
export function withProperties(object: LiteralObject, properties: readonly LiteralProperty[]): LiteralObject {
  return new ObjectValue(properties, object.source, object.start, object.end);
}

export function literalProperty(
  key: string,
  value: LiteralValue,
  keySource: SpanSource,
  keyAt: Place,
): LiteralProperty {
  return new Property(key, value, keySource, keyAt.start, keyAt.end);
}
