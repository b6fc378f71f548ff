/**
 * Run before each test file (vitest.config.ts). A build loads declared schemas' modules on first
 * use, by Node's `require`; the test runner compiles the sources itself, where `require` cannot
 * reach them, so they are loaded here first.
 */
import { loadSchemaStage } from "../../src/extract/schema-stage.js";
import { loadDeclaredStage } from "../../src/infer/declared-stage.js";

await Promise.all([loadSchemaStage(), loadDeclaredStage()]);
