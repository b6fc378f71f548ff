import { join } from "node:path";
import ts from "typescript";
import { REPO } from "./tmp.js";

/**
 * The compiler flags the README promises generated code compiles under (`tsc --strict
 * --exactOptionalPropertyTypes --noUncheckedIndexedAccess` with NodeNext modules), as a
 * tsconfig.json writes them. Every test that type-checks generated code starts from these, so
 * a flag added to the promise is checked everywhere at once.
 */
export const PROMISED_FLAGS = {
  strict: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  module: "nodenext",
  moduleResolution: "nodenext",
  target: "es2022",
} as const;

/** The same flags for a program made in process (`ts.createProgram`), read by TypeScript itself. */
export const PROMISED_OPTIONS: ts.CompilerOptions = ts.convertCompilerOptionsFromJson(PROMISED_FLAGS, "/").options;

/** The repository's own tsc, run as a child process over generated code. */
export const TSC = join(REPO, "node_modules", "typescript", "bin", "tsc");

/**
 * The tsconfig.json of a scratch project that checks its `usage.ts` under the promised flags
 * (with files on the command line, TypeScript 6 refuses to run beside the repository's own
 * tsconfig.json).
 */
export const USAGE_TSCONFIG = {
  compilerOptions: { ...PROMISED_FLAGS, noEmit: true, skipLibCheck: true, types: [] },
  files: ["usage.ts"],
};
