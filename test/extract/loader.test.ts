import { describe, expect, it } from "vitest";
import { ModuleLoader } from "../../src/extract/loader.js";
import { FileReader } from "../../src/extract/reader.js";

const ROOT = "/project";

/** A loader over in-memory files (paths relative to ROOT), without a parse cache. */
function loaderOf(files: Record<string, string>): ModuleLoader {
  const byPath = new Map(Object.entries(files).map(([name, text]) => [`${ROOT}/${name}`, text]));
  const reader = new FileReader((file) => {
    const text = byPath.get(file);
    if (text === undefined) throw Object.assign(new Error(`ENOENT: ${file}`), { code: "ENOENT" });
    return text;
  });
  return new ModuleLoader(reader, undefined);
}

/** Resolves every import of a loaded file, as evaluating or listing its dependencies would. */
function resolveImports(loader: ModuleLoader, file: string): void {
  const { module } = loader.loadEventFile(file);
  if (module === undefined) throw new Error(`${file} did not load`);
  for (const statement of module.statements) {
    if (statement.kind === "import") loader.resolve(module, statement.specifier);
  }
}

describe("module loader", () => {
  const files = {
    "events/a.event.ts": `import { x } from "../shared/x.js";\nexport default x;`,
    "events/b.event.ts": `import a from "./a.event.js";\nexport default a;`,
    "shared/x.ts": `export const x = 1;`,
  };

  it("releases an extracted event file that nothing imported", () => {
    const loader = loaderOf(files);
    resolveImports(loader, `${ROOT}/events/a.event.ts`);
    loader.release(`${ROOT}/events/a.event.ts`);
    expect(loader.holds(`${ROOT}/events/a.event.ts`)).toBe(false);
    // The helper stays, for the next event that imports it.
    expect(loader.holds(`${ROOT}/shared/x.ts`)).toBe(true);
  });

  it("keeps an event file that an import led to", () => {
    const loader = loaderOf(files);
    resolveImports(loader, `${ROOT}/events/b.event.ts`);
    resolveImports(loader, `${ROOT}/events/a.event.ts`);
    loader.release(`${ROOT}/events/a.event.ts`);
    loader.release(`${ROOT}/events/b.event.ts`);
    expect(loader.holds(`${ROOT}/events/a.event.ts`)).toBe(true);
    expect(loader.holds(`${ROOT}/events/b.event.ts`)).toBe(false);
  });

  it("parses a released file again when an import leads to it later", () => {
    const loader = loaderOf(files);
    resolveImports(loader, `${ROOT}/events/a.event.ts`);
    loader.release(`${ROOT}/events/a.event.ts`);
    resolveImports(loader, `${ROOT}/events/b.event.ts`);
    expect(loader.holds(`${ROOT}/events/a.event.ts`)).toBe(true);
    const { module } = loader.loadEventFile(`${ROOT}/events/a.event.ts`);
    expect(module?.exports.has("default")).toBe(true);
  });
});
