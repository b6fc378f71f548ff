import { SchemaResolver, type InlineSchema } from "../../src/schema/references.js";
import type { SchemaBundle } from "../../src/schema/bundle.js";
import type { JsonValue } from "../../src/util/json.js";

/** Root of the in-memory projects of these tests; never touched on disk. */
export const ROOT = "/project";
export const EVENT_FILE = `${ROOT}/events/order.event.ts`;

/** A reader over in-memory files (`{ "schemas/a.json": {...} }`, values written as JSON), and what it was asked. */
export function memoryFiles(files: Record<string, JsonValue | string>): {
  readonly readFile: (path: string) => string;
  readonly asked: string[];
} {
  const asked: string[] = [];
  const byPath = new Map(
    Object.entries(files).map(([name, value]) => [
      `${ROOT}/${name}`,
      typeof value === "string" ? value : JSON.stringify(value, null, 2),
    ]),
  );
  return {
    asked,
    readFile: (path) => {
      asked.push(path);
      const text = byPath.get(path);
      if (text === undefined)
        throw Object.assign(new Error(`ENOENT: no such file, open '${path}'`), { code: "ENOENT" });
      return text;
    },
  };
}

/** A resolver over in-memory files. */
export function memoryResolver(files: Record<string, JsonValue | string>): SchemaResolver {
  return new SchemaResolver({ root: ROOT, readFile: memoryFiles(files).readFile });
}

/** Resolves an inline schema written in EVENT_FILE under `schema.body`. */
export function resolveInline(
  files: Record<string, JsonValue | string>,
  schema: JsonValue,
  extra: Partial<InlineSchema> = {},
): SchemaBundle {
  return memoryResolver(files).resolve({ kind: "inline", file: EVENT_FILE, label: "schema.body", schema, ...extra });
}

/** The codes and messages of a bundle's problems, for compact assertions. */
export function problemsOf(
  bundle: SchemaBundle,
): { code: string; file: string; path: readonly (string | number)[]; message: string }[] {
  return bundle.problems.map((p) => ({
    code: p.diagnostic.code,
    file: p.file,
    path: p.path,
    message: p.diagnostic.message,
  }));
}

/** The bundled schema under `key`, failing loudly when absent. */
export function definition(bundle: SchemaBundle, key: string): JsonValue {
  const found = bundle.definitions.get(key);
  if (found === undefined) throw new Error(`no ${key} in ${[...bundle.definitions.keys()].join(", ")}`);
  return found.schema;
}
