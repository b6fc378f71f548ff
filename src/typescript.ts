import { createRequire } from "node:module";
import { dirname } from "node:path";
import type * as TsMorph from "ts-morph";

/** The TypeScript compiler API, as bundled by ts-morph (one copy of TypeScript, not two). */
export type TypeScript = typeof TsMorph.ts;

let loaded: TypeScript | undefined;

/**
 * The compiler, loaded on first call: ts-morph's own copy of TypeScript, the module its `ts`
 * export is, required straight from where ts-morph resolves it. Measured on this machine:
 * importing ts-morph from ESM 0.42 s (Node first scans CommonJS source for export names),
 * requiring ts-morph 0.32-0.40 s (it also compiles ts-morph and @ts-morph/common, 4 MB we do not
 * use), requiring its TypeScript alone 0.23-0.30 s. Should ts-morph ever lay its files out
 * otherwise, the package's `ts` export is the fallback. Only a config that is not plain JavaScript
 * and a file our parser declines call this, so most builds never load TypeScript.
 */
export function typescript(): TypeScript {
  loaded ??= load();
  return loaded;
}

function load(): TypeScript {
  const require = createRequire(import.meta.url);
  try {
    const tsMorphDir = dirname(require.resolve("ts-morph/package.json"));
    const path = require.resolve("@ts-morph/common/dist/typescript.js", { paths: [tsMorphDir] });
    const ts = require(path) as TypeScript;
    if (typeof ts.createSourceFile === "function") return ts;
  } catch {
    // Fall through to the documented export.
  }
  return (require("ts-morph") as typeof TsMorph).ts;
}
