import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { nameDefinitions } from "../../src/emit/definitions.js";
import { emitOutputs } from "../../src/emit/index.js";
import { manifestEvents, renderWebhookManifest, type ManifestEventMemo } from "../../src/emit/manifest.js";
import { renderTypes, type RenderedTypes } from "../../src/emit/render-types.js";
import { createTypesCache } from "../../src/emit/types-cache.js";
import { webhookFiles } from "../../src/emit/layout.js";
import { rejections } from "../../src/infer/check.js";
import type { InferredEvent } from "../../src/infer/index.js";
import type { DefinitionTable } from "../../src/infer/schema.js";
import type { JsonObject } from "../../src/util/json.js";
import { declared, declaredEvent, table } from "../helpers/declared.js";
import { PROMISED_OPTIONS } from "../helpers/strict.js";
import { fileScratchDir, writeTree } from "../helpers/tmp.js";

/**
 * Types from declared schemas (issue 17): the model is built from JSON Schemas by the converter,
 * rendered, and the generated TypeScript compiled by the real compiler under the promised flags
 * (`--strict --exactOptionalPropertyTypes --noUncheckedIndexedAccess`), with NodeNext and with
 * Bundler resolution, beside a usage.ts whose `@ts-expect-error` lines must each be an error.
 */

const SCRATCH = fileScratchDir("declared-types");

const RESOLUTIONS: Record<string, ts.CompilerOptions> = {
  nodenext: { ...PROMISED_OPTIONS, noEmit: true, skipLibCheck: true, types: [] },
  bundler: {
    ...PROMISED_OPTIONS,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    noEmit: true,
    skipLibCheck: true,
    types: [],
  },
};

/** Every rendered file by its path under generated/. */
function generatedFiles(rendered: RenderedTypes): Record<string, string> {
  const files: Record<string, string> = { "generated/index.ts": rendered.index };
  for (const [webhook, text] of rendered.webhooks) files[`generated/${webhookFiles(webhook).types}`] = text;
  if (rendered.definitions !== undefined) files["generated/definitions.ts"] = rendered.definitions;
  return files;
}

function typeCheck(files: Record<string, string>, options: ts.CompilerOptions): string[] {
  const dir = mkdtempSync(join(SCRATCH, "case-"));
  writeTree(dir, { ...files, "package.json": '{ "type": "module" }' });
  const roots = Object.keys(files)
    .filter((name) => name.endsWith(".ts"))
    .map((name) => join(dir, name));
  const program = ts.createProgram(roots, options);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const message = ts.flattenDiagnosticMessageText(d.messageText, "\n");
    if (d.file === undefined || d.start === undefined) return message;
    const { line } = d.file.getLineAndCharacterOfPosition(d.start);
    return `${relative(dir, d.file.fileName)}:${line + 1}: ${message}`;
  });
}

// A provider's shared definitions, as a resolved bundle gives them: keys are document and pointer.
const DEFINITIONS = {
  "gh.json#/definitions/user": {
    names: ["User", "user"],
    schema: {
      title: "User",
      description: "A GitHub account.",
      type: "object",
      properties: {
        login: { type: "string" },
        id: { type: "integer", minimum: 1 },
        type: { enum: ["User", "Bot", "Organization"] },
      },
      required: ["login", "id", "type"],
      additionalProperties: false,
    },
  },
  "gh.json#/definitions/repository": {
    names: ["Repository", "repository"],
    schema: {
      type: "object",
      properties: {
        id: { type: "integer" },
        full_name: { type: "string" },
        owner: { $ref: "#gh.json#/definitions/user" },
        // A definition that refers to itself.
        parent: { $ref: "#gh.json#/definitions/repository" },
        license: { anyOf: [{ $ref: "#gh.json#/definitions/license" }, { type: "null" }] },
        topics: { type: "array", items: { type: "string" } },
      },
      required: ["id", "full_name", "owner", "license"],
      additionalProperties: false,
    },
  },
  "gh.json#/definitions/actor": {
    names: ["Actor"],
    schema: { type: "object", properties: { name: { type: "string" } }, required: ["name"] },
  },
  "gh.json#/definitions/license": {
    names: ["license"],
    schema: {
      type: "object",
      properties: { key: { type: "string" }, spdx_id: { type: ["string", "null"] } },
      required: ["key", "spdx_id"],
      additionalProperties: false,
    },
  },
};

