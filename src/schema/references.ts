import { readFileSync } from "node:fs";
import { basename, relative, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Codes, diagnostic } from "../diagnostics/catalogue.js";
import type { Diagnostic, RelatedLocation, Span } from "../diagnostics/diagnostic.js";
import { rangeSpan } from "../extract/spans.js";
import { lineStarts } from "../syntax/tree.js";
import { messageOf } from "../util/errors.js";
import { jsonSyntaxError } from "../util/json-syntax.js";
import { isMissingFile, toPosix } from "../util/files.js";
import { getOwn, isJsonObject, type JsonObject, type JsonValue } from "../util/json.js";
import { refKey, type BundledSchema, type SchemaBundle, type SchemaProblem } from "./bundle.js";
import { DEFAULT_DIALECT, documentDialect, mapSubschemas, normaliseKeywords, SUBSCHEMA_KEYWORDS } from "./dialect.js";
import { resolvePackageFile, type PackageResolution, type ReadResult } from "./packages.js";
import { formatPointer, parseFragmentPointer, pointerPath, valueAt, type Pointer } from "./pointer.js";
import { JsonPositions } from "./positions.js";
import {
  BundleWalk,
  contextAt,
  dialectProblems,
  enter,
  keyOf,
  type Context,
  type Location,
  type RefResolution,
  type SchemaDocument,
} from "./walk.js";
import { lossyNumbers } from "./exact-numbers.js";

/** The schema a user declared for one payload part, as the resolver takes it. */
export type DeclaredSchema = InlineSchema | DocumentSchema;

/** A schema written in an event file (or a file it imports values from): a literal, a const, `{ $ref: ... }`. */
export interface InlineSchema {
  readonly kind: "inline";
  /** Absolute path of the event file: relative `$ref`s and packages are resolved from its folder. */
  readonly file: string;
  /** Where in the event file, in the user's terms (`schema.body`): names the schema in keys. */
  readonly label: string;
  /** The schema, as extracted. */
  readonly schema: JsonValue;
  /** Places a path inside `schema` in the event file, so that problems there get a span. */
  readonly locate?: (path: readonly (string | number)[]) => Span;
}

/**
 * A schema that is a JSON file's document, or a part of it (an event file's default import of
 * a `.json` file): read from the file here, so that every event using the file shares its keys.
 */
export interface DocumentSchema {
  readonly kind: "document";
  /** Absolute path of the JSON file. */
  readonly file: string;
  /** The JSON Pointer of the schema in the document (`/definitions/order`); the whole document when absent. */
  readonly pointer?: string;
}

export interface ResolverOptions {
  /** The project root: files inside it (outside node_modules) are keyed by their path relative to it. */
  readonly root: string;
  /** Reads a file's text, throwing as `fs.readFileSync` does; defaults to reading from disk as UTF-8. */
  readonly readFile?: (path: string) => string;
  /**
   * Finds a JSON file of an installed package (`pkg/file.json`) from a referring file; by
   * default as Node's `require` does (see `resolvePackageFile`), reading through `readFile`.
   */
  readonly resolvePackage?: (
    specifier: string,
    fromFile: string,
    read: (path: string) => ReadResult,
  ) => PackageResolution;
}

/** A schema bundled once per resolver, with what it reaches and depends on. */
interface Bundled {
  readonly definition: BundledSchema;
  /** Keys of the schemas its `$ref`s name, in the order written. */
  readonly refs: readonly string[];
  /** The `$ref` strings that lead to each of `refs`, for messages. */
  readonly refTexts: ReadonlyMap<string, string>;
  readonly problems: readonly SchemaProblem[];
  readonly reads: ReadonlySet<string>;
  readonly location: Location;
}

type LoadResult =
  | { readonly document: SchemaDocument }
  | { readonly error: unknown; readonly missing: boolean; readonly at?: RelatedLocation | undefined };

/** Documents nest at most this deep: the walks over schemas recurse, and must not run out of stack. */
const MAX_DEPTH = 200;

