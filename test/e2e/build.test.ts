import { readFileSync, renameSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { Ajv } from "ajv";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Codes } from "../../src/diagnostics/catalogue.js";
import {
  assertCliBuilt,
  copyFixture,
  diagnosticHeads,
  fixtureDir,
  listFiles,
  REPO,
  removeProjects,
  runCli,
  STACK_FRAME,
  type Project,
  type RunResult,
} from "../helpers/project.js";

/**
 * End-to-end: the compiled CLI (`node dist/cli/main.js`) run as a child process on copies of the
 * projects in test/cases/. Each fixture is built once, in beforeAll, and the tests read the result.
 */

const FIXTURE_CASES = [
  "valid",
  "duplicate-tags",
  "bad-tags",
  "missing-fields",
  "wrong-types",
  "unknown-field",
  "syntax-error",
  "non-literal",
  "empty",
  "config-errors",
  "config-throws",
  "hostile",
  "hostile-errors",
  "shared-error",
] as const;
type FixtureCase = (typeof FIXTURE_CASES)[number];

interface Built {
  readonly project: Project;
  readonly result: RunResult;
}

const built = new Map<FixtureCase, Built>();
/** Every CLI run of this file, for the "no stack trace, ever" check at the end. */
const allRuns: { label: string; result: RunResult }[] = [];

async function run(project: Project, ...args: string[]): Promise<RunResult> {
  const result = await project.run(...args);
  allRuns.push({ label: `${project.dir} ${args.join(" ")}`, result });
  return result;
}

function fixture(name: FixtureCase): Built {
  const entry = built.get(name);
  if (entry === undefined) throw new Error(`fixture ${name} was not built in beforeAll`);
  return entry;
}

/** The whole run as one reviewable text, with the scratch path and timings normalized. */
function transcript({ project, result }: Built): string {
  return [
    `exit: ${String(result.code)}`,
    "--- stdout",
    project.normalize(result.stdout),
    "--- stderr",
    project.normalize(result.stderr),
  ].join("\n");
}

/** Bytes, mtime and inode of every output file: a rewrite (even with equal bytes) changes one of them. */
function outputState(
  project: Project,
  outDir = "generated",
): Record<string, { bytes: string; mtimeMs: number; ino: number }> {
  const state: Record<string, { bytes: string; mtimeMs: number; ino: number }> = {};
  for (const file of project.files(outDir)) {
    const path = project.path(`${outDir}/${file}`);
    const stat = statSync(path);
    state[file] = { bytes: readFileSync(path).toString("base64"), mtimeMs: stat.mtimeMs, ino: stat.ino };
  }
  return state;
}

/** A failed build prints only to stderr, ends with the error summary and leaves the project as it was. */
function expectFailedBuild(name: FixtureCase, exitCode: number, errors: number): void {
  const { project, result } = fixture(name);
  expect(result.code, result.stderr).toBe(exitCode);
  expect(result.stdout).toBe("");
  const summary = `✖ ${errors} error${errors === 1 ? "" : "s"}; no files were written (<time>).\n`;
  expect(project.normalize(result.stderr).endsWith(summary), result.stderr).toBe(true);
  expect(result.stderr).not.toMatch(STACK_FRAME);
  // Nothing written, and no temporary file (transpiled config, output temp file) left behind.
  expect(project.files()).toEqual(listFiles(fixtureDir(name)));
}