const USER = { login: "octocat", id: 1, type: "User" };
const REPOSITORY = { id: 7, full_name: "o/r", owner: USER, license: { key: "mit", spdx_id: "MIT" }, topics: ["x"] };

const PUSH_BODY = {
  type: "object",
  properties: {
    ref: { type: "string", pattern: "^refs/", description: "The full ref */ pushed." },
    repository: { $ref: "#gh.json#/definitions/repository" },
    sender: { $ref: "#gh.json#/definitions/user" },
    size: { type: "integer", minimum: 0, default: 0 },
    pair: { type: "array", prefixItems: [{ type: "string" }, { type: "number" }], items: false, minItems: 2 },
    head: { type: "array", prefixItems: [{ type: "string" }], items: { type: "integer" }, minItems: 1 },
    action: { const: "pushed" },
    state: { enum: ["open", "closed", null] },
    labels: { type: "object", patternProperties: { "^x-": { type: "string" } }, additionalProperties: false },
    counts: {
      type: "object",
      properties: { total: { type: "integer" } },
      required: ["total"],
      patternProperties: { "^[0-9]+$": { type: "integer" } },
      additionalProperties: false,
    },
    pusher: {
      allOf: [
        { $ref: "#gh.json#/definitions/actor" },
        { type: "object", properties: { admin: { type: "boolean" } }, required: ["admin"] },
      ],
    },
    change: {
      oneOf: [
        {
          type: "object",
          properties: { kind: { const: "added" }, path: { type: "string" } },
          required: ["kind", "path"],
          additionalProperties: false,
        },
        {
          type: "object",
          properties: { kind: { const: "renamed" }, from: { type: "string" }, to: { type: "string" } },
          required: ["kind", "from", "to"],
          additionalProperties: false,
        },
      ],
    },
    pushed_at: { type: "string", format: "date-time", nullable: true },
    compare: { type: "string", format: "uri-reference", deprecated: true, examples: ["https://x"] },
    id: { type: "integer", format: "int64" },
  },
  required: ["ref", "repository", "sender", "pair", "head", "action", "state", "labels", "counts", "pusher", "change"],
  additionalProperties: false,
};

const PUSH_SAMPLE: JsonObject = {
  headers: {},
  query: {},
  body: {
    ref: "refs/heads/main",
    repository: REPOSITORY,
    sender: USER,
    size: 1,
    pair: ["a", 1.5],
    head: ["h", 1, 2],
    action: "pushed",
    state: null,
    labels: { "x-team": "core" },
    counts: { total: 2, "1": 1, "2": 1 },
    pusher: { name: "octocat", admin: true },
    change: { kind: "renamed", from: "a", to: "b" },
    pushed_at: "2024-01-01T00:00:00Z",
  },
  params: {},
};

const ISSUES_BODY = {
  type: "object",
  properties: {
    issue: {
      type: "object",
      properties: { number: { type: "integer" }, user: { $ref: "#gh.json#/definitions/user" } },
      required: ["number", "user"],
    },
    repository: { $ref: "#gh.json#/definitions/repository" },
  },
  required: ["issue", "repository"],
};

const ISSUES_SAMPLE: JsonObject = {
  headers: {},
  query: {},
  body: { issue: { number: 1, user: USER }, repository: REPOSITORY },
  params: {},
};

function project(definitions: DefinitionTable = table(DEFINITIONS)): {
  events: InferredEvent[];
  definitions: DefinitionTable;
} {
  return {
    definitions,
    events: [
      declaredEvent("gh:issues", { body: declared(ISSUES_BODY) }, ISSUES_SAMPLE),
      declaredEvent("gh:push", { body: declared(PUSH_BODY) }, PUSH_SAMPLE),
    ],
  };
}

