import { readFileSync, statSync } from "node:fs";
import ts from "typescript";
import type { Project } from "./project.js";

/** What a build of the shop (the case valid, or the fixture loop-shop) writes into outDir. */
export const SHOP_OUTPUTS = [
  "index.ts",
  "manifest.json",
  "webhooks/billing.json",
  "webhooks/billing.ts",
  "webhooks/shipping.json",
  "webhooks/shipping.ts",
];

export type OutputState = Record<string, { bytes: string; mtimeMs: number; ino: number }>;

/** Bytes, mtime and inode of every file in outDir: a rewrite (even with equal bytes) changes one of them. */
export function outputState(project: Project, outDir = "generated"): OutputState {
  const state: OutputState = {};
  for (const file of project.files(outDir)) {
    const path = project.path(`${outDir}/${file}`);
    const stat = statSync(path);
    state[file] = { bytes: readFileSync(path).toString("base64"), mtimeMs: stat.mtimeMs, ino: stat.ino };
  }
  return state;
}

interface ManifestIndex {
  readonly version: number;
  readonly webhooks: { tag: string; manifest: string; types: string; events: string[] }[];
}

/** manifest.json, with the events of every webhook's manifest it lists, in order. */
export function manifestOf(
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
export function typesOf(project: Project, outDir = "generated"): string {
  const modules = project.files(`${outDir}/webhooks`).filter((file) => file.endsWith(".ts"));
  return [
    ...modules.map((file) => project.read(`${outDir}/webhooks/${file}`)),
    project.read(`${outDir}/index.ts`),
  ].join("\n");
}

/** `interface Name` / `type Name` for each top-level statement of a TypeScript file, as the compiler parses it. */
export function topLevelDeclarations(text: string): string[] {
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
