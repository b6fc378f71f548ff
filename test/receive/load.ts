import { mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import ts from "typescript";
import type { ValidateFunction } from "ajv";
import { renderReceive, type ReceiveEvent } from "../../src/receive/render.js";
import type { JsonObject, JsonValue } from "../../src/util/json.js";

/** What a generated webhook module exports, loosely typed for tests. */
export interface LoadedModule {
  parseEvent(tag: string, input: unknown): ParseOutcome;
  isEvent(tag: string, input: unknown): boolean;
  identifyEvent(webhook: string, input: unknown): ParseOutcome;
  eventSchema(tag: string): { "~standard": { version: 1; vendor: string; validate(value: unknown): unknown } };
  createRouter(
    handlers: Record<string, (payload: unknown) => unknown>,
    fallback: (result: unknown) => unknown,
  ): (webhook: string, input: unknown) => unknown;
  formatIssue(issue: { path: readonly (string | number)[]; message: string }): string;
}

export type ParseOutcome =
  | { ok: true; tag: string; payload: unknown; extra: (string | number)[][] }
  | { ok: false; tag: string | undefined; issues: { path: (string | number)[]; message: string }[] };

/**
 * Renders the receive modules of `events`, transpiles each with TypeScript's transpileModule
 * into `dir` (types are erased: the payload types of index.ts are not needed to run them) and
 * imports the module of each webhook, by webhook.
 */
export async function loadReceive(
  dir: string,
  events: readonly ReceiveEvent[],
  reject = false,
): Promise<{ modules: Map<string, LoadedModule>; joined: LoadedModule; files: Map<string, string> }> {
  const rendered = renderReceive(events, reject, (w) => w);
  if (rendered.problems.length > 0) throw new Error(`problems: ${JSON.stringify(rendered.problems)}`);
  const files = new Map<string, string>();
  for (const [relative, text] of rendered.files) {
    files.set(relative, text);
    const js = ts.transpileModule(text, {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
    }).outputText;
    const path = join(dir, relative.replace(/\.ts$/, ".js"));
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, js);
  }
  const modules = new Map<string, LoadedModule>();
  for (const webhook of new Set(events.map((e) => e.webhook))) {
    modules.set(webhook, (await import(pathToFileURL(join(dir, "receive", `${webhook}.js`)).href)) as LoadedModule);
  }
  const joined = (await import(pathToFileURL(join(dir, "receive.js")).href)) as LoadedModule;
  return { modules, joined, files };
}

type AjvLike = { compile(schema: object): ValidateFunction };

/** The build's ajv, as src/infer/check-declared.ts makes it: 2020-12, strict off, own properties, ajv-formats. */
export function buildAjv(): AjvLike {
  const require = createRequire(import.meta.url);
  const { Ajv2020 } = require("ajv/dist/2020.js") as typeof import("ajv/dist/2020.js");
  const formats = require("ajv-formats") as { default: (ajv: AjvLike) => void };
  const ajv = new Ajv2020({ strict: false, ownProperties: true, logger: false, allErrors: false });
  formats.default(ajv);
  return ajv;
}

/** The schema with every `additionalProperties: false` made `true`: what unknownKeys "accept" validates. */
export function openObjects(schema: JsonValue, keyword?: string): JsonValue {
  if (schema === null || typeof schema !== "object") return schema;
  if (Array.isArray(schema)) return schema.map((s) => openObjects(s));
  if (keyword === "enum" || keyword === "const") return schema;
  const out: JsonObject = {};
  for (const key of Object.keys(schema)) {
    const value = schema[key]!;
    const data = key === "enum" || key === "const" || key === "default" || key === "examples";
    const converted = data ? value : key === "additionalProperties" && value === false ? true : openObjects(value);
    Object.defineProperty(out, key, { value: converted, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/**
 * A payload schema as the manifest writes one: the four parts, headers as strings, query and
 * params closed, `parts` over them (`{ body: {...} }`).
 */
export function payloadSchema(parts: Record<string, JsonValue>): JsonObject {
  return {
    type: "object",
    properties: {
      headers: { type: "object", additionalProperties: { type: "string" } },
      query: { type: "object", additionalProperties: false },
      body: {},
      params: { type: "object", additionalProperties: false },
      ...parts,
    },
    required: ["headers", "query", "body", "params"],
    additionalProperties: false,
  };
}