const USAGE = `
import type { EventPayload, GhIssuesBody, GhPushBody, Repository, User } from "./generated/index.js";

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const expectTrue = <T extends true>(value: T): T => value;

const user: User = ${JSON.stringify(USER)};
const repository: Repository = ${JSON.stringify(REPOSITORY)};
const push: EventPayload<"gh:push"> = ${JSON.stringify(PUSH_SAMPLE)};
const issues: EventPayload<"gh:issues"> = ${JSON.stringify(ISSUES_SAMPLE)};

// One shared type, not a copy per event.
expectTrue<Equal<GhIssuesBody["repository"], Repository>>(true);
expectTrue<Equal<GhPushBody["repository"], GhIssuesBody["repository"]>>(true);
expectTrue<Equal<Repository["parent"], Repository | undefined>>(true);
expectTrue<Equal<GhPushBody["state"], "open" | "closed" | null>>(true);
expectTrue<Equal<GhPushBody["action"], "pushed">>(true);
expectTrue<Equal<GhPushBody["pushed_at"], string | null | undefined>>(true);

const recursive: Repository = { ...repository, parent: { ...repository, parent: repository } };
const open: GhPushBody["head"] = ["h"];
const total: number = push.body.counts.total;
// Index signatures under noUncheckedIndexedAccess: other keys may be missing.
const other: number | undefined = push.body.counts["7"];
const label: string | undefined = push.body.labels["x-other"];

// @ts-expect-error: not one of the enum's values
const badType: User = { login: "a", id: 1, type: "Robot" };
// @ts-expect-error: additionalProperties false
const extraKey: User = { login: "a", id: 1, type: "Bot", extra: 1 };
// @ts-expect-error: a closed tuple takes no more elements
const longPair: GhPushBody["pair"] = ["a", 1, 2];
// @ts-expect-error: minItems 2 makes both elements required
const shortPair: GhPushBody["pair"] = ["a"];
// @ts-expect-error: the rest of the tuple holds integers
const badRest: GhPushBody["head"] = ["h", "x"];
// @ts-expect-error: minItems 1
const emptyHead: GhPushBody["head"] = [];
// @ts-expect-error: a label must start with x- (no other key is allowed)
const badLabel: GhPushBody["labels"] = { team: "core" };
// @ts-expect-error: the allOf's second part requires admin
const notAdmin: GhPushBody["pusher"] = { name: "octocat" };
// @ts-expect-error: oneOf members are exact alternatives
const mixed: GhPushBody["change"] = { kind: "added", from: "a", to: "b" };
// @ts-expect-error: nullable only where declared
const nullRef: GhPushBody["ref"] = null;
// @ts-expect-error: license is required (null allowed, absence not)
const noLicense: Repository = { id: 1, full_name: "a", owner: user };

export { user, repository, push, issues, recursive, open, total, other, label };
export { badType, extraKey, longPair, shortPair, badRest, emptyHead, badLabel, notAdmin, mixed, nullRef, noLicense };
`;

