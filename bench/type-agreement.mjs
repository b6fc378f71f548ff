/**
 * `node bench/type-agreement.mjs [--examples 3] [--json file]`: how far our payload types agree
 * with a provider's own TypeScript types, leaf by leaf, from samples alone and from the
 * provider's JSON Schemas.
 *
 * Corpus: GitHub's webhook payload examples (`@octokit/webhooks-examples`), each mapped to its
 * definition in `@octokit/webhooks-schemas` (`issues$opened`, `push$event`) as
 * test/e2e/github-schemas.test.ts does; examples that ajv rejects against their own definition
 * are counted and left out. Two projects under .bench/type-agreement/ (inside the repository,
 * so `ductape-events` and the packages resolve), one event per definition with its examples as
 * `sample` + `examples`: (a) sample-only, no schema; (b) schema-driven, the body declared by
 * `$ref` into the installed schema package. Both are built with the real CLI.
 *
 * Then one TypeScript program imports both projects' `EventPayloads` and
 * `@octokit/webhooks-types`, and for every leaf path of every example body (a path to a string,
 * number, boolean or null; array elements as `[]`) compares the type each side gives at that
 * path. The definition of "agree" is in docs/benchmark.md ("Type agreement"); `walk`,
 * `covered` and `disagreement` below implement it. The whole bodies of (b) are compared too.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import ts from "typescript";

const REPO = resolve(import.meta.dirname, "..");
const CLI = join(REPO, "dist/cli/main.js");
const BASE = join(REPO, ".bench/type-agreement");
const SCHEMAS = "@octokit/webhooks-schemas/schema.json";
const require = createRequire(import.meta.url);

const { values } = parseArgs({
  options: { examples: { type: "string", default: "3" }, json: { type: "string" } },
});
const EXAMPLES_PER_CATEGORY = Number(values.examples);
if (!existsSync(CLI)) throw new Error("Run `npm run build` first.");

// ---------------------------------------------------------------------------------------------
// The corpus: accepted examples by definition, in the corpus's order.

/** @returns {{ accepted: Map<string, { kind: string, bodies: object[] }>, counts: Record<string, number> }} */
function corpus() {
  const { Ajv } = require("ajv");
  const addFormats = require("ajv-formats");
  const document = require(SCHEMAS);
  const ajv = new Ajv({ strict: false, allErrors: false, inlineRefs: false });
  addFormats(ajv);
  ajv.addSchema(document, "github");
  const examples = require("@octokit/webhooks-examples/api.github.com/index.json");
  const accepted = new Map();
  const counts = { examples: 0, noDefinition: 0, rejected: 0, accepted: 0 };
  for (const { name, examples: payloads } of examples) {
    for (const payload of payloads) {
      counts.examples++;
      const definition = `${name}$${typeof payload.action === "string" ? payload.action : "event"}`;
      if (!Object.hasOwn(document.definitions, definition)) {
        counts.noDefinition++;
        continue;
      }
      if (!ajv.getSchema(`github#/definitions/${definition}`)(payload)) {
        counts.rejected++;
        continue;
      }
      counts.accepted++;
      const entry = accepted.get(definition) ?? { kind: name, bodies: [] };
      entry.bodies.push(payload);
      accepted.set(definition, entry);
    }
  }
  return { accepted, counts, titles: document.definitions };
}

const tagOf = (definition) => `github:${definition.replace(/[$_]/g, "-").toLowerCase()}`;
const fileOf = (definition) => definition.replace("$", "-");

