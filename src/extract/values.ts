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

// Fields are declared, not defined: a class field (or parameter property) compiles to a
// definition that runs as a separate initializer for every instance, a measurable cost here.
abstract class Located {
  declare readonly source: SpanSource;
  declare readonly start: number;
  declare readonly end: number;

  constructor(source: SpanSource, start: number, end: number) {
    this.source = source;
    this.start = start;
    this.end = end;
  }

  get span(): Span {
    return rangeSpan(this.source, this.start, this.end);
  }
}

class StringValue extends Located implements LiteralString {
  declare readonly kind: "string";
  declare readonly value: string;

  constructor(value: string, source: SpanSource, start: number, end: number) {
    super(source, start, end);
    this.kind = "string";
    this.value = value;
  }
}

class NumberValue extends Located implements LiteralNumber {
  declare readonly kind: "number";
  declare readonly value: number;

  constructor(value: number, source: SpanSource, start: number, end: number) {
    super(source, start, end);
    this.kind = "number";
    this.value = value;
  }
}

class BooleanValue extends Located implements LiteralBoolean {
  declare readonly kind: "boolean";
  declare readonly value: boolean;

  constructor(value: boolean, source: SpanSource, start: number, end: number) {
    super(source, start, end);
    this.kind = "boolean";
    this.value = value;
  }
}

class NullValue extends Located implements LiteralNull {
  declare readonly kind: "null";

  constructor(source: SpanSource, start: number, end: number) {
    super(source, start, end);
    this.kind = "null";
  }
}

class ArrayValue extends Located implements LiteralArray {
  declare readonly kind: "array";
  declare readonly elements: readonly LiteralValue[];

  constructor(elements: readonly LiteralValue[], source: SpanSource, start: number, end: number) {
    super(source, start, end);
    this.kind = "array";
    this.elements = elements;
  }
}

class ObjectValue extends Located implements LiteralObject {
  declare readonly kind: "object";
  declare readonly properties: readonly LiteralProperty[];

  constructor(properties: readonly LiteralProperty[], source: SpanSource, start: number, end: number) {
    super(source, start, end);
    this.kind = "object";
    this.properties = properties;
  }
}

class Property implements LiteralProperty {
  declare readonly key: string;
  declare readonly value: LiteralValue;
  declare readonly keySource: SpanSource;
  declare readonly keyStart: number;
  declare readonly keyEnd: number;

  constructor(key: string, value: LiteralValue, keySource: SpanSource, keyStart: number, keyEnd: number) {
    this.key = key;
    this.value = value;
    this.keySource = keySource;
    this.keyStart = keyStart;
    this.keyEnd = keyEnd;
  }

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
