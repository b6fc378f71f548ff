import ts from "typescript";

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