function eventFile(definition, count, declared) {
  const payload = (i) => `{ headers: {}, query: {}, body: bodies[${i}], params: {} }`;
  const examples = Array.from({ length: count - 1 }, (_, i) => payload(i + 1));
  return [
    'import { defineEvent } from "ductape-events";',
    `import bodies from "./${fileOf(definition)}.json";`,
    "",
    "export default defineEvent({",
    `  name: ${JSON.stringify(definition)},`,
    `  tag: ${JSON.stringify(tagOf(definition))},`,
    '  description: "",',
    ...(declared ? [`  schema: { body: { $ref: ${JSON.stringify(`${SCHEMAS}#/definitions/${definition}`)} } },`] : []),
    `  sample: ${payload(0)},`,
    ...(examples.length === 0 ? [] : [`  examples: [${examples.join(", ")}],`]),
    "});",
    "",
  ].join("\n");
}

function writeProject(dir, accepted, declared) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, "events"), { recursive: true });
  writeFileSync(
    join(dir, "ductape.config.ts"),
    'export default { events: "events/*.event.ts", outDir: "generated" };\n',
  );
  for (const [definition, { bodies }] of accepted) {
    writeFileSync(join(dir, "events", `${fileOf(definition)}.json`), `${JSON.stringify(bodies, null, 2)}\n`);
    writeFileSync(
      join(dir, "events", `${fileOf(definition)}.event.ts`),
      eventFile(definition, bodies.length, declared),
    );
  }
  const run = spawnSync(process.execPath, [CLI, "build"], { cwd: dir, env: { ...process.env, NO_COLOR: "1" } });
  if (run.status !== 0) throw new Error(`build failed in ${dir}:\n${run.stdout}${run.stderr}`);
}

// ---------------------------------------------------------------------------------------------
// Leaf paths of a body: `commits[].author.name`, each once per example.

/** @returns {string[][]} the distinct leaf paths of one value, as key lists (`[]` for elements). */
function leafPaths(value) {
  const seen = new Map();
  const visit = (v, path) => {
    if (v === null || typeof v !== "object") {
      seen.set(JSON.stringify(path), path);
    } else if (Array.isArray(v)) {
      for (const element of v) visit(element, [...path, "[]"]);
    } else {
      for (const [key, child] of Object.entries(v)) visit(child, [...path, key]);
    }
  };
  visit(value, []);
  return [...seen.values()];
}

const showPath = (path) => path.map((key, i) => (key === "[]" ? "[]" : i === 0 ? key : `.${key}`)).join("");

// ---------------------------------------------------------------------------------------------
// The reference type of a definition in @octokit/webhooks-types: json-schema-to-typescript
// names each definition from its title ("push event" -> PushEvent).

function pascal(title) {
  return title
    .replace(/[^A-Za-z0-9]+(.)?/g, (_, c) => (c === undefined ? "" : c.toUpperCase()))
    .replace(/^./, (c) => c.toUpperCase());
}

// ---------------------------------------------------------------------------------------------
// The types at a path, and agreement.

/**
 * The members of the types a path reaches from `root`: at each key, every union member that is
 * not null or undefined (the example holds an object or array there) contributes its property's
 * type, or its string index signature's when it has no such property; a member with neither
 * contributes nothing (a branch of a union the example is not in). `[]` takes the element type
 * of arrays and tuples. `unknown` and `any` stay what they are. At the leaf, `undefined` is
 * removed (optionality is the property's, compared apart) and unions are flattened.
 * `optional` says whether the leaf's own key is an optional property (of any member).
 * @returns {{ members: ts.Type[], viaIndex: boolean, optional: boolean }}
 */
function walk(checker, root, path) {
  let types = [root];
  let viaIndex = false;
  let optional = false;
  for (const key of path) {
    const next = [];
    optional = false;
    for (const member of types.flatMap((t) => flatten(t))) {
      if (member.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined | ts.TypeFlags.Void)) continue;
      if (member.flags & (ts.TypeFlags.Unknown | ts.TypeFlags.Any)) {
        next.push(member);
        viaIndex = true;
        continue;
      }
      if (key === "[]") {
        if (checker.isArrayType(member) || checker.isTupleType(member)) next.push(...checker.getTypeArguments(member));
        continue;
      }
      const property = checker.getPropertyOfType(member, key);
      if (property !== undefined) {
        next.push(checker.getTypeOfSymbol(property));
        optional ||= (property.flags & ts.SymbolFlags.Optional) !== 0;
        continue;
      }
      const index = checker.getIndexTypeOfType(member, ts.IndexKind.String);
      if (index !== undefined) {
        next.push(index);
        viaIndex = true;
      }
    }
    types = next;
  }
  const members = [];
  for (const member of types.flatMap((t) => flatten(t))) {
    if (member.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Void)) continue;
    if (!members.includes(member)) members.push(member);
  }
  return { members, viaIndex, optional };
}

function flatten(type) {
  return type.isUnion() ? type.types : [type];
}