describe("types from declared schemas", () => {
  const { events, definitions } = project();
  const rendered = renderTypes(events, undefined, undefined, definitions);

  it.each(Object.keys(RESOLUTIONS))("compile under the promised flags (%s), negatives included", (resolution) => {
    const problems = typeCheck({ ...generatedFiles(rendered), "usage.ts": USAGE }, RESOLUTIONS[resolution]!);
    expect(problems).toEqual([]);
  });

  it("declare each shared definition once, in definitions.ts, imported by the modules that use it", () => {
    const definitionsText = rendered.definitions!;
    expect([...definitionsText.matchAll(/^export (?:interface|type) (\w+)/gm)].map((m) => m[1])).toEqual([
      "Actor",
      "License",
      "Repository",
      "User",
    ]);
    const module = rendered.webhooks.get("gh")!;
    expect(module).toContain('import type { Actor, Repository, User } from "../definitions.js";');
    expect(module).not.toMatch(/^export (?:interface|type) (?:User|Repository|License)\b/m);
    expect(rendered.index).toContain('export * from "./definitions.js";');
    expect(definitionsText.startsWith("// Generated by ductape-events")).toBe(true);
  });

  it("read like hand-written types: tuples, literal unions, intersections, index signatures", () => {
    const module = rendered.webhooks.get("gh")!;
    expect(module).toContain("  pair: [string, number];\n");
    expect(module).toContain("  head: [string, ...number[]];\n");
    expect(module).toContain('  state: "open" | "closed" | null;\n');
    expect(module).toContain('  action: "pushed";\n');
    expect(module).toContain("  pusher: Actor & GhPushBodyPusherFields;\n");
    expect(module).toContain("  change: GhPushBodyChangeVariant1 | GhPushBodyChangeVariant2;\n");
    expect(module).toContain("  labels: { [key: `x-${string}`]: string };\n");
    expect(module).toContain("  [key: string]: number;\n");
    expect(module).toContain("  pushed_at?: string | null;\n");
  });

  it("show validation keywords, formats, defaults, examples and deprecation in JSDoc, escaped", () => {
    const module = rendered.webhooks.get("gh")!;
    expect(module).toContain("   * The full ref *\\/ pushed.\n   * @pattern ^refs/\n   */\n  ref: string;");
    expect(module).toContain("   * @default 0\n   * @minimum 0\n   */\n  size?: number;");
    expect(module).toContain(
      '   * @format uri-reference\n   * @example "https://x"\n   * @deprecated\n   */\n  compare?: string;',
    );
    expect(module).toContain("  /** @format int64 */\n  id?: number;");
    expect(module).toContain("  /** @format date-time */\n  pushed_at?: string | null;");
    expect(rendered.definitions).toContain("/**\n * A GitHub account.\n *\n * Shared definition `User`");
  });

  it("are the same bytes whatever the order of the definitions table", () => {
    const reversed = new Map([...definitions].reverse());
    const again = renderTypes(project(reversed).events, undefined, undefined, reversed);
    expect(again.definitions).toBe(rendered.definitions);
    expect([...again.webhooks]).toEqual([...rendered.webhooks]);
  });

  it("accept every sample: the samples validate against the declared schemas (ajv), and break them and they do not", () => {
    for (const event of events) expect(rejections(event.schema, [event.sample], undefined, definitions)).toEqual([]);
    const push = events[1]!;
    const bad = JSON.parse(JSON.stringify(push.sample)) as { body: Record<string, unknown> };
    bad.body["ref"] = "heads/main";
    expect(rejections(push.schema, [bad as JsonObject], undefined, definitions)).toEqual([
      { index: 0, path: ["body", "ref"], value: "heads/main", reason: "does not match the pattern ^refs/" },
    ]);
    const badUser = JSON.parse(JSON.stringify(push.sample)) as { body: { sender: Record<string, unknown> } };
    badUser.body.sender["type"] = "Robot";
    expect(rejections(push.schema, [badUser as unknown as JsonObject], undefined, definitions)[0]).toMatchObject({
      path: ["body", "sender", "type"],
      reason: 'is not one of "User", "Bot", "Organization"',
    });
  });
});

