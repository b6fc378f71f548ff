/**
 * Declared schemas' part of inference (declared.ts, with src/schema/ behind it), loaded on first
 * use, as extraction's is (see src/extract/schema-stage.ts): only events that declare a schema
 * need it.
 */
import { createRequire } from "node:module";

type Stage = typeof import("./declared.js");

let stage: Stage | undefined;

/** Loads the stage now, where `require` cannot load it when first used (see src/extract/schema-stage.ts). */
export async function loadDeclaredStage(): Promise<void> {
  stage ??= await import("./declared.js");
}

/** The stage, loaded now if it was not. */
export function declaredStage(): Stage {
  stage ??= createRequire(import.meta.url)("./declared.js") as Stage;
  return stage;
}
