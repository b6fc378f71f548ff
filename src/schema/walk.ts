import type { Diagnostic, Span } from "../diagnostics/diagnostic.js";
import { Codes, diagnostic } from "../diagnostics/catalogue.js";
import { formatKeyPath } from "../extract/index.js";
import { getOwn, isJsonObject, setOwn, type JsonObject, type JsonValue } from "../util/json.js";
import { bundleRef, type SchemaProblem } from "./bundle.js";
import {
  mapSubschemas,
  normaliseKeywords,
  orNull,
  schemaDialect,
  SUBSCHEMA_KEYWORDS,
  SUPPORTED_SCHEMA_URIS,
  type Dialect,
} from "./dialect.js";
import type { LossyNumber } from "./exact-numbers.js";
import { formatPointer, type Pointer } from "./pointer.js";

// The documents schemas are read from, places in them, and the walk that bundles one schema:
// what reference resolution (references.ts) works with.

/** A JSON document that schemas are read from. */
export interface SchemaDocument {
  /** How keys name it (see `BundledSchema.key`). */
  readonly name: string;
  /** The file it was read from; for an inline schema, the event file. */
  readonly file: string;
  /** The URI of the document itself, which `#...` refs in it (without `$id`) resolve against. */
  readonly uri: string;
  readonly value: JsonValue;
  readonly dialect: Dialect;
  /** Places paths in the file; absent for inline schemas unless the caller can place them. */
  readonly place: (path: readonly (string | number)[]) => Span | undefined;
  /** Problems of the document itself (an unknown `$schema`), reported wherever it is reached. */
  readonly problems: readonly SchemaProblem[];
  /** Written in an event file: resolved once, right after it is indexed. */
  readonly inline: boolean;
  /**
   * Numbers the file holds that JSON.parse does not keep exactly, by path (see exact-numbers.ts);
   * empty for inline schemas, whose numbers extraction checks.
   */
  readonly lossy: ReadonlyMap<string, LossyNumber>;
}

/** A place in a document. */
export interface Location {
  readonly document: SchemaDocument;
  readonly pointer: Pointer;
}

/** What a walk knows at a schema: the URI relative references resolve against, and the dialect. */
export interface Context {
  readonly document: SchemaDocument;
  readonly base: string;
  readonly dialect: Dialect;
}

/** Where a `$ref` leads (with a warning about how it was found), or why it leads nowhere. */
export type RefResolution =
  { readonly location: Location; readonly warning?: Diagnostic } | { readonly problem: Diagnostic };

/**
 * Keywords whose numbers make types or decide validation: one not held exactly would change
 * them without a word. (Numbers of `examples` and `default` only document.)
 */
const EXACT_KEYWORDS: ReadonlySet<string> = new Set([
  "enum",
  "const",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "multipleOf",
]);

/** Keywords that only say how to resolve references: done here, so bundled schemas leave them out. */
const RESOLUTION_KEYWORDS: ReadonlySet<string> = new Set([
  "$id",
  "$schema",
  "$anchor",
  "$dynamicAnchor",
  "$recursiveAnchor",
  "$defs",
  "definitions",
]);

/**
 * The rewriting walk over one schema: the internal form, resolution keywords left out, `$ref`s
 * replaced by bundle refs. Definitions (`$defs`, `definitions`) are not walked: what is reached
 * of them is bundled on its own, and what is not reached does not count.
 */
export class BundleWalk {
  constructor(
    private readonly resolveRef: (ref: string, context: Context) => RefResolution,
    private readonly document: SchemaDocument,
    private readonly problems: SchemaProblem[],
    private readonly reached: (target: Location, ref: string) => string,
  ) {}

  rewrite(node: JsonValue, at: readonly (string | number)[], outer: Context): JsonValue {
    if (!isJsonObject(node)) return node;
    const entered = enter(node, outer);
    // The document's own `$schema` is a problem of the document, reported wherever it is reached.
    if (node !== this.document.value)
      for (const problem of entered.problems) this.report(at, problem.keyword, problem.diagnostic);
    const context = entered.context;
    const out: JsonObject = {};
    for (const { keyword, value, from } of normaliseKeywords(node, context.dialect)) {
      if (RESOLUTION_KEYWORDS.has(keyword)) continue;
      const path = [...at, ...from];
      if (keyword === "$ref") {
        const rewritten = this.ref(value, path, context);
        if (rewritten !== undefined) setOwn(out, keyword, rewritten);
        continue;
      }
      if (this.document.lossy.size > 0 && EXACT_KEYWORDS.has(keyword)) this.checkNumbers(value, path);
      if (keyword === "$dynamicRef" || keyword === "$recursiveRef") {
        const problem = "dynamic references are not resolved here";
        this.report(path, undefined, diagnostic(Codes.UnsupportedSchemaKeyword, { keyword, problem }));
        continue;
      }
      const shape = SUBSCHEMA_KEYWORDS.get(keyword);
      const rewritten =
        shape === undefined
          ? value
          : mapSubschemas(value, shape, path, context.dialect, (child, childAt) =>
              this.rewrite(child, childAt, context),
            );
      setOwn(out, keyword, rewritten);
    }
    return orNull(node, out);
  }

