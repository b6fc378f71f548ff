import { posix } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { forEachRef, refKey } from "../../src/schema/bundle.js";
import type { JsonObject, JsonValue } from "../../src/util/json.js";
import { EVENT_FILE, memoryResolver, resolveInline } from "./memory-files.js";

/**
 * Random sets of documents that refer to each other: each document in a folder of its own
 * choosing, each definition a random tree of schemas whose leaves may be `$ref`s to any
 * definition (of its own document by `#`, of another by a relative path), to the document
 * itself, or to a definition that does not exist.
 */
interface Target {
  readonly document: number;
  /** A definition index; -1 for the document itself, >= the count for one that does not exist. */
  readonly definition: number;
}

type Tree =
  | { readonly ref: Target }
  | { readonly leaf: true }
  | { readonly kind: "object" | "anyOf" | "items"; readonly children: readonly Tree[] };

const FOLDERS = ["", "a/", "a/b/", "c/"];
const DOCUMENTS = 4;
const DEFINITIONS = 3;

const target = fc.record({
  document: fc.integer({ min: 0, max: DOCUMENTS - 1 }),
  definition: fc.integer({ min: -1, max: DEFINITIONS }),
});

const tree = fc.letrec<{ tree: Tree }>((tie) => ({
  tree: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constant<Tree>({ leaf: true }),
    target.map<Tree>((ref) => ({ ref })),
    fc.record({
      kind: fc.constantFrom("object" as const, "anyOf" as const, "items" as const),
      children: fc.array(tie("tree"), { minLength: 1, maxLength: 3 }),
    }),
  ),
})).tree;

const project = fc.record({
  folders: fc.array(fc.constantFrom(...FOLDERS), { minLength: DOCUMENTS, maxLength: DOCUMENTS }),
  definitions: fc.array(fc.array(tree, { minLength: DEFINITIONS, maxLength: DEFINITIONS }), {
    minLength: DOCUMENTS,
    maxLength: DOCUMENTS,
  }),
  root: target,
  useDefs: fc.array(fc.boolean(), { minLength: DOCUMENTS, maxLength: DOCUMENTS }),
});

type Project = typeof project extends fc.Arbitrary<infer P> ? P : never;

function fileOf(p: Project, document: number): string {
  return `events/${p.folders[document]!}d${document}.json`;
}

function container(p: Project, document: number): string {
  return p.useDefs[document] ? "$defs" : "definitions";
}

function refText(p: Project, from: number | undefined, to: Target): string {
  const fragment = to.definition === -1 ? "" : `#/${container(p, to.document)}/x${to.definition}`;
  if (from === to.document) return fragment === "" ? "#" : fragment;
  const fromFolder = from === undefined ? "events" : posix.dirname(fileOf(p, from));
  const relative = posix.relative(fromFolder, fileOf(p, to.document));
  return `${relative.startsWith(".") ? relative : `./${relative}`}${fragment}`;
}

function schemaOf(p: Project, from: number | undefined, node: Tree): JsonValue {
  if ("leaf" in node) return { type: "string" };
  if ("ref" in node) return { $ref: refText(p, from, node.ref) };
  const children = node.children.map((child) => schemaOf(p, from, child));
  if (node.kind === "anyOf") return { anyOf: children };
  if (node.kind === "items") return { type: "array", items: children[0]! };
  const properties: JsonObject = {};
  children.forEach((child, i) => (properties[`p${i}`] = child));
  return { type: "object", properties };
}

function filesOf(p: Project): Record<string, JsonValue> {
  const files: Record<string, JsonValue> = {};
  p.definitions.forEach((definitions, document) => {
    const defs: JsonObject = {};
    definitions.forEach((definition, i) => (defs[`x${i}`] = schemaOf(p, document, definition)));
    files[fileOf(p, document)] = { type: "object", [container(p, document)]: defs };
  });
  return files;
}

