/**
 * Declared schemas' part of extraction (declared.ts, with src/schema/ behind it), loaded on first
 * use: a build whose events declare no `schema` never loads it. Extraction is synchronous, so the
 * module is loaded by `require`, which loads an ES module synchronously on the Node versions
 * that say so (`process.features.require_module`); elsewhere, and under a test runner that
 * compiles the sources itself, it is loaded beforehand by `loadSchemaStage`.
 */
import { createRequire } from "node:module";
import type { SchemaResolver, SampleChecker } from "../schema/index.js";

type Stage = typeof import("./declared.js");

let stage: Stage | undefined;

/** Loads the stage now (see the module's comment for when that is needed). */
export async function loadSchemaStage(): Promise<void> {
  stage ??= await import("./declared.js");
}

/** Whether this Node loads the stage by `require` when first used; otherwise `loadSchemaStage` must run first. */
export const loadsOnFirstUse: boolean = process.features.require_module === true;

/** The stage, loaded now if it was not. */
export function schemaStage(): Stage {
  stage ??= createRequire(import.meta.url)("./declared.js") as Stage;
  return stage;
}

/**
 * What reads and checks declared schemas for a whole build: one resolver (each document read
 * and bundled once, however many events reach it) and one checker (each schema compiled once).
 * A cold build's chunks share them; watch mode makes them anew for each extraction, so that an
 * edited schema file is read again.
 */
export interface SchemaTools {
  readonly resolver: SchemaResolver;
  readonly checker: SampleChecker;
}

/**
 * Tools reading files through `readFile`; `root` is the project root, which names files in
 * definition keys. Made when an event first declares a schema.
 */
export function createSchemaTools(root: string, readFile: (path: string) => string): SchemaTools {
  let made: SchemaTools | undefined;
  const tools = (): SchemaTools => (made ??= schemaStage().createSchemaTools(root, readFile));
  return {
    get resolver() {
      return tools().resolver;
    },
    get checker() {
      return tools().checker;
    },
  };
}