  private ref(value: JsonValue, path: readonly (string | number)[], context: Context): string | undefined {
    if (typeof value !== "string") {
      const params = { ref: JSON.stringify(value), problem: "must be a string" };
      this.report(path, undefined, diagnostic(Codes.InvalidSchemaRef, params));
      return undefined;
    }
    const resolved = this.resolveRef(value, context);
    if ("problem" in resolved) {
      this.report(path, undefined, resolved.problem);
      return undefined;
    }
    if (resolved.warning !== undefined) this.report(path, undefined, resolved.warning);
    return bundleRef(this.reached(resolved.location, value));
  }

  /** Reports the numbers under `value` (at `path`) that the document's text says but JSON.parse does not keep. */
  private checkNumbers(value: JsonValue, path: readonly (string | number)[]): void {
    if (typeof value === "number") {
      const lossy = this.document.lossy.get(JSON.stringify(path));
      if (lossy === undefined) return;
      const keyword = path.at(-1);
      const bound = typeof keyword === "string" && BOUNDS.has(keyword) ? keyword : undefined;
      const params = { keypath: formatKeyPath(path), ...lossy, key: false, bound };
      this.report(path, undefined, diagnostic(Codes.NumberNotExact, params));
    } else if (Array.isArray(value)) value.forEach((item, i) => this.checkNumbers(item, [...path, i]));
    else if (isJsonObject(value))
      for (const key of Object.keys(value)) this.checkNumbers(getOwn(value, key)!, [...path, key]);
  }

  /** Records a problem at `path` (plus `keyword` when given), placed in the document when it can be. */
  private report(path: readonly (string | number)[], keyword: string | undefined, made: Diagnostic): void {
    const full = keyword === undefined ? path : [...path, keyword];
    const span = this.document.place(full);
    const placed = span === undefined ? made : { ...made, span };
    this.problems.push({ file: this.document.file, path: full, diagnostic: placed });
  }
}

/** The context inside a schema object: its `$id` as the new base, its `$schema` as the new dialect. */
export function enter(
  node: JsonObject,
  outer: Context,
): {
  readonly context: Context;
  readonly problems: readonly { keyword: string; diagnostic: Diagnostic }[];
} {
  const problems: { keyword: string; diagnostic: Diagnostic }[] = [];
  let dialect = outer.dialect;
  const declared = schemaDialect(node, outer.dialect);
  if ("dialect" in declared) dialect = declared.dialect;
  else problems.push({ keyword: "$schema", diagnostic: unknownDialect(declared) });
  let base = outer.base;
  const id = getOwn(node, "$id");
  if (typeof id === "string" && !(dialect === "draft-07" && id.startsWith("#"))) {
    try {
      const url = new URL(id, outer.base);
      url.hash = "";
      base = url.href;
    } catch {
      const params = { ref: JSON.stringify(id), problem: "is used as $id but is not a valid URI reference" };
      problems.push({ keyword: "$id", diagnostic: diagnostic(Codes.InvalidSchemaRef, params) });
    }
  }
  if (base === outer.base && dialect === outer.dialect) return { context: outer, problems };
  return { context: { document: outer.document, base, dialect }, problems };
}

/** The context at a pointer of a document: the `$id`s and `$schema`s of the objects on the way. */
export function contextAt(document: SchemaDocument, pointer: Pointer): Context {
  let context: Context = { document, base: document.uri, dialect: document.dialect };
  let node: JsonValue | undefined = document.value;
  for (const segment of pointer) {
    if (isJsonObject(node)) {
      context = enter(node, context).context;
      node = getOwn(node, segment);
    } else if (Array.isArray(node)) node = node[Number(segment)];
    else break;
  }
  return context;
}

export function unknownDialect(found: { readonly unknown: string; readonly keyword: string }): Diagnostic {
  return diagnostic(Codes.UnknownSchemaDialect, {
    keyword: found.keyword,
    value: found.unknown,
    supported: SUPPORTED_SCHEMA_URIS,
  });
}

export function dialectProblems(
  found: { readonly dialect: Dialect } | { readonly unknown: string; readonly keyword: string },
  document: Omit<SchemaDocument, "problems">,
): SchemaProblem[] {
  if ("dialect" in found) return [];
  const path = [found.keyword];
  const made = unknownDialect(found);
  const span = document.place(path);
  return [{ file: document.file, path, diagnostic: span === undefined ? made : { ...made, span } }];
}

export function keyOf(location: Location): string {
  return `${location.document.name}#${formatPointer(location.pointer)}`;
}

/** Keywords whose number is a bound of the schema, not a value of the data (`enum`, `const`, `examples` hold data). */
const BOUNDS: ReadonlySet<string> = new Set([
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "multipleOf",
  "minLength",
  "maxLength",
  "minItems",
  "maxItems",
  "minProperties",
  "maxProperties",
  "minContains",
  "maxContains",
]);
