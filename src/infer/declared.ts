/**
 * An event's declared part schemas (resolved by extraction, see src/extract/declared.ts) in the
 * model: each part's schema, and the shared definitions they reach, which every event that
 * reaches one names by the same key. The definitions of all events make the one table that emit
 * turns into `definitions.ts` (`definitionsOf`).
 */
import { Codes, diagnostic } from "../diagnostics/catalogue.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { locate, type DeclaredParts } from "../extract/index.js";
import { forEachRef, refKey, type BundledSchema, type SchemaBundle } from "../schema/index.js";
import { convertSchema, type SchemaProblem } from "./from-json-schema.js";
import type { DefinitionTable, InferredSchema, SchemaDefinition } from "./schema.js";

/** What an event's declared schemas are in the model. */
export interface DeclaredModel {
  /** The schema of each declared part. */
  readonly parts: Readonly<Partial<Record<keyof DeclaredParts, InferredSchema>>>;
  /** The shared definitions they reach, by key. */
  readonly definitions: DefinitionTable;
  readonly diagnostics: readonly Diagnostic[];
}

interface Converted {
  readonly definition: SchemaDefinition;
  readonly problems: readonly SchemaProblem[];
}

/**
 * Each bundled schema converted once, however many events reach it: a resolver gives every event
 * that reaches a definition the same object (weakly held: the bundles of a past build go with it).
 */
const CONVERTED = new WeakMap<BundledSchema, Converted>();

function converted(bundled: BundledSchema): Converted {
  let done = CONVERTED.get(bundled);
  if (done === undefined) {
    const { schema, problems } = convertSchema(bundled.schema, { refKey });
    done = { definition: { key: bundled.key, names: bundled.names, schema }, problems };
    CONVERTED.set(bundled, done);
  }
  return done;
}

/**
 * The declared parts of an event in the model. A part's schema written in the event file is the
 * part's own (its type is the event's), unless something refers back to it; a schema read from a
 * JSON file (a default import) is a shared definition, as it is for every event that uses it.
 */
export function declaredModel(
  declared: DeclaredParts,
  definition: Parameters<typeof locate>[0],
  file: string,
): DeclaredModel {
  const parts: Partial<Record<keyof DeclaredParts, InferredSchema>> = {};
  const table = new Map<string, SchemaDefinition>();
  const diagnostics: Diagnostic[] = [];
  for (const part of ["headers", "query", "body", "params"] as const) {
    const bundle = declared[part];
    if (bundle === undefined) continue;
    const ownRoot = isWrittenIn(bundle, file) && !referredTo(bundle);
    for (const [key, bundled] of bundle.definitions) {
      const { definition: made, problems } = converted(bundled);
      for (const problem of problems) {
        const at = problem.path.length === 0 ? "" : ` at ${problem.path.join(".")}`;
        const params = { key, reason: `${problem.message}${at}` };
        diagnostics.push(
          diagnostic(Codes.SchemaDoesNotCompile, params, { span: locate(definition, ["schema", part]) }),
        );
      }
      if (key === bundle.root) parts[part] = ownRoot ? made.schema : { $ref: key };
      if (key !== bundle.root || !ownRoot) table.set(key, made);
    }
  }
  return { parts, definitions: table, diagnostics };
}

/** Whether the bundle's root is a schema written in the event file (not a JSON document). */
function isWrittenIn(bundle: SchemaBundle, file: string): boolean {
  return bundle.definitions.get(bundle.root)?.file === file && bundle.definitions.get(bundle.root)?.pointer === "";
}

/** Whether a schema of the bundle refers to its root (`$ref: "#"`): then the root is a definition too. */
function referredTo(bundle: SchemaBundle): boolean {
  let found = false;
  const root = bundle.definitions.get(bundle.root)!;
  for (const bundled of bundle.definitions.values()) {
    // Only the root's own document can refer back to a schema written in an event file.
    if (bundled.file !== root.file) continue;
    forEachRef(bundled.schema, (ref) => {
      found ||= refKey(ref) === bundle.root;
    });
  }
  return found;
}