/** Every member of `source` is assignable to a member of `target` (the union of `target`). */
function covered(checker, source, target) {
  return source.every((s) => target.some((t) => checker.isTypeAssignableTo(s, t)));
}

const isNull = (t) => (t.flags & ts.TypeFlags.Null) !== 0;
const isStringLiteral = (t) => (t.flags & ts.TypeFlags.StringLiteral) !== 0;
const isOpen = (t) => (t.flags & (ts.TypeFlags.Unknown | ts.TypeFlags.Any)) !== 0;

/**
 * Why `ours` and `theirs` (members at one leaf) disagree, as one category; `undefined` when they
 * agree (each side's union assignable to the other's).
 */
function disagreement(checker, ours, theirs) {
  const there = covered(checker, ours.members, theirs.members);
  const back = covered(checker, theirs.members, ours.members);
  if (there && back) return undefined;
  if (ours.members.length === 0) return "path missing from our type";
  if (theirs.members.length === 0) return "path missing from their type";
  if (ours.members.some(isOpen)) return ours.viaIndex ? "unknown: open object or unknown" : "unknown";
  if (theirs.members.some(isOpen)) return "theirs unknown, ours precise";
  const oursSet = ours.members.filter((t) => !isNull(t));
  const theirsSet = theirs.members.filter((t) => !isNull(t));
  const sameButNull =
    covered(checker, oursSet, theirsSet) && covered(checker, theirsSet, oursSet) && oursSet.length > 0;
  if (oursSet.length === 0) return "seen only as null";
  if (sameButNull) return theirs.members.some(isNull) ? "nullable missing" : "null that theirs lacks";
  if (
    theirsSet.every(isStringLiteral) &&
    covered(checker, theirsSet, oursSet) &&
    oursSet.some((t) => t.flags & ts.TypeFlags.String)
  ) {
    return theirs.members.some(isNull) && !ours.members.some(isNull)
      ? "enum seen as string (and nullable missing)"
      : "enum seen as string";
  }
  if (covered(checker, oursSet, theirsSet)) return "ours narrower";
  if (covered(checker, theirsSet, oursSet)) return "ours wider";
  return "different types";
}

// ---------------------------------------------------------------------------------------------

const { accepted, counts, titles } = corpus();
console.log(
  `GitHub examples: ${counts.examples}; without a definition ${counts.noDefinition}, ` +
    `rejected by their definition ${counts.rejected}, measured ${counts.accepted} in ${accepted.size} definitions`,
);
const sides = { a: join(BASE, "sample-only"), b: join(BASE, "schema-driven") };
writeProject(sides.a, accepted, false);
writeProject(sides.b, accepted, true);

// One program over a probe file: an alias per definition and side, read back by the checker,
// and beside it one assignment per definition and direction, whose errors say why two whole
// body types differ.
const probe = [
  'import type { EventPayloads as A } from "./sample-only/generated/index.js";',
  'import type { EventPayloads as B } from "./schema-driven/generated/index.js";',
  'import type * as H from "@octokit/webhooks-types";',
  "",
];
const assignments = ['import type * as P from "./probe.js";', ""];
const definitions = [...accepted.keys()];
definitions.forEach((definition, i) => {
  const tag = JSON.stringify(tagOf(definition));
  probe.push(`export type A${i} = A[${tag}]["body"];`);
  probe.push(`export type B${i} = B[${tag}]["body"];`);
  probe.push(`export type H${i} = H.${pascal(titles[definition].title)};`);
  assignments.push(`export const ours${i}: P.H${i} = null! as P.B${i};`);
  assignments.push(`export const theirs${i}: P.B${i} = null! as P.H${i};`);
});
const probeFile = join(BASE, "probe.ts");
const assignFile = join(BASE, "assign.ts");
writeFileSync(probeFile, `${probe.join("\n")}\n`);
writeFileSync(assignFile, `${assignments.join("\n")}\n`);
const program = ts.createProgram([probeFile, assignFile], {
  strict: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  target: ts.ScriptTarget.ES2022,
  noEmit: true,
  skipLibCheck: true,
  types: [],
});
const host = ts.createCompilerHost({});
const problems = [
  ...program.getSyntacticDiagnostics(),
  ...program.getSemanticDiagnostics(program.getSourceFile(probeFile)),
];
if (problems.length > 0) throw new Error(ts.formatDiagnostics(problems, host).slice(0, 4000));
const checker = program.getTypeChecker();
const aliases = new Map();
for (const statement of program.getSourceFile(probeFile).statements) {
  if (ts.isTypeAliasDeclaration(statement)) aliases.set(statement.name.text, checker.getTypeAtLocation(statement.name));
}