/** The keys a bundle must hold, found by a search over the generated graph itself. */
function reachable(p: Project): { keys: Set<string>; dangling: boolean } {
  const keys = new Set<string>(["./events/order.event.ts:schema.body#"]);
  let dangling = false;
  const pending: Target[] = [p.root];
  const refsOf = (node: Tree, out: Target[]): Target[] => {
    if ("ref" in node) out.push(node.ref);
    else if ("children" in node) {
      // An array schema takes its first child only (see schemaOf).
      for (const child of node.kind === "items" ? node.children.slice(0, 1) : node.children) refsOf(child, out);
    }
    return out;
  };
  while (pending.length > 0) {
    const next = pending.pop()!;
    if (next.definition >= DEFINITIONS) {
      dangling = true;
      continue;
    }
    const pointer = next.definition === -1 ? "" : `/${container(p, next.document)}/x${next.definition}`;
    const key = `./${fileOf(p, next.document)}#${pointer}`;
    if (keys.has(key)) continue;
    keys.add(key);
    // A whole document's schema reaches nothing: its definitions are reached only through refs.
    if (next.definition !== -1) pending.push(...refsOf(p.definitions[next.document]![next.definition]!, []));
  }
  return { keys, dangling };
}

describe("resolution of random sets of documents", () => {
  it("terminates with a closed bundle holding exactly what the refs reach", () => {
    fc.assert(
      fc.property(project, (p) => {
        const bundle = resolveInline(filesOf(p), { $ref: refText(p, undefined, p.root) });
        const expected = reachable(p);
        expect(new Set(bundle.definitions.keys())).toEqual(expected.keys);
        for (const { schema } of bundle.definitions.values()) {
          forEachRef(schema, (ref) => expect(bundle.definitions.has(refKey(ref) ?? "")).toBe(true));
        }
        const codes = new Set(bundle.problems.map((problem) => problem.diagnostic.code));
        // Dangling refs are problems where written; refs-only loops too; nothing else is.
        expect([...codes].every((code) => code === "DT3203" || code === "DT3208")).toBe(true);
        expect(codes.has("DT3203")).toBe(expected.dangling);
        for (const problem of bundle.problems)
          expect(problem.file === EVENT_FILE || problem.file.endsWith(".json")).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("gives the same bundle from a resolver that has already bundled other schemas of the documents", () => {
    fc.assert(
      fc.property(project, target, (p, other) => {
        const files = filesOf(p);
        const fresh = resolveInline(files, { $ref: refText(p, undefined, p.root) });
        const warm = memoryResolver(files);
        warm.resolve({
          kind: "inline",
          file: EVENT_FILE,
          label: "schema.query",
          schema: { $ref: refText(p, undefined, other) },
        });
        const again = warm.resolve({
          kind: "inline",
          file: EVENT_FILE,
          label: "schema.body",
          schema: { $ref: refText(p, undefined, p.root) },
        });
        const text = (b: typeof fresh): string =>
          JSON.stringify([[...b.definitions], [...b.reads], b.problems.map((x) => [x.file, x.path, x.diagnostic])]);
        expect(text(again)).toBe(text(fresh));
      }),
      { numRuns: 200 },
    );
  });

  it("never throws on any $ref text, and says what is wrong with one that leads nowhere", () => {
    const files = filesOf({
      folders: ["", "a/", "", ""],
      definitions: Array.from({ length: DOCUMENTS }, () => Array.from({ length: DEFINITIONS }, () => ({ leaf: true }))),
      root: { document: 0, definition: 0 },
      useDefs: [false, true, false, true],
    });
    const pieces = fc.constantFrom(
      "#",
      "/",
      "./",
      "../",
      "%",
      "%zz",
      "%2f",
      "~",
      "~1",
      "http://x/",
      "file:",
      "urn:a",
      "a/",
      "d0.json",
      "definitions",
      "x0",
      "@s/",
      ":",
      "?",
      " ",
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(pieces, fc.string({ maxLength: 3 })), { maxLength: 8 }), (parts) => {
        const ref = parts.join("");
        const bundle = resolveInline(files, { $ref: ref });
        const known = new Set(["DT3201", "DT3202", "DT3203", "DT3204", "DT3205", "DT3207", "DT3208", "DT3150"]);
        for (const problem of bundle.problems)
          expect(known.has(problem.diagnostic.code), problem.diagnostic.message).toBe(true);
        for (const { schema } of bundle.definitions.values()) {
          forEachRef(schema, (written) => expect(bundle.definitions.has(refKey(written) ?? "")).toBe(true));
        }
      }),
      { numRuns: 500 },
    );
  });
});
