/**
 * The floor of a build: the least work any static reader of event files must do. Reads every
 * `*.event.ts` file under the given folder and parses it with the TypeScript parser, on one
 * thread, and nothing else: no evaluation, validation, inference or output. run.mjs times this
 * whole process (module load included, as for the CLI), so "cold build / floor" says how much
 * the build adds on top of parsing.
 *
 * Usage: node bench/floor.mjs <eventsDir>
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";

const root = process.argv[2];
if (root === undefined) throw new Error("usage: node bench/floor.mjs <eventsDir>");

let statements = 0;
const files = readdirSync(root, { recursive: true }).filter((name) => String(name).endsWith(".event.ts"));
for (const name of files) {
  const path = join(root, String(name));
  const text = readFileSync(path, "utf8");
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  statements += source.statements.length; // use the result, so the parse cannot be optimised away
}
process.stdout.write(`${files.length} files, ${statements} top-level statements\n`);