// ---------------------------------------------------------------------------------------------
// Leaves.

const newTally = () => ({ leaves: 0, a: 0, b: 0, optionalA: 0, optionalB: 0, unknownA: 0, unknownB: 0 });
const total = newTally();
const byKind = new Map();
const categories = { a: new Map(), b: new Map() };
const show = (members) => members.map((t) => checker.typeToString(t)).join(" | ") || "(none)";

definitions.forEach((definition, i) => {
  const { kind, bodies } = accepted.get(definition);
  const tally = byKind.get(kind) ?? newTally();
  byKind.set(kind, tally);
  const verdicts = new Map();
  for (const body of bodies) {
    for (const path of leafPaths(body)) {
      const key = JSON.stringify(path);
      if (!verdicts.has(key)) {
        const theirs = walk(checker, aliases.get(`H${i}`), path);
        const verdict = { theirs };
        for (const side of ["a", "b"]) {
          const ours = walk(checker, aliases.get(`${side.toUpperCase()}${i}`), path);
          verdict[side] = { ours, why: disagreement(checker, ours, theirs) };
        }
        verdicts.set(key, verdict);
      }
      const verdict = verdicts.get(key);
      for (const t of [total, tally]) t.leaves++;
      for (const side of ["a", "b"]) {
        const { why, ours } = verdict[side];
        const suffix = side.toUpperCase();
        if (ours.optional === verdict.theirs.optional) {
          for (const t of [total, tally]) t[`optional${suffix}`]++;
        }
        if (why === undefined) {
          for (const t of [total, tally]) t[side]++;
          if (ours.members.some(isOpen)) for (const t of [total, tally]) t[`unknown${suffix}`]++;
          continue;
        }
        const category = categories[side].get(why) ?? { leaves: 0, examples: [] };
        categories[side].set(why, category);
        category.leaves++;
        const where = `${definition} ${showPath(path)}`;
        if (category.examples.length < EXAMPLES_PER_CATEGORY && !category.examples.some((e) => e.where === where)) {
          category.examples.push({ where, ours: show(ours.members), theirs: show(verdict.theirs.members) });
        }
      }
    }
  }
});

// ---------------------------------------------------------------------------------------------
// Whole bodies of (b): mutually assignable, or the first reason tsc gives for each direction.

/** The property path tsc's elaboration walks down (`hook.events`), as keys. */
function pathOf(text) {
  const keys = [];
  for (const match of text.matchAll(
    /Types of property '([^']+)' are incompatible|The types of '([^']+)' are incompatible/g,
  )) {
    keys.push(...(match[1] ?? match[2]).split("."));
  }
  return keys;
}

/**
 * A cause for one failed assignment between whole bodies, from tsc's elaboration (its last line,
 * and whether their type at the path it names is a tuple), with that path.
 */
function causeOf(text, theirs) {
  const lines = text.split("\n").map((l) => l.trim());
  const last = lines.at(-1);
  const path = pathOf(text);
  let cause;
  if (
    lines.some((l) => l.includes("index signatures are incompatible")) &&
    /Type 'undefined' is not assignable/.test(last)
  ) {
    cause = "our index signature with | undefined where theirs has { [k: string]: T }";
  } else if (/Index signature for type 'string' is missing/.test(last)) {
    cause = "our index signature (open object, or Record<string, unknown> beside oneOf) where theirs has none";
  } else if (walk(checker, theirs, path).members.some((t) => checker.isTupleType(t))) {
    cause = "their tuple from minItems/maxItems where ours is an array (both fine: maxItems is validation)";
  } else {
    cause = `other: ${last.replace(/import\("[^"]*"(, \{[^}]*\} \})?\)\./g, "")}`;
  }
  return { cause, at: showPath(path) };
}

