import { createRequire } from "node:module";
import type * as TS from "typescript";

/** The TypeScript compiler API, from the `typescript` package's public entry. */
export type TypeScript = typeof TS;

let loaded: TypeScript | undefined;

/**
 * The compiler, loaded on first call. Only a config that is not plain JavaScript and a file our
 * parser declines need it, so most builds never load TypeScript. `require` rather than `import`:
 * the package is CommonJS, and Node would first scan its source for export names.
 */
export function loadCompiler(): TypeScript {
  loaded ??= createRequire(import.meta.url)("typescript") as TypeScript;
  return loaded;
}