/** Whether a JSON value nests deeper than `limit` levels, found without recursion. */
function deeperThan(value: JsonValue, limit: number): boolean {
  const pending: [JsonValue, number][] = [[value, 0]];
  while (pending.length > 0) {
    const [node, depth] = pending.pop()!;
    if (node === null || typeof node !== "object") continue;
    if (depth >= limit) return true;
    for (const child of Array.isArray(node) ? node : Object.values(node)) pending.push([child, depth + 1]);
  }
  return false;
}

/**
 * Loads every document a declared schema reaches through `$ref` and bundles what it reaches,
 * for a whole build: documents are read and parsed once, and each schema reached is bundled
 * once however many events reach it (1,000 events may share one provider document).
 *
 * References resolve as JSON Schema says, against the `$id` of the enclosing schema resource
 * (the document's file when none); a reference that does not resolve to a known document then
 * falls back on files: relative to the referring document's file (`./order.json`,
 * `order.json`), then as a package path resolved as Node would from there
 * (`provider-schemas/schema.json`). Nothing is fetched: an `http(s)` reference no loaded
 * document declared as its `$id` is a problem. Never throws for problems in the schemas.
 *
 * Keep one resolver per build: each file is read once per resolver, so a resolver kept across
 * builds would not see a file edited in between.
 */
export class SchemaResolver {
  private readonly readFile: (path: string) => string;
  private readonly resolvePackage: NonNullable<ResolverOptions["resolvePackage"]>;
  /** Every read, once per path per resolver, as extraction's reader keeps them. */
  private readonly states = new Map<string, ReadResult>();
  private readonly files = new Map<string, LoadResult>();
  /** Schema resources by absolute URI (without fragment): documents, and schemas with an `$id`. */
  private readonly resources = new Map<string, Location>();
  /** Anchors by `<resource URI>#<name>`. */
  private readonly anchors = new Map<string, Location>();
  private readonly bundled = new Map<string, Bundled>();
  private inlineCount = 0;
  /** The paths read (or read again from the cache) by the schema being bundled now. */
  private recording = new Set<string>();

  constructor(private readonly options: ResolverOptions) {
    this.readFile = options.readFile ?? ((path) => readFileSync(path, "utf8"));
    this.resolvePackage = options.resolvePackage ?? resolvePackageFile;
  }