const whole = { definitions: definitions.length, mutual: 0, causes: { ours: new Map(), theirs: new Map() } };
const assignSource = program.getSourceFile(assignFile);
const failures = new Map();
for (const d of program.getSemanticDiagnostics(assignSource)) {
  const line = assignSource.getLineAndCharacterOfPosition(d.start).line;
  failures.set(line, ts.flattenDiagnosticMessageText(d.messageText, "\n"));
}
definitions.forEach((definition, i) => {
  const b = aliases.get(`B${i}`);
  const h = aliases.get(`H${i}`);
  const there = checker.isTypeAssignableTo(b, h);
  const back = checker.isTypeAssignableTo(h, b);
  if (there && back) whole.mutual++;
  // Lines of assign.ts: 2 + 2i is "ours assignable to theirs", 3 + 2i the reverse.
  for (const [direction, ok, line] of [
    ["ours", there, 2 + 2 * i],
    ["theirs", back, 3 + 2 * i],
  ]) {
    if (ok) continue;
    const { cause, at } = causeOf(failures.get(line) ?? "(no error reported)", h);
    const entry = whole.causes[direction].get(cause) ?? { definitions: 0, examples: [] };
    whole.causes[direction].set(cause, entry);
    entry.definitions++;
    if (entry.examples.length < EXAMPLES_PER_CATEGORY) entry.examples.push(`${definition} ${at}`);
  }
});

// ---------------------------------------------------------------------------------------------
// Report.

const hand = require("@octokit/webhooks-types/package.json");
const percent = (n, d) => `${((100 * n) / d).toFixed(1)}%`;
const row = (label, t) =>
  `${label.padEnd(32)} ${String(t.leaves).padStart(6)}  ${percent(t.a, t.leaves).padStart(15)}  ${percent(t.b, t.leaves).padStart(17)}`;
console.log(`reference types: @octokit/webhooks-types ${hand.version}; TypeScript ${ts.version}\n`);
console.log(`${"event kind".padEnd(32)} leaves  (a) sample-only  (b) schema-driven`);
for (const [kind, t] of [...byKind].sort(([x], [y]) => (x < y ? -1 : 1))) console.log(row(kind, t));
console.log(row("all", total));
console.log(
  `\nleaves agreeing: (a) ${total.a} of ${total.leaves} (${((100 * total.a) / total.leaves).toFixed(2)}%), ` +
    `(b) ${total.b} of ${total.leaves} (${((100 * total.b) / total.leaves).toFixed(3)}%)`,
);
console.log(
  `of which typed unknown on both sides: (a) ${total.unknownA}, (b) ${total.unknownB}; ` +
    `the leaf's key optional on both sides or neither: (a) ${percent(total.optionalA, total.leaves)}, (b) ${percent(total.optionalB, total.leaves)}`,
);
for (const side of ["a", "b"]) {
  console.log(`\ndisagreeing leaves of (${side}) ${side === "a" ? "sample-only" : "schema-driven"}, by category:`);
  for (const [why, { leaves, examples }] of [...categories[side]].sort((x, y) => y[1].leaves - x[1].leaves)) {
    console.log(`  ${String(leaves).padStart(6)}  ${why}`);
    for (const e of examples) console.log(`          ${e.where}: ours ${e.ours}; theirs ${e.theirs}`);
  }
}
console.log(
  `\nwhole bodies of (b): ${whole.mutual} of ${whole.definitions} definitions mutually assignable with theirs; ` +
    "failed directions by the first reason tsc gives:",
);
for (const direction of ["ours", "theirs"]) {
  console.log(`  ${direction === "ours" ? "ours -> theirs" : "theirs -> ours"}:`);
  for (const [cause, { definitions: n, examples }] of [...whole.causes[direction]].sort(
    (x, y) => y[1].definitions - x[1].definitions,
  )) {
    console.log(`    ${String(n).padStart(4)}  ${cause} (${examples.join(", ")})`);
  }
}
if (values.json !== undefined) {
  const map = (m) => Object.fromEntries([...m].sort(([x], [y]) => (x < y ? -1 : 1)));
  const json = {
    counts,
    total,
    byKind: map(byKind),
    categories: { a: map(categories.a), b: map(categories.b) },
    whole: { ...whole, causes: { ours: map(whole.causes.ours), theirs: map(whole.causes.theirs) } },
  };
  writeFileSync(values.json, `${JSON.stringify(json, null, 2)}\n`);
}