describe("the manifest's schema of an event with refs", () => {
  const { events, definitions } = project();
  const names = nameDefinitions(definitions, new Set());
  const manifest = JSON.parse(
    renderWebhookManifest("gh", events, "/project", undefined, { table: definitions, names }),
  );
  const pushSchema = manifest.events[1].schema;

  it("is self-contained: the definitions it reaches under $defs, sorted, refs pointing there", () => {
    expect(Object.keys(pushSchema.$defs)).toEqual(["Actor", "License", "Repository", "User"]);
    expect(pushSchema.properties.body.properties.sender).toEqual({ $ref: "#/$defs/User" });
    expect(pushSchema.$defs.Repository.properties.parent).toEqual({ $ref: "#/$defs/Repository" });
    // Kept keywords are back in their node, as written.
    expect(pushSchema.properties.body.properties.size).toEqual({ type: "integer", default: 0, minimum: 0 });
    expect(pushSchema.properties.body.properties.pair).toEqual({
      type: "array",
      items: false,
      prefixItems: [{ type: "string" }, { type: "number" }],
      minItems: 2,
    });
  });

  it("validates every sample with ajv (2020-12), as a manifest consumer would, and only those", () => {
    const ajv = new Ajv2020({ strict: false });
    addFormats.default(ajv);
    for (const event of manifest.events)
      expect(ajv.validate(event.schema, event.sample), JSON.stringify(ajv.errors)).toBe(true);
    const bad = structuredClone(manifest.events[1].sample);
    bad.body.pair = ["a", 1, 2];
    expect(ajv.validate(pushSchema, bad)).toBe(false);
  });

  it("keeps the records it wrote in a memo, which later calls return as they are (the docs site reads them)", () => {
    const shared = { table: definitions, names };
    const memo: ManifestEventMemo = new Map();
    const text = renderWebhookManifest("gh", events, "/project", undefined, shared, memo);
    expect(text).toBe(renderWebhookManifest("gh", events, "/project", undefined, shared));
    expect(memo.size).toBe(events.length);
    const records = manifestEvents(events, "/project", shared, memo);
    records.forEach((record, i) => expect(record).toBe(memo.get(events[i]!)));
    expect(JSON.parse(JSON.stringify(records))).toEqual(JSON.parse(text).events);
  });

  it("keeps an inferred event's schema exactly as before (no $defs)", () => {
    const plain = declaredEvent("gh:ping", {});
    const text = renderWebhookManifest("gh", [plain], "/project", undefined, { table: definitions, names });
    expect(JSON.parse(text).events[0].schema).toEqual(plain.schema);
    expect(text).toBe(renderWebhookManifest("gh", [plain], "/project"));
  });
});

describe("definition names", () => {
  const definition = (names: string[]) => ({ names, schema: { type: "string" } });

  it("come from the title or key in PascalCase; colliding ones all move to their next candidate", () => {
    const names = nameDefinitions(
      table({
        "a.json#/definitions/user": definition(["User", "user", "AUser"]),
        "b.json#/definitions/user": definition(["User", "user", "BUser"]),
        "b.json#/definitions/pull_request": definition(["pull_request"]),
        "c.json#/$defs/2fa": definition([]),
      }),
      new Set(["PushPayload"]),
    );
    expect(Object.fromEntries(names)).toEqual({
      "a.json#/definitions/user": "AUser",
      "b.json#/definitions/user": "BUser",
      "b.json#/definitions/pull_request": "PullRequest",
      "c.json#/$defs/2fa": "_2fa",
    });
  });

  it("avoid reserved names and TypeScript globals, numbering in key order when nothing else is left", () => {
    const names = nameDefinitions(
      table({
        "x#/Date": definition(["Date"]),
        "y#/item": definition(["Item"]),
        "z#/item": definition(["Item"]),
        "w#/payload": definition(["GhPushPayload"]),
      }),
      new Set(["GhPushPayload"]),
    );
    expect(Object.fromEntries(names)).toEqual({
      "x#/Date": "Date2",
      "y#/item": "Item",
      "z#/item": "Item2",
      // Its name is an event's: its next candidate, the last part of its key.
      "w#/payload": "Payload",
    });
  });
});

