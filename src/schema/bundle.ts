import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { getOwn, isJsonObject, setOwn, type JsonObject, type JsonValue } from "../util/json.js";
import { INTERNAL_SCHEMA_URI, SUBSCHEMA_KEYWORDS, type Dialect } from "./dialect.js";
import { escapeSegment } from "./pointer.js";

/**
 * A declared schema with everything it reaches through `$ref`, as plain data: each schema
 * reached (the declared one included) under a canonical key, in the internal form (2020-12
 * spelling, see dialect.ts), its every `$ref` rewritten to `#/$defs/<key>` (see `bundleRef`)
 * so that it points into the bundle, never to a file or URL.
 */
export interface SchemaBundle {
  /** The key of the declared schema itself; "" when it could not be read at all (`problems` says why). */
  readonly root: string;
  /** Every schema reached, the root included, by key, in key order. */
  readonly definitions: ReadonlyMap<string, BundledSchema>;
  /**
   * Every path read to make the bundle (documents, and the package.json files and candidates
   * looked at to find them): its text, or undefined where nothing could be read. The bundle
   * depends on nothing else, so the disk cache can record these as its inputs.
   */
  readonly reads: ReadonlyMap<string, string | undefined>;
  /** Each problem met, errors and warnings, in the order met; the bundle is complete only when none is an error. */
  readonly problems: readonly SchemaProblem[];
}

/** One schema of a bundle. */
export interface BundledSchema {
  /**
   * Where the schema was written, stable across machines and installs: the document's name
   * (`./schemas/order.json` relative to the project root, `<package>/<path>` inside an
   * installed package, `./events/x.event.ts:schema.body` for a schema written in an event
   * file), `#`, and the JSON Pointer of the schema in it (`#/definitions/user`).
   */
  readonly key: string;
  /** The schema in the internal form, its `$ref`s pointing into the bundle. */
  readonly schema: JsonValue;
  /**
   * Names for a type shared by every event that reaches this schema, best first: its `title`,
   * then its name under `definitions`, `$defs` or `components.schemas`, then its file's name
   * for a whole document. Empty when it has none of these (an anonymous subschema).
   */
  readonly names: readonly string[];
  /** The dialect it was written in. */
  readonly dialect: Dialect;
  /** The absolute path of the file it was read from (the event file for a schema written there). */
  readonly file: string;
  /** Its JSON Pointer in that document (for a schema written in an event file: in the declared schema). */
  readonly pointer: string;
  /** The `$id` it declared, if any: resolution is done, so the bundled schema no longer carries it. */
  readonly id?: string;
}

/**
 * A problem of a declared schema or of a document it reaches, located where the offending
 * keyword (most often a `$ref`) is written.
 */
export interface SchemaProblem {
  /** The file it is written in: a JSON document, or the event file for a schema written there. */
  readonly file: string;
  /**
   * Steps to the keyword from the root of the document (of the declared schema, for one
   * written in an event file), for the caller to place it in the file (`locate`).
   */
  readonly path: readonly (string | number)[];
  /** The diagnostic; its span is set when this module could place it (JSON documents it read, or with `locate`). */
  readonly diagnostic: Diagnostic;
}

/** The `$ref` a bundle writes for the schema with this key. */
export function bundleRef(key: string): string {
  // As readable as a URI fragment allows: `#` and `%` and what URIs do not take are escaped.
  return `#/$defs/${encodeURI(escapeSegment(key)).replace(/#/g, "%23")}`;
}

/** The key a bundle's `$ref` names; undefined for a `$ref` not written by `bundleRef`. */
export function refKey(ref: string): string | undefined {
  if (!ref.startsWith("#/$defs/")) return undefined;
  const encoded = ref.slice("#/$defs/".length);
  if (encoded.includes("/")) return undefined;
  try {
    return decodeURIComponent(encoded).replace(/~1/g, "/").replace(/~0/g, "~");
  } catch {
    return undefined;
  }
}

/**
 * The bundle as one JSON Schema 2020-12 document that any validator reads: the root as a
 * `$ref`, every schema under `$defs` by key. Keys hold `#` and `/`, so no name a user wrote
 * under `$defs` can be one of them.
 */
export function toSchemaDocument(bundle: SchemaBundle): JsonObject {
  const defs: JsonObject = {};
  for (const [key, definition] of bundle.definitions) setOwn(defs, key, definition.schema);
  return { $schema: INTERNAL_SCHEMA_URI, $ref: bundleRef(bundle.root), $defs: defs };
}

/**
 * Calls `visit` with every `$ref` string written at a schema position of a schema in the
 * internal form (not inside `enum`, `const`, `examples` or unknown keywords, which hold data).
 */
export function forEachRef(schema: JsonValue, visit: (ref: string, at: readonly (string | number)[]) => void): void {
  const walk = (node: JsonValue | undefined, at: readonly (string | number)[]): void => {
    if (!isJsonObject(node)) return;
    for (const keyword of Object.keys(node)) {
      const value = getOwn(node, keyword)!;
      const here = [...at, keyword];
      if (keyword === "$ref" && typeof value === "string") visit(value, here);
      switch (SUBSCHEMA_KEYWORDS.get(keyword)) {
        case "schema":
          walk(value, here);
          break;
        case "schema-list":
          if (Array.isArray(value)) value.forEach((item, i) => walk(item, [...here, i]));
          break;
        case "schema-map":
          if (isJsonObject(value)) for (const name of Object.keys(value)) walk(getOwn(value, name), [...here, name]);
          break;
      }
    }
  };
  walk(schema, []);
}