/** `interface Name` / `type Name` for each top-level statement of a TypeScript file, as the compiler parses it. */
function topLevelDeclarations(text: string): string[] {
  const source = ts.createSourceFile("index.ts", text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  return source.statements.map((statement) => {
    if (ts.isInterfaceDeclaration(statement)) return `interface ${statement.name.text}`;
    if (ts.isTypeAliasDeclaration(statement)) return `type ${statement.name.text}`;
    if (ts.isFunctionDeclaration(statement)) return `function ${statement.name?.text ?? ""}`;
    const variable = ts.isVariableStatement(statement) ? statement.declarationList.declarations[0]?.name : undefined;
    if (variable !== undefined && ts.isIdentifier(variable)) return `const ${variable.text}`;
    return ts.SyntaxKind[statement.kind];
  });
}

interface ManifestIndex {
  readonly version: number;
  readonly webhooks: { tag: string; manifest: string; types: string; events: string[] }[];
}

/** manifest.json, with the events of every webhook's manifest it lists, in order. */
function manifestOf(
  project: Project,
  outDir = "generated",
): ManifestIndex & { events: Record<string, unknown>[]; shards: Record<string, unknown>[] } {
  const index = JSON.parse(project.read(`${outDir}/manifest.json`)) as ManifestIndex;
  const shards = index.webhooks.map(
    (w) => JSON.parse(project.read(`${outDir}/${w.manifest}`)) as { events: Record<string, unknown>[] },
  );
  return { ...index, shards, events: shards.flatMap((shard) => shard.events) };
}

/** Every generated TypeScript file, each webhook's module first, index.ts last, as one text. */
function typesOf(project: Project, outDir = "generated"): string {
  const modules = project.files(`${outDir}/webhooks`).filter((file) => file.endsWith(".ts"));
  return [
    ...modules.map((file) => project.read(`${outDir}/webhooks/${file}`)),
    project.read(`${outDir}/index.ts`),
  ].join("\n");
}

const VALID_OUTPUTS = [
  "index.ts",
  "manifest.json",
  "webhooks/billing.json",
  "webhooks/billing.ts",
  "webhooks/shipping.json",
  "webhooks/shipping.ts",
];

beforeAll(async () => {
  assertCliBuilt();
  await Promise.all(
    FIXTURE_CASES.map(async (name) => {
      const project = copyFixture(name);
      built.set(name, { project, result: await run(project, "build") });
    }),
  );
});
afterAll(removeProjects);

describe("fixtures", () => {
  it("valid: builds 4 events of 2 webhooks and writes manifest.json, index.ts and each webhook's manifest and module", () => {
    const entry = fixture("valid");
    const { project, result } = entry;
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(project.normalize(result.stdout)).toBe(
      "✔ 4 events in 2 webhooks -> generated/ (6 of 6 files written) in <time>.\n",
    );
    expect(project.files("generated")).toEqual(VALID_OUTPUTS);
    // The transpiled config is removed again; nothing else appears in the project.
    expect(project.files()).toEqual(
      [...listFiles(fixtureDir("valid")), ...VALID_OUTPUTS.map((file) => `generated/${file}`)].sort(),
    );

    const manifest = manifestOf(project);
    expect(manifest.version).toBe(2);
    // The index: per webhook its files and its event tags, nothing that changes with an event's content.
    expect(manifest.webhooks).toEqual([
      {
        tag: "billing",
        manifest: "webhooks/billing.json",
        types: "webhooks/billing.ts",
        events: ["billing:invoice-overdue", "billing:invoice-paid"],
      },
      {
        tag: "shipping",
        manifest: "webhooks/shipping.json",
        types: "webhooks/shipping.ts",
        events: ["shipping:parcel-delivered", "shipping:parcel-dispatched"],
      },
    ]);
    expect(manifest.events.map((e) => [e["tag"], e["webhook"], e["event"], e["source"]])).toEqual([
      ["billing:invoice-overdue", "billing", "invoice-overdue", "events/billing/invoice-overdue.event.ts"],
      ["billing:invoice-paid", "billing", "invoice-paid", "events/billing/invoice-paid.event.ts"],
      ["shipping:parcel-delivered", "shipping", "parcel-delivered", "events/shipping/parcel-delivered.event.ts"],
      ["shipping:parcel-dispatched", "shipping", "parcel-dispatched", "events/shipping/parcel-dispatched.event.ts"],
    ]);
    // Shared constants, enum members and spreads resolved; quoted keys and nested arrays kept as declared.
    expect(manifest.events[1]?.["sample"]).toEqual({
      headers: {
        "content-type": "application/json",
        "x-shop-signature": "sha256=5d41402abc4b2a76b9719d911017c592",
        "x-api-version": "2024-11-01",
      },
      query: { "retry-count": "0" },
      body: {
        "event-type": "invoice.paid",
        invoice: {
          id: "inv_0001",
          total: 120.5,
          currency: "EUR",
          lines: [
            { sku: "PLAN-PRO", quantity: 1, amount: 100 },
            { sku: "ADDON-SEATS", quantity: 3, amount: 6.83, discounts: [{ code: "WELCOME", percent: 10 }] },
          ],
        },
        paid: true,
      },
      params: { accountId: "acc_42" },
    });
    expect(manifest.events[2]?.["sample"]).toMatchObject({ body: { carrier: "ups" } });

    const index = project.read("generated/index.ts");
    expect(index.startsWith("// Generated by ductape-events")).toBe(true);
    expect(index).toContain('"billing:invoice-paid": BillingInvoicePaidPayload;');
    expect(index).toContain('export type WebhookTag = "billing" | "shipping";');
    // Outputs carry no absolute path.
    for (const file of VALID_OUTPUTS) {
      expect(project.read(`generated/${file}`)).not.toContain(REPO);
    }

    expect(transcript(entry)).toMatchSnapshot("transcript");
    expect(project.read("generated/manifest.json")).toMatchSnapshot("manifest.json");
    expect(index).toMatchSnapshot("index.ts");
    expect(project.read("generated/webhooks/billing.json")).toMatchSnapshot("webhooks/billing.json");
    expect(project.read("generated/webhooks/billing.ts")).toMatchSnapshot("webhooks/billing.ts");
  });

  it("valid: manifest.json and each webhook's manifest validate against templates/manifest.schema.json, and each sample against its schema", () => {
    const { project } = fixture("valid");
    const ajv = new Ajv({ allErrors: true, strict: true });
    const schema = JSON.parse(readFileSync(join(REPO, "templates", "manifest.schema.json"), "utf8")) as {
      $id: string;
    };
    const validateManifest = ajv.compile(schema);
    const validateWebhook = ajv.compile({ $ref: `${schema.$id}#/definitions/webhookManifest` });
    const manifest = manifestOf(project);
    const index = JSON.parse(project.read("generated/manifest.json")) as unknown;
    expect(validateManifest(index), JSON.stringify(validateManifest.errors, null, 2)).toBe(true);
    expect(manifest.shards).toHaveLength(2);
    for (const shard of manifest.shards) {
      expect(validateWebhook(shard), JSON.stringify(validateWebhook.errors, null, 2)).toBe(true);
      // Not the other way round: a webhook's manifest is not an index, nor an index a webhook's manifest.
      expect(validateManifest(shard)).toBe(false);
    }
    expect(validateWebhook(index)).toBe(false);

    for (const event of manifest.events) {
      const validateSample = new Ajv({ allErrors: true, strict: false }).compile(event["schema"] as object);
      expect(validateSample(event["sample"]), `${String(event["tag"])}: ${JSON.stringify(validateSample.errors)}`).toBe(
        true,
      );
    }
  });

  it("duplicate-tags: exit 1, the diagnostic names both files with line:col, nothing written", () => {
    const entry = fixture("duplicate-tags");
    expectFailedBuild("duplicate-tags", 1, 1);
    const stderr = entry.project.normalize(entry.result.stderr);
    expect(diagnosticHeads(stderr)).toEqual([
      'events/legacy/order-created-v1.event.ts:7:8 - error DT3006: Tag "orders:order-created" is defined 2 times; tags must be unique.',
    ]);
    expect(stderr).toContain(
      '  events/orders/order-created.event.ts:5:8  "orders:order-created" is also defined here\n',
    );
    // Both code frames are drawn.
    expect(stderr).toContain('> 7 |   tag: "orders:order-created",');
    expect(stderr).toContain('> 5 |   tag: "orders:order-created",');
    expect(transcript(entry)).toMatchSnapshot();
  });

  it("bad-tags: every malformed tag is reported at the tag, with a slug suggestion where one exists", () => {
    const entry = fixture("bad-tags");
    expectFailedBuild("bad-tags", 1, 5);
    const stderr = entry.result.stderr;
    expect(diagnosticHeads(stderr)).toEqual([
      'events/crm/empty-side.event.ts:5:8 - error DT3004: Tag "crm:" has an empty event tag.',
      'events/crm/no-colon.event.ts:5:8 - error DT3004: Tag "crm-contact-updated" has no colon between the webhook tag and the event tag.',
      'events/crm/two-colons.event.ts:5:8 - error DT3004: Tag "crm:contact:deleted" has more than one colon.',
      'events/crm/underscores.event.ts:5:8 - error DT3004: Tag "crm_app:contact_merged" has webhook tag "crm_app", which is not a lowercase slug.',
      'events/crm/uppercase.event.ts:5:8 - error DT3004: Tag "CRM:ContactCreated" has webhook tag "CRM", which is not a lowercase slug.',
    ]);
    expect(stderr).toContain('for example "crm:contact-deleted".');
    expect(stderr).toContain('for example "crm-app:contact-merged".');
    expect(stderr).toContain('for example "crm:contact-created".');
    expect(transcript(entry)).toMatchSnapshot();
  });

  it("missing-fields: each missing field is reported at the object that lacks it, all at once", () => {
    const entry = fixture("missing-fields");
    expectFailedBuild("missing-fields", 1, 6);
    expect(diagnosticHeads(entry.result.stderr)).toEqual([
      'events/crm/blank-name.event.ts:3:28 - error DT3001: the definition is missing the required field "description".',
      "events/crm/blank-name.event.ts:4:9 - error DT3005: name is empty.",
      'events/crm/no-name.event.ts:3:28 - error DT3001: the definition is missing the required field "name".',
      'events/crm/no-name.event.ts:6:11 - error DT3001: sample is missing the required field "params".',
      'events/crm/no-name.event.ts:6:11 - error DT3001: sample is missing the required field "query".',
      'events/crm/no-sample.event.ts:3:28 - error DT3001: the definition is missing the required field "sample".',
    ]);
    expect(entry.result.stderr).toContain("  hint: Add sample: { headers: {}, query: {}, body: {}, params: {} }.");
    expect(transcript(entry)).toMatchSnapshot();
  });

  it("wrong-types: a number name, a number header, an array body and more are located at the value", () => {
    const entry = fixture("wrong-types");
    expectFailedBuild("wrong-types", 1, 5);
    expect(diagnosticHeads(entry.result.stderr)).toEqual([
      "events/crm/wrong-sample.event.ts:6:16 - error DT3002: description must be a string, got null.",
      "events/crm/wrong-sample.event.ts:7:11 - error DT3002: sample must be an object, got a string.",
      "events/crm/wrong.event.ts:4:9 - error DT3002: name must be a string, got an integer.",
      'events/crm/wrong.event.ts:8:27 - error DT3002: sample.headers["x-retry"] must be a string, got an integer.',
      "events/crm/wrong.event.ts:10:11 - error DT3002: sample.body must be an object, got an array.",
    ]);
    expect(transcript(entry)).toMatchSnapshot();
  });

  it("unknown-field: a typo gets a did-you-mean, at the key", () => {
    const entry = fixture("unknown-field");
    expectFailedBuild("unknown-field", 1, 3);
    expect(diagnosticHeads(entry.result.stderr)).toEqual([
      'events/crm/typo.event.ts:3:28 - error DT3001: the definition is missing the required field "description".',
      'events/crm/typo.event.ts:6:3 - error DT3003: the definition has an unknown field "desciption". Did you mean "description"?',
      'events/crm/typo.event.ts:12:5 - error DT3003: sample has an unknown field "bdy". Did you mean "body"?',
    ]);
    expect(entry.result.stderr).toContain(
      "  hint: Allowed fields: name, tag, description, sample, examples, refine, selector.",
    );
    expect(transcript(entry)).toMatchSnapshot();
  });

  it("syntax-error: the broken file is reported and the good file is still checked", () => {
    const entry = fixture("syntax-error");
    expectFailedBuild("syntax-error", 1, 2);
    expect(diagnosticHeads(entry.result.stderr)).toEqual([
      "events/crm/broken.event.ts:10:58 - error DT2001: Syntax error: Property assignment expected.",
      'events/crm/good.event.ts:5:8 - error DT3004: Tag "crm:Contact-Updated" has event tag "Contact-Updated", which is not a lowercase slug.',
    ]);
    expect(transcript(entry)).toMatchSnapshot();
  });

  it("non-literal: a call, a template with substitution and package imports are refused where they are", () => {
    const entry = fixture("non-literal");
    expectFailedBuild("non-literal", 1, 4);
    const heads = diagnosticHeads(entry.result.stderr);
    expect(heads.map((h) => h.split(": ")[0])).toEqual([
      "events/crm/call.event.ts:10:44 - error DT2004",
      "events/crm/package-import.event.ts:10:36 - error DT2006",
      "events/crm/package-import.event.ts:12:25 - error DT2006",
      "events/crm/template.event.ts:6:8 - error DT2004",
    ]);
    expect(heads[0]).toContain("sample.body.created_at: a function call `new Date().toISOString()`");
    expect(heads[1]).toContain('"version" comes from the package "typescript"');
    expect(heads[2]).toContain('"randomUUID" comes from the package "node:crypto"');
    expect(heads[3]).toContain("tag: a template literal with substitutions");
    expect(transcript(entry)).toMatchSnapshot();
  });

  it("empty: no event files is a config error (exit 2), and nothing is written", () => {
    // A glob that matches nothing is far more often a mistake than an empty project: as an
    // error, it can never replace the outputs with empty ones.
    const entry = fixture("empty");
    const { project, result } = entry;
    expect(result.code, result.stderr).toBe(2);
    expect(Codes.NoEventFiles.severity).toBe("error");
    expect(diagnosticHeads(result.stderr)).toEqual([
      `ductape.config.ts:5:11 - error ${Codes.NoEventFiles.code}: No event files match "events/**/*.event.ts".`,
    ]);
    expect(project.exists("generated")).toBe(false);
    expect(transcript(entry)).toMatchSnapshot("transcript");
  });

  it("config-errors: an unknown key gets a did-you-mean and a wrong type is named; exit 2", () => {
    const entry = fixture("config-errors");
    expectFailedBuild("config-errors", 2, 2);
    expect(diagnosticHeads(entry.result.stderr)).toEqual([
      'ductape.config.ts:4:3 - error DT1005: Config option "events" must be a glob string or an array of non-empty glob strings, got a number.',
      'ductape.config.ts:5:3 - error DT1004: Unknown config option "outdir". Did you mean "outDir"?',
    ]);
    expect(entry.result.stderr).toMatch(/^ {2}hint: Known options: .*\boutDir\b.*\.$/m);
    expect(transcript(entry)).toMatchSnapshot();
  });

  it("config-errors: config diagnostics get a code frame like every other diagnostic", () => {
    // The documented format is `file:line:col  CODE  message`, a code frame, then the hint.
    const { result } = fixture("config-errors");
    expect(result.stderr).toContain("> 4 |   events: 42,\n");
    expect(result.stderr).toContain('> 5 |   outdir: "generated",\n');
  });

  it("config-throws: a config that throws is a DT1002 with the error's message and no stack; exit 2", () => {
    const entry = fixture("config-throws");
    expectFailedBuild("config-throws", 2, 1);
    const heads = diagnosticHeads(entry.result.stderr);
    expect(heads).toHaveLength(1);
    // The error is thrown in a file the config imports; the diagnostic names that file.
    expect(heads[0]).toMatch(/^config\/paths\.ts:1:1 - error DT1002: The config file could not be loaded: /);
    expect(heads[0]).toContain("DUCTAPE_FIXTURE_OUT_DIR_THAT_IS_NEVER_SET is not set");
    expect(transcript(entry)).toMatchSnapshot();
  });

  it("hostile: comment ends, quotes, backticks, newlines, __proto__ and unicode keys survive as data", () => {
    const entry = fixture("hostile");
    const { project, result } = entry;
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(project.normalize(result.stdout)).toBe(
      "✔ 2 events in 2 webhooks -> generated/ (6 of 6 files written) in <time>.\n",
    );
    const manifest = manifestOf(project);
    const weird = manifest.events.find((e) => e["tag"] === "weird:everything");
    expect(weird?.["name"]).toBe('Weird */ `name` "quoted"\nsecond line');
    expect(weird?.["description"]).toBe(
      "*/ export const pwned = 1; /* `tick` \"double\" 'single' ${notATemplate} \\ backslash",
    );
    const sample = weird?.["sample"] as Record<string, Record<string, unknown>>;
    const body = sample["body"]!;
    // JSON.parse keeps "__proto__" as an own key, so these are data, not prototypes.
    expect(Object.keys(body).sort()).toEqual(
      [
        "0",
        "",
        '"',
        "*/",
        "__proto__",
        "`${x}`",
        "a\nb",
        "ansi",
        "constructor",
        "emoji 🎉",
        "hasOwnProperty",
        "toString",
        "valueOf",
        "with space",
        "ключ",
        "日本語",
      ].sort(),
    );
    expect(Object.getOwnPropertyDescriptor(body, "__proto__")?.value).toEqual({ polluted: true });
    expect(Object.getOwnPropertyDescriptor(sample["query"], "__proto__")?.value).toBe("p");
    expect(Object.getOwnPropertyDescriptor(sample["params"], "__proto__")?.value).toBe("a computed key is data too");
    expect(body["ansi"]).toBe("\u001b[31mred\u001b[0m and \u001b]8;;https://example.com\u0007link\u001b]8;;\u0007");

    const index = project.read("generated/index.ts");
    // "*/ export const pwned = 1; /*" in the description stays inside its comment: parsed, the
    // files declare only the payload types (each event's payload, parts and nested objects) and
    // each webhook's data in its module, and the template's fixed types in index.ts.
    expect(topLevelDeclarations(typesOf(project))).toEqual([
      // webhooks/3d-secure.ts
      "ImportDeclaration",
      "interface Event3DSecureV2ChallengePayload",
      "type Event3DSecureV2ChallengeHeaders",
      "type Event3DSecureV2ChallengeQuery",
      "interface Event3DSecureV2ChallengeBody",
      "interface Event3DSecureV2ChallengeBody3ds",
      "type Event3DSecureV2ChallengeParams",
      "const $3d_secure",
      "ExportAssignment",
      // webhooks/weird.ts
      "ImportDeclaration",
      "interface WeirdEverythingPayload",
      "interface WeirdEverythingHeaders",
      "interface WeirdEverythingQuery",
      "interface WeirdEverythingBody",
      "interface WeirdEverythingBodyProto",
      "interface WeirdEverythingBodyConstructor",
      "interface WeirdEverythingBodyConstructorPrototype",
      "interface WeirdEverythingBodyFieldItem",
      "interface WeirdEverythingParams",
      "const $weird",
      "ExportAssignment",
      // index.ts: per webhook, its types re-exported, its payload types and its data imported
      ...["ExportDeclaration", "ImportDeclaration", "ImportDeclaration"],
      ...["ExportDeclaration", "ImportDeclaration", "ImportDeclaration"],
      "interface EventPayloads",
      "type EventTag",
      "type WebhookTag",
      "type EventPayload",
      "interface WebhookPayloads",
      "interface WebhookEvents",
      "type EventDefinitionOf",
      "type WebhookEventTags",
      "type EventDefinitions",
      "const webhookEvents",
      "function copy",
      "const definitions",
    ]);
    expect(project.read("generated/webhooks/3d-secure.ts")).toContain(
      "export interface Event3DSecureV2ChallengePayload {",
    );
    expect(transcript(entry)).toMatchSnapshot("transcript");
    expect(project.read("generated/manifest.json")).toMatchSnapshot("manifest.json");
    expect(index).toMatchSnapshot("index.ts");
    for (const file of project.files("generated/webhooks")) {
      expect(project.read(`generated/webhooks/${file}`)).toMatchSnapshot(`webhooks/${file}`);
    }
  });

  it("hostile-errors: escape sequences in user text are shown escaped, never sent raw to the terminal", () => {
    const entry = fixture("hostile-errors");
    expectFailedBuild("hostile-errors", 1, 3);
    // Colours are off (NO_COLOR), so any control character here came from the event file.
    expect(entry.result.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(diagnosticHeads(entry.result.stderr).map((h) => h.split(": ")[0])).toEqual([
      "events/terminal/escape.event.ts:9:8 - error DT3004",
      "events/terminal/escape.event.ts:11:3 - error DT3003",
      "events/terminal/escape.event.ts:13:62 - error DT3002",
    ]);
    expect(transcript(entry)).toMatchSnapshot();
  });

  it("shared-error: a bad value in a shared constant is reported in the shared file", () => {
    const entry = fixture("shared-error");
    const { result } = entry;
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(new Set(diagnosticHeads(result.stderr))).toEqual(
      new Set([
        'events/shared/headers.ts:4:20 - error DT3002: sample.headers["x-retry-count"] must be a string, got an integer.',
      ]),
    );
    expect(entry.project.files()).toEqual(listFiles(fixtureDir("shared-error")));
  });

  it("shared-error: the same problem is not printed twice as identical diagnostics", () => {
    // Two events spread one broken constant. Either report it once, or say which event each
    // report is for; two identical blocks (and "2 errors") tell the user nothing more.
    const { result } = fixture("shared-error");
    const blocks = result.stderr.split("\n\n").filter((block) => / DT\d{4}: /.test(block));
    expect(blocks.length).toBeGreaterThan(0);
    expect(new Set(blocks).size, result.stderr).toBe(blocks.length);
  });
});

describe("selectors", () => {
  it("$Event{...} and paths are recorded as written; a webhook with and without selectors warns, naming each file", async () => {
    const project = copyFixture("selectors");
    const good = await run(project, "build");
    expect(good.stderr).toBe("");
    expect(good.code).toBe(0);
    expect(manifestOf(project).events.map((e) => `${String(e["tag"])} ${String(e["selector"])}`)).toEqual([
      'github:issues headers["x-github-event"]',
      'github:push headers["x-github-event"]',
      "payments:transaction-failed $Event{event}",
      "payments:transaction-succeeded body.event",
    ]);

    const issues = "events/github/issues.event.ts";
    project.write(issues, project.read(issues).replace(/\n  selector: .*\n/, "\n"));
    const mixed = await run(project, "build");
    expect(mixed.code).toBe(0);
    // Whatever words the reporter puts between the location and the code.
    const heads = diagnosticHeads(mixed.stderr).map((head) => head.replace(/ {2}.*DT/, "  DT"));
    expect(heads).toEqual([
      'events/github/push.event.ts:8:13 - warning DT3101: Event "github:issues" of webhook "github" declares no selector while others select with headers["x-github-event"], so WebhookPayloads["github"] is not a discriminated union and no selected field is typed as its event\'s value.',
    ]);
    expect(mixed.stderr).toContain('  events/github/issues.event.ts:5:8  "github:issues" has no selector');
  });
});

describe("outputs on disk", () => {
  it("a failing build after a good one leaves generated/* byte-identical and untouched", async () => {
    const project = copyFixture("valid", { prefix: "fail-after-good" });
    expect((await run(project, "build")).code).toBe(0);
    const before = outputState(project);
    expect(Object.keys(before)).toEqual(VALID_OUTPUTS);

    // A definition error: a second event with an existing tag, and a changed sample elsewhere.
    project.write(
      "events/billing/invoice-paid-copy.event.ts",
      project
        .read("events/billing/invoice-paid.event.ts")
        .replace('name: "Invoice Paid"', 'name: "Invoice Paid Again"'),
    );
    project.write(
      "events/shipping/parcel-delivered.event.ts",
      project.read("events/shipping/parcel-delivered.event.ts").replace('signed_by: "A. Obi"', "signed_by: 7"),
    );
    const failed = await run(project, "build");
    expect(failed.code).toBe(1);
    expect(diagnosticHeads(failed.stderr)).toEqual([
      'events/billing/invoice-paid-copy.event.ts:6:8 - error DT3006: Tag "billing:invoice-paid" is defined 2 times; tags must be unique.',
    ]);
    expect(outputState(project)).toEqual(before);

    // A config error stops early; still nothing is touched.
    project.write("ductape.config.ts", 'export default { events: "events/**/*.event.ts", outdir: "elsewhere" };\n');
    const configFailed = await run(project, "build");
    expect(configFailed.code).toBe(2);
    expect(outputState(project)).toEqual(before);
    expect(project.exists("elsewhere")).toBe(false);

    // Globs that match nothing (Windows-style backslashes) are an error too: the outputs are not
    // replaced by those of an empty project, and the hint gives the glob with forward slashes.
    project.write("ductape.config.ts", 'export default { events: "events\\\\**\\\\*.event.ts" };\n');
    const noFiles = await run(project, "build");
    expect(noFiles.code).toBe(2);
    expect(diagnosticHeads(noFiles.stderr)).toEqual([
      'ductape.config.ts:1:26 - error DT1010: No event files match "events\\\\**\\\\*.event.ts".',
    ]);
    expect(noFiles.stderr).toContain('write "events/**/*.event.ts"');
    expect(outputState(project)).toEqual(before);

    // outDir set to the events' folder: the events are there, but outDir is never searched. Say so,
    // at outDir in the config, naming every file left out.
    project.write("ductape.config.ts", 'export default { outDir: "events" };\n');
    const inOutDir = await run(project, "build");
    expect(inOutDir.code).toBe(2);
    expect(diagnosticHeads(inOutDir.stderr)).toEqual([
      'ductape.config.ts:1:18 - error DT1011: 5 event files are inside outDir ("events"), which is never searched since the build writes there: events/billing/invoice-overdue.event.ts, events/billing/invoice-paid-copy.event.ts, events/billing/invoice-paid.event.ts, events/shipping/parcel-delivered.event.ts, events/shipping/parcel-dispatched.event.ts.',
    ]);
    expect(outputState(project)).toEqual(before);
    expect(project.exists("events/manifest.json")).toBe(false);
  });

  it("an id beyond 2^53 - 1 in a sample fails the build (DT2014, an error with or without --strict) with its digits, and writes nothing", async () => {
    const project = copyFixture("valid", { prefix: "big-id" });
    const file = "events/billing/invoice-paid.event.ts";
    project.write(file, project.read(file).replace('id: "inv_0001"', "id: 820982911946154508"));
    const before = project.files();
    const result = await run(project, "build");
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toContain(`${file}:14:13`);
    expect(result.stderr).toContain(
      "error DT2014: sample.body.invoice.id: `820982911946154508` cannot be held by a JavaScript number: it would become 820982911946154500 in the outputs.",
    );
    expect(result.stderr).toContain('hint: Write ids and other large integers as strings ("820982911946154508")');
    expect(project.files()).toEqual(before);
    expect(project.exists("generated")).toBe(false);
  });

  it("outDir inside the events tree: every event file left out is named (DT1011, exit 2) and nothing is written", async () => {
    const project = copyFixture("valid", { prefix: "outdir-inside" });
    project.write(
      "ductape.config.ts",
      'export default {\n  events: "events/**/*.event.ts",\n  outDir: "events/billing",\n};\n',
    );
    const result = await run(project, "build");
    expect(result.code).toBe(2);
    expect(diagnosticHeads(result.stderr)).toEqual([
      'ductape.config.ts:3:3 - error DT1011: 2 event files are inside outDir ("events/billing"), which is never searched since the build writes there: events/billing/invoice-overdue.event.ts, events/billing/invoice-paid.event.ts.',
    ]);
    expect(result.stderr).toContain("  events/billing/invoice-overdue.event.ts:1:1  not built: inside outDir\n");
    expect(result.stderr).toContain("  events/billing/invoice-paid.event.ts:1:1  not built: inside outDir\n");
    expect(result.stderr).toContain('such as outDir: "generated"');
    expect(project.files("events/billing")).toEqual(["invoice-overdue.event.ts", "invoice-paid.event.ts"]);
    expect(project.exists("generated")).toBe(false);
  });

  it("an events glob that matches nothing, and an ignore glob with backslashes, are warnings at the glob", async () => {
    const project = copyFixture("valid", { prefix: "glob-nothing" });
    project.write(
      "ductape.config.ts",
      [
        "export default {",
        '  events: ["events/**/*.event.ts", "evnts/**/*.event.ts"],',
        '  ignore: ["events\\\\shipping\\\\**"],',
        "};",
        "",
      ].join("\n"),
    );
    const result = await run(project, "build");
    expect(result.code).toBe(0);
    expect(diagnosticHeads(result.stderr)).toEqual([
      'ductape.config.ts:2:36 - warning DT1102: "evnts/**/*.event.ts" matched nothing.',
      'ductape.config.ts:3:12 - warning DT1102: The ignore glob "events\\\\shipping\\\\**" leaves nothing out.',
    ]);
    expect(result.stderr).toContain('write "events/shipping/**"');
    expect(result.stdout).toContain("4 events in 2 webhooks");
  });

  it("DT1102 is each build's own, when the disk cache says nothing else changed too: made anew, framed at the glob as written now", async () => {
    const project = copyFixture("valid", { prefix: "glob-cache" });
    const config = [
      "export default {",
      '  events: ["events/shipping/**/*.event.ts", "events/billing/*-overdue.event.ts"],',
      '  ignore: ["events/billing/invoice-overdue.event.ts"],',
      "};",
      "",
    ].join("\n");
    project.write("ductape.config.ts", config);
    const overdue = project.read("events/billing/invoice-overdue.event.ts");
    const first = await run(project, "build");
    expect(first.code, first.stderr).toBe(0);
    // The overdue glob matches a file, which is ignored: no typo.
    expect(diagnosticHeads(first.stderr)).toEqual([]);

    // Without the ignored file, the same files are found and read, but the glob matches nothing.
    rmSync(project.path("events/billing/invoice-overdue.event.ts"));
    const gone = await run(project, "build");
    expect(gone.stdout).toContain("nothing changed since the last build");
    const head = 'warning DT1102: "events/billing/*-overdue.event.ts" matched nothing.';
    expect(diagnosticHeads(gone.stderr)).toEqual([`ductape.config.ts:2:45 - ${head}`]);
    expect(gone.stderr).toContain(
      '> 2 |   events: ["events/shipping/**/*.event.ts", "events/billing/*-overdue.event.ts"],',
    );

    // Two lines added above: the config's values are the same, the glob is two lines down.
    project.write("ductape.config.ts", `// The shop's events.\n// Overdue invoices come back later.\n${config}`);
    const moved = await run(project, "build");
    expect(moved.stdout).toContain("nothing changed since the last build");
    expect(diagnosticHeads(moved.stderr)).toEqual([`ductape.config.ts:4:45 - ${head}`]);
    expect(moved.stderr).toContain(
      '> 4 |   events: ["events/shipping/**/*.event.ts", "events/billing/*-overdue.event.ts"],',
    );

    // The file back: the warning goes, though nothing the cache keys on changed.
    project.write("events/billing/invoice-overdue.event.ts", overdue);
    const back = await run(project, "build");
    expect(back.stdout).toContain("nothing changed since the last build");
    expect(diagnosticHeads(back.stderr)).toEqual([]);
  });

  it("an events glob around outDir finds the build's own outputs, which are no event files; a hand-written one there is DT1011", async () => {
    const project = copyFixture("valid", { prefix: "outdir-outputs" });
    project.write(
      "ductape.config.ts",
      'export default { events: "events/**/*.ts", ignore: ["events/shared/**"], outDir: "events/generated" };\n',
    );
    const first = await run(project, "build");
    expect(first.code, first.stderr).toBe(0);
    expect(project.exists("events/generated/webhooks/billing.ts")).toBe(true);
    // The second build finds index.ts and the webhooks' modules in outDir: its own, not event files.
    for (const args of [["build"], ["build", "--no-cache"]]) {
      const again = await run(project, ...args);
      expect(again.code, again.stderr).toBe(0);
      expect(diagnosticHeads(again.stderr)).toEqual([]);
      expect(again.stdout).toContain("4 events in 2 webhooks");
    }
    // Event files of the user's in outDir, beside the outputs and among them, are what DT1011 names.
    const paid = project.read("events/billing/invoice-paid.event.ts");
    project.write("events/generated/refund.event.ts", paid);
    project.write("events/generated/webhooks/refund.event.ts", paid);
    const left = await run(project, "build");
    expect(left.code).toBe(2);
    expect(diagnosticHeads(left.stderr)).toEqual([
      'ductape.config.ts:1:74 - error DT1011: 2 event files are inside outDir ("events/generated"), which is never searched since the build writes there: events/generated/refund.event.ts, events/generated/webhooks/refund.event.ts.',
    ]);
  });

  it("DT1011 without outDir in the config points at the events glob that reaches into it, not at the config's first character", async () => {
    const project = copyFixture("valid", { prefix: "outdir-default" });
    project.write("ductape.config.ts", 'export default {\n  events: "{events,generated}/**/*.event.ts",\n};\n');
    project.write("generated/stray.event.ts", project.read("events/billing/invoice-paid.event.ts"));
    const result = await run(project, "build");
    expect(result.code).toBe(2);
    expect(diagnosticHeads(result.stderr)).toEqual([
      'ductape.config.ts:2:3 - error DT1011: 1 event file is inside outDir ("generated"), which is never searched since the build writes there: generated/stray.event.ts.',
    ]);
  });

  it("a static events glob through a file named like a folder matches nothing, without an internal error", async () => {
    const project = copyFixture("valid", { prefix: "static-enotdir" });
    project.write(
      "ductape.config.ts",
      'export default {\n  events: ["events/**/*.event.ts", "shop/x.event.ts"],\n};\n',
    );
    project.write("shop", "a file, not a folder\n");
    const result = await run(project, "build");
    expect(result.code, result.stderr).toBe(0);
    expect(diagnosticHeads(result.stderr)).toEqual([
      'ductape.config.ts:2:36 - warning DT1102: "shop/x.event.ts" matched nothing.',
    ]);
  });

  it("an escaped ignore glob that leaves nothing out gets no forward-slash hint, which would break its escapes", async () => {
    const project = copyFixture("valid", { prefix: "glob-escaped" });
    project.write("ductape.config.ts", 'export default {\n  ignore: ["events/\\\\(drafts\\\\)/**"],\n};\n');
    const result = await run(project, "build");
    expect(result.code, result.stderr).toBe(0);
    expect(diagnosticHeads(result.stderr)).toEqual([
      'ductape.config.ts:2:12 - warning DT1102: The ignore glob "events/\\\\(drafts\\\\)/**" leaves nothing out.',
    ]);
    expect(result.stderr).toContain('hint: Check "ignore" in the config for a typo in the folder or file name');
    expect(result.stderr).not.toContain("forward slashes");
  });

  it("run in a subfolder without a config: DT1010 points at the config above, and nothing is written", async () => {
    const project = copyFixture("valid", { prefix: "subfolder" });
    const result = await runCli(project.path("events"), ["build"]);
    allRuns.push({ label: `${project.dir}/events build`, result });
    expect(result.code).toBe(2);
    expect(diagnosticHeads(result.stderr)).toEqual([
      'ductape-events - error DT1010: No event files match "events/**/*.event.ts".',
    ]);
    expect(result.stderr).toContain(
      "hint: There is no config file here, but there is ../ductape.config.ts: run the build in its folder, or pass --config ../ductape.config.ts.",
    );
    expect(project.exists("events/generated")).toBe(false);
  });

  it("run deep in a project without a config: DT1010 points at the config at the project's root", async () => {
    const project = copyFixture("valid", { prefix: "deep-config" });
    project.write("package.json", '{ "name": "shop", "private": true }\n');
    project.write("src/deep/app.ts", "export {};\n");
    const result = await runCli(project.path("src/deep"), ["build"]);
    allRuns.push({ label: `${project.dir}/src/deep build`, result });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      "hint: There is no config file here, but there is ../../ductape.config.ts: run the build in its folder, or pass --config ../../ductape.config.ts.",
    );
    expect(project.exists("src/deep/generated")).toBe(false);
  });

  it("run in a folder with its own package.json: DT1010 names no config above it, which is another project's", async () => {
    const project = copyFixture("valid", { prefix: "own-package" });
    project.write("tools/package.json", "{}\n");
    const result = await runCli(project.path("tools"), ["build"]);
    allRuns.push({ label: `${project.dir}/tools build`, result });
    expect(result.code).toBe(2);
    expect(diagnosticHeads(result.stderr)).toEqual([
      'ductape-events - error DT1010: No event files match "events/**/*.event.ts".',
    ]);
    expect(result.stderr).not.toContain("../ductape.config.ts");
    expect(result.stderr).toContain("hint: Add a file such as events/my-webhook/my-event.event.ts");
  });

  it("run deep in a project that has no config at all: DT1010 points at the project's root, not at events/ here", async () => {
    const project = copyFixture("valid", { prefix: "deep-no-config" });
    rmSync(project.path("ductape.config.ts"));
    project.write("package.json", '{ "name": "shop", "private": true }\n');
    project.write("src/deep/app.ts", "export {};\n");
    const result = await runCli(project.path("src/deep"), ["build"]);
    allRuns.push({ label: `${project.dir}/src/deep build`, result });
    expect(result.code).toBe(2);
    expect(diagnosticHeads(result.stderr)).toEqual([
      'ductape-events - error DT1010: No event files match "events/**/*.event.ts".',
    ]);
    expect(result.stderr).toContain(
      "this one is inside the project at ../.. (the nearest folder above with a package.json)",
    );
    expect(result.stderr).not.toContain("Add a file such as events/");
    expect(project.exists("src/deep/generated")).toBe(false);
  });

  it("a second identical build writes 0 files and leaves mtimes alone; a moved event file rewrites only its webhook's manifest", async () => {
    const project = copyFixture("valid", { prefix: "rebuild" });
    expect((await run(project, "build")).code).toBe(0);
    const first = outputState(project);

    const again = await run(project, "build");
    expect(again.code).toBe(0);
    expect(project.normalize(again.stdout)).toBe(
      "✔ 4 events in 2 webhooks -> generated/ (0 of 6 files written) in <time>, nothing changed since the last build.\n",
    );
    const uncached = await run(project, "build", "--no-cache");
    expect(project.normalize(uncached.stdout)).toBe(
      "✔ 4 events in 2 webhooks -> generated/ (0 of 6 files written) in <time>.\n",
    );
    expect(outputState(project)).toEqual(first);

    // Same definition in another file: only its webhook's manifest (which records the source) changes.
    renameSync(
      project.path("events/shipping/parcel-delivered.event.ts"),
      project.path("events/shipping/delivered.event.ts"),
    );
    const changed = await run(project, "build");
    expect(changed.code).toBe(0);
    expect(project.normalize(changed.stdout)).toBe(
      "✔ 4 events in 2 webhooks -> generated/ (1 of 6 files written) in <time>.\n",
    );
    const after = outputState(project);
    expect(after["webhooks/shipping.json"]?.bytes).not.toBe(first["webhooks/shipping.json"]?.bytes);
    expect({ ...after, "webhooks/shipping.json": undefined }).toEqual({
      ...first,
      "webhooks/shipping.json": undefined,
    });
    expect(project.files("generated")).toEqual(VALID_OUTPUTS);
  });

  it("refuses to overwrite a foreign generated/index.ts (DT5001) and writes nothing", async () => {
    const project = copyFixture("valid", { prefix: "foreign" });
    const mine = "// Hand-written types; do not lose me.\nexport interface Mine {\n  id: string;\n}\n";
    project.write("generated/index.ts", mine);
    const before = outputState(project);

    const result = await run(project, "build");
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(diagnosticHeads(result.stderr)).toEqual([
      "ductape-events - error DT5001: generated/index.ts exists and was not generated by ductape-events; it was left untouched.",
    ]);
    expect(project.normalize(result.stderr)).toMatch(/✖ 1 error; no files were written \(<time>\)\.\n$/);
    expect(project.read("generated/index.ts")).toBe(mine);
    expect(outputState(project)).toEqual(before);
    expect(project.exists("generated/manifest.json")).toBe(false);
  });

  it("is deterministic: two copies created in different orders, in differently named folders, give the same bytes", async () => {
    const a = copyFixture("valid", { prefix: "determinism-a" });
    const b = copyFixture("valid", { prefix: "det-b-other-name-and-longer", reverse: true });
    const [ra, rb] = await Promise.all([run(a, "build"), run(b, "build")]);
    expect(ra.code).toBe(0);
    expect(rb.code).toBe(0);
    expect(a.normalize(ra.stdout)).toBe(b.normalize(rb.stdout));
    expect(a.files("generated")).toEqual(VALID_OUTPUTS);
    expect(b.files("generated")).toEqual(VALID_OUTPUTS);
    for (const file of VALID_OUTPUTS.map((name) => `generated/${name}`)) {
      expect(a.readBytes(file).equals(b.readBytes(file)), file).toBe(true);
      expect(a.readBytes(file).equals(fixture("valid").project.readBytes(file)), file).toBe(true);
    }

    // Unicode and special keys, too.
    const h = copyFixture("hostile", { prefix: "det-hostile-reversed", reverse: true });
    expect((await run(h, "build")).code).toBe(0);
    expect(h.files("generated")).toEqual(fixture("hostile").project.files("generated"));
    for (const file of h.files("generated").map((name) => `generated/${name}`)) {
      expect(h.readBytes(file).equals(fixture("hostile").project.readBytes(file)), file).toBe(true);
    }

    // Diagnostics too: the same broken inputs give the same report, whatever the order.
    const c = copyFixture("missing-fields", { prefix: "determinism-c" });
    const d = copyFixture("missing-fields", { prefix: "det-d", reverse: true });
    const [rc, rd] = await Promise.all([run(c, "build"), run(d, "build")]);
    expect(c.normalize(rc.stderr)).toBe(d.normalize(rd.stderr));
  });
});

describe("samples as big as real ones", () => {
  const config =
    'import { defineConfig } from "ductape-events";\nexport default defineConfig({ events: "events/**/*.event.ts", outDir: "generated" });\n';
  /** An event whose body is `events/captured/page.json`, as users import a captured delivery. */
  const capturedEvent =
    'import { defineEvent } from "ductape-events";\nimport page from "./captured/page.json" with { type: "json" };\n' +
    'export default defineEvent({ name: "Page Listed", tag: "orders:page-listed", description: "", sample: { headers: {}, query: {}, body: page, params: {} } });\n';

  it("a captured API document of 25,000 values builds", async () => {
    const project = copyFixture("loop-warning", { prefix: "big-sample" });
    const record = (i: number) => ({
      id: `ord_${i}`,
      total: { amount: i, currency: "eur" },
      tags: ["a", "b"],
      paid: true,
    });
    const data = Array.from({ length: 2_800 }, (_, i) => record(i));
    project.write("ductape.config.ts", config);
    project.write("events/orders/order-created.event.ts", capturedEvent);
    project.write("events/orders/captured/page.json", JSON.stringify({ object: "list", data }, null, 2));
    const result = await run(project, "build");
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe("");
    expect(manifestOf(project).events).toHaveLength(1);
  });

  it("warnings: one per event and code, the paths listed under it; json carries every path; list prints a count", async () => {
    const project = copyFixture("loop-warning", { prefix: "grouped-warnings" });
    const nulls = Object.fromEntries(Array.from({ length: 13 }, (_, i) => [`field_${i}`, null]));
    project.write("ductape.config.ts", config);
    project.write("events/orders/order-created.event.ts", capturedEvent);
    project.write("events/orders/captured/page.json", JSON.stringify({ id: "p1", ...nulls, refunds: [] }, null, 2));

    const pretty = await run(project, "build");
    expect(pretty.code, pretty.stderr).toBe(0);
    const heads = diagnosticHeads(pretty.stderr);
    expect(heads, pretty.stderr).toHaveLength(2);
    expect(heads[0]).toMatch(/^events\/orders\/captured\/page\.json:3:14 - warning DT4102: /);
    expect(heads[0]).toContain(
      "sample.body.field_0 and 12 other fields are null in every sample, so they are typed null.",
    );
    expect(heads[1]).toMatch(
      /^events\/orders\/captured\/page\.json:16:14 - warning DT4101: sample\.body\.refunds is an empty array/,
    );
    expect(pretty.stderr).toContain("  sample.body.field_9 (12:14)\n  and 3 more (--reporter json lists them all)\n");
    expect(pretty.stderr.match(/ \| /g)?.length, "a code frame for each warning only").toBe(2 * 4);

    const json = await run(project, "build", "--reporter", "json");
    const document = JSON.parse(json.stdout) as {
      diagnostics: { code: string; paths?: { path: string; file: string; line: number; column: number }[] }[];
    };
    const paths = document.diagnostics.find((d) => d.code === "DT4102")?.paths ?? [];
    expect(paths.map((p) => p.path)).toEqual(Object.keys(nulls).map((key) => `sample.body.${key}`));
    expect(paths.map((p) => `${p.file}:${p.line}:${p.column}`)).toEqual(
      Object.keys(nulls).map((_, i) => `events/orders/captured/page.json:${i + 3}:${i < 10 ? 14 : 15}`),
    );

    const list = await run(project, "list");
    expect(list.code).toBe(0);
    expect(list.stderr).toBe("2 warnings: run `ductape-events build` to see them.\n");
    expect(list.stdout).toContain("orders:page-listed");
  });
});

describe("command line", () => {
  it("--config other.config.ts builds with that config, relative to its folder", async () => {
    const project = copyFixture("valid", { prefix: "other-config" });
    const result = await run(project, "build", "--config", "other.config.ts");
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(project.normalize(result.stdout)).toBe(
      "✔ 2 events in 1 webhook -> out/billing/ (4 of 4 files written) in <time>.\n",
    );
    expect(project.exists("generated")).toBe(false);
    expect(project.files("out/billing")).toEqual(VALID_OUTPUTS.slice(0, 4));
    expect(manifestOf(project, "out/billing").events.map((e) => e["source"])).toEqual([
      "events/billing/invoice-overdue.event.ts",
      "events/billing/invoice-paid.event.ts",
    ]);
    // The short flag is the same option.
    const short = await run(project, "build", "-c", "other.config.ts");
    expect(short.code).toBe(0);
    expect(project.normalize(short.stdout)).toContain("(0 of 4 files written)");
  });

  it("--config missing.ts: DT1001, exit 2, nothing written", async () => {
    const project = copyFixture("valid", { prefix: "missing-config" });
    const result = await run(project, "build", "--config", "missing.ts");
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(diagnosticHeads(result.stderr)).toEqual([
      'ductape-events - error DT1001: The config file "missing.ts" does not exist.',
    ]);
    expect(project.files()).toEqual(listFiles(fixtureDir("valid")));
  });

  it("--config naming a folder is a config error that names the path, without the tool's internals", async () => {
    const project = copyFixture("valid", { prefix: "folder-config" });
    for (const path of [".", "events", ""]) {
      const result = await run(project, "build", "--config", path);
      expect(result.code).toBe(2);
      const heads = diagnosticHeads(result.stderr);
      expect(heads).toHaveLength(1);
      // The location must name something: not an empty file name (":1:1").
      expect(heads[0], result.stderr).not.toMatch(/^:/);
      // The message is about the user's path, not about ductape-events' own module-loader.js.
      expect(result.stderr).not.toContain("module-loader");
      expect(result.stderr).not.toContain(join(REPO, "dist"));
    }
  });

  it("an unknown command gets a did-you-mean; exit 2", async () => {
    const project = copyFixture("empty", { prefix: "cli-biuld" });
    const result = await run(project, "biuld");
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(diagnosticHeads(result.stderr)).toEqual([
      'ductape-events - error DT1006: Unknown command "biuld". Did you mean "build"?',
    ]);
    expect(result.stderr).toContain("  hint: Run `ductape-events --help` for usage.");
    expect(project.exists("generated")).toBe(false);
  });

  it("a definition whose name or description is wrong still gets every later check in the same build", async () => {
    const project = copyFixture("valid", { prefix: "cli-all-layers" });
    const file = "events/billing/invoice-paid.event.ts";
    const text = project.read(file);
    // A wrong name and a misspelt description, a refinement of a field the sample lacks, and the tag of another event.
    project.write(
      file,
      text
        .replace('name: "Invoice Paid"', "name: 42")
        .replace("description:", "descripton:")
        .replace('tag: "billing:invoice-paid"', 'tag: "billing:invoice-overdue"')
        .replace("sample: {", 'refine: { "body.nope": { optional: true } },\n  sample: {'),
    );
    const result = await run(project, "build");
    expect(result.code).toBe(1);
    const codes = diagnosticHeads(result.stderr).map((line) => /DT\d{4}/.exec(line)![0]);
    expect(codes.sort()).toEqual(["DT3001", "DT3002", "DT3003", "DT3006", "DT4003"]);
    expect(project.exists("generated")).toBe(false);
  });

  it("a config whose modules import each other in a cycle loads (run by Node, as the CLI runs it)", async () => {
    const project = copyFixture("valid", { prefix: "cli-config-cycle" });
    project.write(
      "ductape.config.ts",
      'import { OUT, label } from "./cfg/a.js";\nexport default { outDir: OUT + label() };\n',
    );
    project.write(
      "cfg/a.ts",
      'import { suffix, b } from "./b.js";\nexport function a(): string {\n  return "a";\n}\nexport const OUT: string = "out-" + suffix;\nexport const label = (): string => b();\n',
    );
    project.write(
      "cfg/b.ts",
      'import { a } from "./a.js";\nexport const suffix: string = "b";\nexport function b(): string {\n  return "-" + a();\n}\n',
    );
    const result = await run(project, "build");
    expect(result.code, result.stderr).toBe(0);
    expect(project.exists("out-b-a/manifest.json")).toBe(true);
  });

  it("names of Object.prototype are no commands and no reporters: exit 2 with a message, nothing written", async () => {
    const project = copyFixture("valid", { prefix: "cli-proto" });
    for (const name of ["toString", "__proto__", "constructor", "hasOwnProperty"]) {
      for (const args of [[name], [name, "--help"], ["build", "--reporter", name]]) {
        const result = await run(project, ...args);
        expect(result.code, `${args.join(" ")}: ${result.stderr}`).toBe(2);
        expect(result.stderr).toMatch(/DT1006/);
        expect(result.stderr).not.toMatch(/TypeError|\n\s+at /);
      }
    }
    expect(project.exists("generated")).toBe(false);
  });

  it("an unknown flag gets a did-you-mean; exit 2", async () => {
    const project = copyFixture("empty", { prefix: "cli-confg" });
    const result = await run(project, "build", "--confg", "other.config.ts");
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(diagnosticHeads(result.stderr)).toEqual([
      `ductape-events - error DT1006: Unknown option '--confg'. Did you mean "--config"?`,
    ]);
    expect(project.exists("generated")).toBe(false);
  });

  it("a command-line error is reported as --reporter asks: one JSON document, or a GitHub annotation", async () => {
    const project = copyFixture("empty", { prefix: "cli-usage-reporter" });
    const json = await run(project, "build", "--reporter", "json", "--chek");
    expect(json.code).toBe(2);
    expect(json.stderr).toBe("");
    const document = JSON.parse(json.stdout) as { ok: boolean; diagnostics: { code: string; message: string }[] };
    expect(document.ok).toBe(false);
    expect(document.diagnostics.map((d) => [d.code, d.message])).toEqual([
      ["DT1006", `Unknown option '--chek'. Did you mean "--check"?`],
    ]);
    const github = await run(project, "build", "--chek", "--reporter=github");
    expect(github.code).toBe(2);
    expect(github.stdout).toMatch(/^::error title=DT1006 Invalid command line::Unknown option '--chek'/);
    const both = await run(project, "build", "--check", "--watch", "--reporter", "json");
    expect(both.code).toBe(2);
    expect(JSON.parse(both.stdout)).toMatchObject({ diagnostics: [{ code: "DT1006" }] });
  });

  it("--help and build --help print usage on stdout; exit 0", async () => {
    const project = copyFixture("empty", { prefix: "cli-help" });
    const help = await run(project, "--help");
    expect(help.code).toBe(0);
    expect(help.stderr).toBe("");
    expect(help.stdout).toContain("Usage: ductape-events <command> [options]");
    expect(help.stdout).toMatch(/^ {2}build +Check every event definition/m);
    expect(help.stdout).toContain(
      "Exit codes: 0 success, 1 problems in event definitions or outputs (plan: changes pending),",
    );

    const buildHelp = await run(project, "build", "--help");
    expect(buildHelp.code).toBe(0);
    expect(buildHelp.stderr).toBe("");
    expect(buildHelp.stdout).toContain("Usage: ductape-events build [--config <path>]");
    expect(buildHelp.stdout).toContain("-c, --config <value>");
    // Help never builds.
    expect(project.exists("generated")).toBe(false);
  });

  it("--version prints the package version; exit 0", async () => {
    const project = copyFixture("empty", { prefix: "cli-version" });
    const pkg = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as { version: string };
    for (const flag of ["--version", "-v"]) {
      const result = await run(project, flag);
      expect(result.code).toBe(0);
      expect(result.stderr).toBe("");
      expect(result.stdout).toBe(`${pkg.version}\n`);
    }
  });

  // Last: it reads every run made above.
  it("never prints a stack trace for user-input errors", () => {
    expect(allRuns.length).toBeGreaterThanOrEqual(FIXTURE_CASES.length);
    for (const { label, result } of allRuns) {
      expect(result.stderr, label).not.toMatch(STACK_FRAME);
      expect(result.stdout, label).not.toMatch(STACK_FRAME);
      // Exit 3 (internal error) would mean a crash on user input.
      expect(result.code, `${label}\n${result.stderr}`).not.toBe(3);
    }
  });
});