describe("definitions that are not objects", () => {
  it("become documented type aliases; recursion through arrays and unions compiles", () => {
    const definitions = table({
      "t#/tag": { names: ["Tag"], schema: { description: "A label.", enum: ["a", "b"] } },
      "t#/tree": {
        names: ["Tree"],
        schema: { anyOf: [{ type: "string" }, { type: "array", items: { $ref: "#t#/tree" } }] },
      },
    });
    const events = [
      declaredEvent("w:e", {
        body: declared({ type: "object", properties: { t: { $ref: "#t#/tree" }, g: { $ref: "#t#/tag" } } }),
      }),
    ];
    const rendered = renderTypes(events, undefined, undefined, definitions);
    expect(rendered.definitions).toContain(
      '/**\n * A label.\n *\n * Shared definition `Tag` (reached by `$ref`).\n */\nexport type Tag = "a" | "b";',
    );
    expect(rendered.definitions).toContain("export type Tree = string | Tree[];");
    const usage = 'import type { Tree } from "./generated/index.js";\nexport const t: Tree = ["a", ["b", []]];\n';
    expect(typeCheck({ ...generatedFiles(rendered), "usage.ts": usage }, RESOLUTIONS["nodenext"]!)).toEqual([]);
  });
});

describe("the types cache with shared definitions", () => {
  it("renders every module that uses a definition again when its name changes, to the bytes of a cold render", () => {
    const cache = createTypesCache();
    const first = project();
    renderTypes(first.events, cache, undefined, first.definitions);
    const renamedTable = table({
      ...DEFINITIONS,
      "gh.json#/definitions/user": { ...DEFINITIONS["gh.json#/definitions/user"], names: ["Account"] },
    });
    // The same event objects: only the definitions changed.
    const warm = renderTypes(first.events, cache, undefined, renamedTable);
    const cold = renderTypes(first.events, undefined, undefined, renamedTable);
    expect(warm.webhooks.get("gh")).toBe(cold.webhooks.get("gh"));
    expect(warm.webhooks.get("gh")).toContain("sender: Account;");
    expect(warm.definitions).toBe(cold.definitions);
    expect(warm.index).toBe(cold.index);
    // And back to no definitions at all: index.ts no longer re-exports them.
    const none = renderTypes([declaredEvent("gh:ping", {})], cache);
    expect(none.definitions).toBeUndefined();
    expect(none.index).not.toContain("definitions.js");
  });
});

describe("writing definitions.ts", () => {
  it("writes it only when there are definitions, and deletes it (ours) when there are none any more", () => {
    const dir = mkdtempSync(join(SCRATCH, "write-"));
    const outDir = join(dir, "generated");
    const { events, definitions } = project();
    const written = emitOutputs({ events, rootDir: dir, outDir, write: true, definitions });
    expect(written.diagnostics).toEqual([]);
    expect(written.files.map((f) => relative(outDir, f.path))[0]).toBe("definitions.ts");
    expect(readFileSync(join(outDir, "definitions.ts"), "utf8")).toContain("export interface Repository {");
    const plain = [declaredEvent("gh:ping", {})];
    const again = emitOutputs({ events: plain, rootDir: dir, outDir, write: true });
    expect(again.files.filter((f) => f.status === "removed").map((f) => relative(outDir, f.path))).toContain(
      "definitions.ts",
    );
    expect(existsSync(join(outDir, "definitions.ts"))).toBe(false);
  });

  it("never deletes or overwrites a definitions.ts that it did not write", () => {
    const dir = mkdtempSync(join(SCRATCH, "foreign-"));
    const outDir = join(dir, "generated");
    writeTree(outDir, { "definitions.ts": "export const mine = 1;\n" });
    emitOutputs({ events: [declaredEvent("gh:ping", {})], rootDir: dir, outDir, write: true });
    expect(readFileSync(join(outDir, "definitions.ts"), "utf8")).toBe("export const mine = 1;\n");
    const { events, definitions } = project();
    const refused = emitOutputs({ events, rootDir: dir, outDir, write: true, definitions });
    expect(refused.diagnostics.map((d) => d.code)).toEqual(["DT5001"]);
    writeFileSync(join(outDir, "definitions.ts"), "export const mine = 2;\n");
    expect(readFileSync(join(outDir, "definitions.ts"), "utf8")).toBe("export const mine = 2;\n");
  });
});