  /** The bundle of one declared schema. */
  resolve(declared: DeclaredSchema): SchemaBundle {
    const problems: SchemaProblem[] = [];
    const reads = new Set<string>();
    const root = this.rootOf(declared, problems, reads);
    if (root === undefined) return { root: "", definitions: new Map(), reads: this.readsOf(reads), problems };
    const definitions = new Map<string, BundledSchema>();
    const seenDocuments = new Set<SchemaDocument>();
    const pending = [root];
    const visited = new Set<string>();
    while (pending.length > 0) {
      const key = pending.pop()!;
      if (visited.has(key)) continue;
      visited.add(key);
      const entry = this.bundled.get(key)!;
      definitions.set(key, entry.definition);
      for (const path of entry.reads) reads.add(path);
      if (!seenDocuments.has(entry.location.document)) {
        seenDocuments.add(entry.location.document);
        problems.push(...entry.location.document.problems);
      }
      problems.push(...entry.problems);
      // Last pushed is bundled first: reversed, the refs are taken in the order written.
      for (const ref of [...entry.refs].reverse()) if (!visited.has(ref)) pending.push(ref);
    }
    problems.push(...refCycles(this.bundled, visited));
    const sorted = new Map([...definitions].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    return { root, definitions: sorted, reads: this.readsOf(reads), problems };
  }

  /** The key of the declared schema, bundled with everything it reaches; undefined when it cannot be read at all. */
  private rootOf(declared: DeclaredSchema, problems: SchemaProblem[], reads: Set<string>): string | undefined {
    this.recording = reads;
    if (declared.kind === "inline") {
      this.inlineCount += 1;
      const dialect = documentDialect(declared.schema);
      const document: SchemaDocument = {
        name: `${this.nameOf(declared.file)}:${declared.label}`,
        file: declared.file,
        // Relative references resolve against the event file; the query and the counter keep
        // this schema apart from the file itself and from other schemas written in it.
        uri: `${pathToFileURL(declared.file).href}?${encodeURIComponent(declared.label)}&${this.inlineCount}`,
        value: declared.schema,
        dialect: "dialect" in dialect ? dialect.dialect : DEFAULT_DIALECT,
        place: declared.locate ?? (() => undefined),
        problems: [],
        inline: true,
        lossy: new Map(),
      };
      const withProblems = { ...document, problems: dialectProblems(dialect, document) };
      this.index(withProblems);
      return this.bundle({ document: withProblems, pointer: [] });
    }
    const loaded = this.load(declared.file);
    if ("error" in loaded) {
      const params = {
        ref: this.nameOf(declared.file),
        file: this.nameOf(declared.file),
        reason: messageOf(loaded.error),
      };
      const made = loaded.missing
        ? diagnostic(Codes.SchemaFileNotFound, params)
        : diagnostic(Codes.SchemaFileUnreadable, params, { cause: loaded.error, related: relatedOf(loaded.at) });
      problems.push({ file: declared.file, path: [], diagnostic: made });
      return undefined;
    }
    const pointer = parseFragmentPointer(declared.pointer ?? "");
    if (pointer === undefined || "missingAt" in valueAt(loaded.document.value, pointer)) {
      const params = { ref: `#${declared.pointer ?? ""}`, problem: `${loaded.document.name} has no value there` };
      problems.push({
        file: declared.file,
        path: [],
        diagnostic: diagnostic(Codes.SchemaRefTargetMissing, params),
      });
      return undefined;
    }
    return this.bundle({ document: loaded.document, pointer });
  }

  private readsOf(paths: ReadonlySet<string>): Map<string, string | undefined> {
    const reads = new Map<string, string | undefined>();
    for (const path of [...paths].sort()) {
      const state = this.states.get(path);
      reads.set(path, state !== undefined && "text" in state ? state.text : undefined);
    }
    return reads;
  }

  // -------------------------------------------------------------------------------------------
  // Reading documents

  private read(path: string): ReadResult {
    this.recording.add(path);
    let state = this.states.get(path);
    if (state === undefined) {
      try {
        state = { text: this.readFile(path) };
      } catch (error) {
        state = { error };
      }
      this.states.set(path, state);
    }
    return state;
  }

  /** A JSON file as a document, read and indexed once. */
  private load(file: string): LoadResult {
    const state = this.read(file);
    let result = this.files.get(file);
    if (result !== undefined) return result;
    if ("error" in state) result = { error: state.error, missing: isMissingFile(state.error) };
    else {
      const text = state.text.charCodeAt(0) === 0xfeff ? state.text.slice(1) : state.text;
      try {
        const value = JSON.parse(text) as JsonValue;
        if (deeperThan(value, MAX_DEPTH))
          throw new Error(`it nests more than ${MAX_DEPTH} levels deep, more than schemas are read to`);
        const positions = new JsonPositions(file, state.text);
        const dialect = documentDialect(value);
        const uri = pathToFileURL(file).href;
        const base = {
          name: this.nameOf(file),
          file,
          uri,
          value,
          dialect: "dialect" in dialect ? dialect.dialect : DEFAULT_DIALECT,
          place: (path: readonly (string | number)[]) => positions.spanAt(path),
          inline: false,
          problems: [],
          lossy: lossyNumbers(state.text),
        };
        const document: SchemaDocument = { ...base, problems: dialectProblems(dialect, base) };
        this.index(document);
        result = { document };
      } catch (error) {
        result = { error: new Error(unreadable(file, error)), missing: false, at: syntaxErrorAt(file, state.text) };
      }
    }
    this.files.set(file, result);
    return result;
  }

  /**
   * Registers the document and every schema resource and anchor in it, so references by
   * `$id` and anchor find them. An OpenAPI document's schemas are under `components.schemas`.
   */
  private index(document: SchemaDocument): void {
    if (!this.resources.has(document.uri)) this.resources.set(document.uri, { document, pointer: [] });
    const value = document.value;
    const context: Context = { document, base: document.uri, dialect: document.dialect };
    const schemas = isJsonObject(value) && typeof getOwn(value, "openapi") === "string" ? openApiSchemas(value) : [];
    if (schemas.length === 0) this.indexSchema(value, [], context);
    for (const [name, schema] of schemas) this.indexSchema(schema, ["components", "schemas", name], context);
  }

  private indexSchema(node: JsonValue, pointer: Pointer, outer: Context): void {
    if (!isJsonObject(node)) return;
    const context = enter(node, outer).context;
    // A document read from a file keeps the `$id`s it declared first; an inline schema, resolved
    // right after it is indexed, takes them over (two events may declare the same `$id`).
    const known = this.resources.get(context.base);
    if (context.base !== outer.base && (known === undefined || context.document.inline))
      this.resources.set(context.base, { document: context.document, pointer });
    const here = { document: context.document, pointer };
    for (const anchorKeyword of ["$anchor", "$dynamicAnchor"]) {
      const anchor = getOwn(node, anchorKeyword);
      if (typeof anchor === "string") this.addAnchor(`${context.base}#${anchor}`, here);
    }
    const id = getOwn(node, "$id");
    if (context.dialect === "draft-07" && typeof id === "string" && id.startsWith("#"))
      this.addAnchor(`${context.base}#${id.slice(1)}`, here);
    for (const { keyword, value, from } of normaliseKeywords(node, context.dialect)) {
      const shape = SUBSCHEMA_KEYWORDS.get(keyword);
      if (shape === undefined) continue;
      mapSubschemas(value, shape, from, context.dialect, (child, at) => {
        this.indexSchema(child, [...pointer, ...at.map(String)], context);
        return child;
      });
    }
  }

  private addAnchor(uri: string, location: Location): void {
    if (!this.anchors.has(uri) || location.document.inline) this.anchors.set(uri, location);
  }

  /** How keys name a file: inside node_modules by its package path, else relative to the project root. */
  private nameOf(file: string): string {
    const parts = file.split(sep);
    const last = parts.lastIndexOf("node_modules");
    if (last !== -1 && last < parts.length - 1) return parts.slice(last + 1).join("/");
    const path = toPosix(relative(this.options.root, file));
    return path.startsWith("../") ? path : `./${path}`;
  }

  // -------------------------------------------------------------------------------------------
  // Bundling

  /** Bundles the schema at `location` once per resolver (and what it reaches); its key. */
  private bundle(location: Location): string {
    const key = keyOf(location);
    const outer = this.recording;
    const pending: Location[] = [location];
    while (pending.length > 0) {
      const next = pending.pop()!;
      const nextKey = keyOf(next);
      const known = this.bundled.get(nextKey);
      // An inline schema resolved again (same file and label) replaces what was bundled of it.
      if (known !== undefined && known.location.document === next.document) {
        for (const path of known.reads) outer.add(path);
        continue;
      }
      const reads = new Set<string>();
      this.recording = reads;
      const entry = this.bundleOne(next, nextKey, reads, pending);
      this.bundled.set(nextKey, entry);
      for (const path of reads) outer.add(path);
    }
    this.recording = outer;
    return key;
  }

  private bundleOne(location: Location, key: string, reads: Set<string>, pending: Location[]): Bundled {
    const problems: SchemaProblem[] = [];
    const refs: string[] = [];
    const refTexts = new Map<string, string>();
    const { document, pointer } = location;
    // Found through the index of resources, a document is not read again: its file still counts.
    if (!document.inline) reads.add(document.file);
    const found = valueAt(document.value, pointer);
    const value = "value" in found ? found.value : {};
    const steps = pointerPath(document.value, pointer);
    const walk = new BundleWalk(
      (ref, at) => this.resolveRef(ref, at),
      document,
      problems,
      (target, ref) => {
        const targetKey = keyOf(target);
        if (!refs.includes(targetKey)) refs.push(targetKey);
        if (!refTexts.has(targetKey)) refTexts.set(targetKey, ref);
        const known = this.bundled.get(targetKey);
        if (known === undefined || known.location.document !== target.document) pending.push(target);
        return targetKey;
      },
    );
    const context = contextAt(document, pointer);
    const schema = walk.rewrite(value, steps, context);
    const names = namesOf(value, location);
    const id = isJsonObject(value) ? getOwn(value, "$id") : undefined;
    const definition: BundledSchema = {
      key,
      schema,
      names,
      dialect: enter(isJsonObject(value) ? value : {}, context).context.dialect,
      file: document.file,
      pointer: formatPointer(pointer),
      ...(typeof id === "string" ? { id } : {}),
    };
    return { definition, refs, refTexts, problems, reads, location };
  }

  /**
   * Where a `$ref` leads, as JSON Schema resolves it against `base`, with the fallbacks on
   * files and packages described on the class; or the diagnostic saying why it leads nowhere.
   */
  private resolveRef(ref: string, context: Context): RefResolution {
    let url: URL;
    try {
      url = new URL(ref, context.base);
    } catch {
      return {
        problem: diagnostic(Codes.InvalidSchemaRef, {
          ref: JSON.stringify(ref),
          problem: "is not a valid URI reference",
        }),
      };
    }
    const fragment = url.hash.slice(1);
    url.hash = "";
    const resourceUri = url.href;
    let resource = this.resources.get(resourceUri);
    // What the reference leads to (or that it leads nowhere) depends on that document's text.
    if (resource !== undefined && !resource.document.inline) this.recording.add(resource.document.file);
    let warning: Diagnostic | undefined;
    if (resource === undefined) {
      const found = this.findDocument(ref, url, context);
      if ("problem" in found) return found;
      resource = { document: found.document, pointer: [] };
      warning = found.warning;
    }
    const target = this.inResource(ref, resource, fragment, resourceUri);
    return "problem" in target || warning === undefined ? target : { ...target, warning };
  }

  /** The location of the fragment (a JSON Pointer or an anchor name) in a resource. */
  private inResource(
    ref: string,
    resource: Location,
    fragment: string,
    resourceUri: string,
  ): { readonly location: Location } | { readonly problem: Diagnostic } {
    const pointer = parseFragmentPointer(fragment);
    if (pointer === undefined) {
      const anchor = this.anchors.get(`${resourceUri}#${safeDecode(fragment)}`);
      if (anchor !== undefined) return { location: anchor };
      const problem = `${resource.document.name} declares no anchor "${safeDecode(fragment)}"`;
      return { problem: diagnostic(Codes.SchemaRefTargetMissing, { ref, problem }) };
    }
    const full = [...resource.pointer, ...pointer];
    const found = valueAt(resource.document.value, full);
    if ("missingAt" in found) {
      const reached = formatPointer(full.slice(0, found.missingAt));
      const problem =
        `${resource.document.name} has no ${JSON.stringify(full[found.missingAt])}` +
        (reached === "" ? " at its top level" : ` under ${reached}`);
      return { problem: diagnostic(Codes.SchemaRefTargetMissing, { ref, problem }) };
    }
    return { location: { document: resource.document, pointer: full } };
  }

  /** The document a reference names that no loaded document declares: a file, a package file, or nothing. */
  private findDocument(
    ref: string,
    url: URL,
    context: Context,
  ): { readonly document: SchemaDocument; readonly warning?: Diagnostic } | { readonly problem: Diagnostic } {
    const path = ref.split("#")[0]!;
    const absolute = /^[A-Za-z][A-Za-z0-9+.-]*:/.test(ref);
    if (absolute) {
      if (url.protocol === "http:" || url.protocol === "https:")
        return { problem: diagnostic(Codes.RemoteSchemaRef, { ref }) };
      const file = url.protocol === "file:" ? filePath(url) : undefined;
      if (file !== undefined) return this.loadFor(ref, file);
      const problem =
        url.protocol === "file:"
          ? "names no file this system can open"
          : `names ${JSON.stringify(url.href)}, which no document read declares as its $id`;
      return { problem: diagnostic(Codes.InvalidSchemaRef, { ref: JSON.stringify(ref), problem }) };
    }
    const fromFile = context.document.file;
    const local = filePath(new URL(path, pathToFileURL(fromFile)));
    if (local === undefined) {
      const problem = "names no file this system can open (a broken %-escape, or an encoded /)";
      return { problem: diagnostic(Codes.InvalidSchemaRef, { ref: JSON.stringify(ref), problem }) };
    }
    const relativeSpecifier = path.startsWith("./") || path.startsWith("../") || path.startsWith("/");
    if (relativeSpecifier) return this.loadFor(ref, local);
    // A bare path: JSON Schema reads it as relative, Node as a package; a file there wins.
    const asFile = this.load(local);
    if ("document" in asFile) return { document: asFile.document };
    if (!asFile.missing) return this.loadFor(ref, local);
    const resolved = this.resolvePackage(safeDecode(path), fromFile, (p) => this.read(p));
    switch (resolved.kind) {
      case "not-a-package":
      case "missing":
        return {
          problem: diagnostic(Codes.SchemaFileNotFound, {
            ref,
            file:
              resolved.kind === "missing"
                ? `${this.nameOf(local)} or package ${resolved.packageName}`
                : this.nameOf(local),
          }),
        };
      case "found": {
        const loaded = this.loadFor(ref, resolved.file);
        if ("problem" in loaded || !resolved.notExported) return loaded;
        const params = { ref, packageName: splitName(path), file: this.nameOf(resolved.file) };
        return { ...loaded, warning: diagnostic(Codes.SchemaFileNotExported, params) };
      }
    }
  }

  private loadFor(ref: string, file: string): { readonly document: SchemaDocument } | { readonly problem: Diagnostic } {
    const loaded = this.load(file);
    if ("document" in loaded) return loaded;
    if (loaded.missing) return { problem: diagnostic(Codes.SchemaFileNotFound, { ref, file: this.nameOf(file) }) };
    const params = { ref, file: this.nameOf(file), reason: messageOf(loaded.error) };
    return {
      problem: diagnostic(Codes.SchemaFileUnreadable, params, { cause: loaded.error, related: relatedOf(loaded.at) }),
    };
  }
}

/** Why a file is not a JSON document, in words: YAML is named as such, since schema files are read as JSON. */
function unreadable(file: string, error: unknown): string {
  if (/\.ya?ml$/i.test(file))
    return "it is YAML, and schema files are read as JSON (convert it to JSON; `ductape-events import openapi` does that for an OpenAPI document)";
  return messageOf(error).replace(/ in JSON at position \d+.*$/, "");
}

/** The place in the file where its JSON stops being valid. */
function syntaxErrorAt(file: string, text: string): RelatedLocation | undefined {
  const error = jsonSyntaxError(text);
  if (error === undefined) return undefined;
  const span = rangeSpan({ path: file, lineStarts: lineStarts(text) }, error.offset, error.offset);
  return { message: `the JSON stops being valid here: ${error.message}`, span };
}

function relatedOf(at: RelatedLocation | undefined): RelatedLocation[] | undefined {
  return at === undefined ? undefined : [at];
}

/** The name candidates of a bundled schema (see `BundledSchema.names`). */
function namesOf(value: JsonValue, location: Location): string[] {
  const names: string[] = [];
  const title = isJsonObject(value) ? getOwn(value, "title") : undefined;
  if (typeof title === "string" && title.trim() !== "") names.push(title.trim());
  const { pointer } = location;
  const parent = pointer.at(-2);
  const last = pointer.at(-1);
  const underDefinitions =
    parent === "definitions" ||
    parent === "$defs" ||
    (parent === "schemas" && pointer.length === 3 && pointer[0] === "components");
  if (last !== undefined && underDefinitions) names.push(last);
  if (pointer.length === 0 && location.document.name.endsWith(".json"))
    names.push(basename(location.document.file).replace(/(\.schema)?\.json$/, ""));
  // The names to move on to when these collide: prefixed by the document's (ShopCustomer, AcmeCustomer).
  const document = documentName(location.document);
  if (document !== undefined && pointer.length > 0) names.push(...names.map((name) => `${document} ${name}`));
  return [...new Set(names)];
}

/** Words too general to tell documents apart: such a file is named by its folder (`schemas/acme/openapi.json`). */
const GENERAL_FILE_NAMES = new Set([
  "schema",
  "schemas",
  "openapi",
  "swagger",
  "index",
  "definitions",
  "api",
  "spec",
  "events",
  "dist",
]);

/**
 * The name of a schema's document for prefixing its definitions' names: its file's, or its
 * nearest folder's that is not a general word, within its key (its path in the project, or in
 * its package). None for a schema written in an event file, nor for a document named only by
 * general words: the folders above the project differ from one checkout to the next, and the
 * generated names must not (a collision left is numbered instead).
 */
function documentName(document: SchemaDocument): string | undefined {
  if (document.inline) return undefined;
  const folders = document.name.split("/").filter((segment) => segment !== "" && segment !== "." && segment !== "..");
  const stem = (folders.pop() ?? "").replace(/(\.schema)?\.json$/i, "");
  return [stem, ...folders.reverse()].find((name) => name !== "" && !GENERAL_FILE_NAMES.has(name.toLowerCase()));
}

/** The schemas of an OpenAPI document's `components.schemas`, by name. */
function openApiSchemas(document: JsonObject): [string, JsonValue][] {
  const components = getOwn(document, "components");
  const schemas = isJsonObject(components) ? getOwn(components, "schemas") : undefined;
  if (!isJsonObject(schemas)) return [];
  return Object.keys(schemas).map((name) => [name, getOwn(schemas, name)!]);
}

function splitName(specifier: string): string {
  const parts = specifier.split("/");
  return parts.slice(0, specifier.startsWith("@") ? 2 : 1).join("/");
}

/** The path of a `file:` URL; undefined for one no path stands for (`%zz`, an encoded `/`, a host). */
function filePath(url: URL): string | undefined {
  try {
    return fileURLToPath(url);
  } catch {
    return undefined;
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * References that lead only to references, back to where they started: `a: { $ref: b }`,
 * `b: { $ref: a }` describe no value, and a validator following them would never stop.
 */
function refCycles(bundled: ReadonlyMap<string, Bundled>, keys: ReadonlySet<string>): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const reported = new Set<string>();
  for (const start of [...keys].sort()) {
    const chain: string[] = [];
    let key: string | undefined = start;
    while (key !== undefined && !chain.includes(key)) {
      chain.push(key);
      key = onlyRef(bundled.get(key)?.definition.schema);
    }
    if (key !== start || reported.has(start)) continue;
    for (const member of chain) reported.add(member);
    const entry = bundled.get(start)!;
    const next = chain[1 % chain.length]!;
    const ref = entry.refTexts.get(next) ?? next;
    const path = [...pointerPath(entry.location.document.value, entry.location.pointer), "$ref"];
    const made = diagnostic(Codes.SchemaRefCycle, { ref, chain: [...chain, start] });
    const span = entry.location.document.place(path);
    problems.push({
      file: entry.location.document.file,
      path,
      diagnostic: span === undefined ? made : { ...made, span },
    });
  }
  return problems;
}

/** The key a schema made of nothing but a `$ref` (and annotations) names. */
function onlyRef(schema: JsonValue | undefined): string | undefined {
  if (!isJsonObject(schema)) return undefined;
  const ref = getOwn(schema, "$ref");
  if (typeof ref !== "string") return undefined;
  const annotations = new Set(["$ref", "title", "description", "$comment", "examples", "default", "deprecated"]);
  if (Object.keys(schema).some((k) => !annotations.has(k))) return undefined;
  return refKey(ref);
}
