import { uniqueDiagnostics, type Diagnostic } from "../diagnostics/diagnostic.js";
import { schemaStage, type SchemaTools } from "./schema-stage.js";
import { findDefinition } from "./definition.js";
import { evaluateDefinition, type SharedValues } from "./evaluate.js";
import type { ModuleLoader } from "./loader.js";
import type { FileReader } from "./reader.js";
import type { ExtractedEvent } from "./types.js";

/** What extracting one event file gave: the unit that a cache keeps and reuses. */
export interface EventOutcome {
  readonly file: string;
  /** Undefined when the definition could not be read (with `unread` when it was read in part). */
  readonly event: ExtractedEvent | undefined;
  /** Everything reported while extracting the file, helpers' problems included, each once. */
  readonly diagnostics: readonly Diagnostic[];
  /** Files read to resolve its declared schemas, beyond its imports: it depends on them too. */
  readonly schemaFiles: readonly string[];
}

/**
 * Extracts one event file. The outcome depends only on the files it reads, not on the events
 * extracted before it with the same loader and shared values (see SharedValues).
 */
export function extractEvent(
  file: string,
  loader: ModuleLoader,
  shared: SharedValues,
  schemas: { readonly tools: SchemaTools; readonly reader: FileReader },
): EventOutcome {
  const { event, diagnostics } = readEvent(file, loader, shared);
  if (event === undefined || !declaresSchemas(event) || event.unread?.some((path) => DECLARED_READS.has(path[0]))) {
    return { file, event, diagnostics: uniqueDiagnostics(diagnostics), schemaFiles: [] };
  }
  const declared = schemaStage().withDeclaredSchemas(event, schemas.tools, loader, schemas.reader);
  return {
    file,
    event: declared.event,
    diagnostics: uniqueDiagnostics([...diagnostics, ...declared.diagnostics]),
    schemaFiles: declared.files,
  };
}

function readEvent(
  file: string,
  loader: ModuleLoader,
  shared: SharedValues,
): { event: ExtractedEvent | undefined; diagnostics: readonly Diagnostic[] } {
  const { module, diagnostics } = loader.loadEventFile(file);
  if (module === undefined) return { event: undefined, diagnostics };
  const found: Diagnostic[] = [];
  const argument = findDefinition(module, found);
  if (argument === undefined) return { event: undefined, diagnostics: found };
  const result = evaluateDefinition(argument, module, loader, shared);
  const { definition, partial } = result;
  if (definition !== undefined) return { event: { file, definition }, diagnostics: result.diagnostics };
  // Read but for some values: the definition's checks can still be made on the rest.
  const event = partial === undefined ? undefined : { file, definition: partial.definition, unread: partial.unread };
  return { event, diagnostics: result.diagnostics };
}

/**
 * What declared schemas are checked with: with a value unread there, they are not resolved (the
 * samples checked against them would be missing what was not read).
 */
const DECLARED_READS: ReadonlySet<string | number | undefined> = new Set(["schema", "sample", "examples"]);

/** Whether the definition has a `schema` object, which declared.ts reads (anything else is validation's to report). */
function declaresSchemas(event: ExtractedEvent): boolean {
  return event.definition.properties.find((p) => p.key === "schema")?.value.kind === "object";
}
