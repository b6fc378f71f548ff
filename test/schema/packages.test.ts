import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { SchemaResolver } from "../../src/schema/references.js";
import { exportTarget, resolvePackageFile, splitPackageSpecifier, type ReadResult } from "../../src/schema/packages.js";
import { REPO, fileScratchDir } from "../helpers/tmp.js";

/** A project on disk with packages in node_modules, so that answers can be held to Node's own. */
const project = fileScratchDir("schema-packages");
const eventFile = join(project, "events", "nested", "order.event.ts");

function write(path: string, value: unknown): void {
  const file = join(project, path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, typeof value === "string" ? value : JSON.stringify(value, null, 2));
}

write("events/nested/order.event.ts", "export {};\n");
write("node_modules/plain/package.json", { name: "plain", version: "1.0.0" });
write("node_modules/plain/schemas/order.json", { definitions: { order: { type: "object" } } });
write("node_modules/@acme/hooks/package.json", { name: "@acme/hooks", version: "1.0.0", main: "all.json" });
write("node_modules/@acme/hooks/all.json", { $defs: { ping: { type: "object" } } });
write("node_modules/@acme/hooks/dir/a.json", { type: "string" });
write("node_modules/mapped/package.json", {
  name: "mapped",
  version: "1.0.0",
  exports: {
    ".": "./index.js",
    "./schema.json": { node: "./dist/schema.json", default: "./other.json" },
    "./schemas/*": "./dist/schemas/*",
    "./package.json": "./package.json",
  },
});
write("node_modules/mapped/index.js", "module.exports = {};\n");
write("node_modules/mapped/dist/schema.json", { title: "mapped schema" });
write("node_modules/mapped/dist/schemas/order.json", { title: "mapped order" });
write("node_modules/mapped/hidden.json", { title: "hidden" });
// A nearer copy of `plain` shadows the one at the root, as in a nested install.
write("events/node_modules/plain/package.json", { name: "plain", version: "2.0.0" });
write("events/node_modules/plain/schemas/order.json", { definitions: { order: { type: "string" } } });

function read(path: string): ReadResult {
  try {
    return { text: readFileSync(path, "utf8") };
  } catch (error) {
    return { error };
  }
}

describe("package specifiers", () => {
  it("split into the package name and the path inside it, scoped packages included", () => {
    expect(splitPackageSpecifier("plain/schemas/order.json")).toEqual({ name: "plain", subpath: "schemas/order.json" });
    expect(splitPackageSpecifier("@acme/hooks/dir/a.json")).toEqual({ name: "@acme/hooks", subpath: "dir/a.json" });
    expect(splitPackageSpecifier("@acme/hooks")).toEqual({ name: "@acme/hooks", subpath: "" });
    expect(splitPackageSpecifier("@acme")).toBeUndefined();
    expect(splitPackageSpecifier("../x.json")).toBeUndefined();
  });

  it("resolve exports maps: exact keys, conditions, patterns, and what they leave out", () => {
    const map = {
      ".": "./i.js",
      "./a.json": { import: "./x.json", default: "./a.json" },
      "./s/*": "./d/*",
      "./s/private/*": null,
    };
    expect(exportTarget(map, "./a.json")).toBe("a.json");
    expect(exportTarget(map, "./s/b.json")).toBe("d/b.json");
    expect(exportTarget(map, "./s/private/b.json")).toBeUndefined();
    expect(exportTarget(map, "./b.json")).toBeUndefined();
    expect(exportTarget("./main.json", ".")).toBe("main.json");
  });
});

describe("resolving package files as Node does", () => {
  const agreeing = [
    "plain/schemas/order.json",
    "@acme/hooks/dir/a.json",
    "@acme/hooks",
    "mapped/schema.json",
    "mapped/schemas/order.json",
  ];

  it.each(agreeing)("%s resolves where createRequire(file).resolve does", (specifier) => {
    const ours = resolvePackageFile(specifier, eventFile, read);
    expect(ours).toEqual({ kind: "found", file: createRequire(eventFile).resolve(specifier), notExported: false });
  });

  it("reads a file an exports map leaves out from the package folder, and says so (Node refuses it)", () => {
    expect(() => createRequire(eventFile).resolve("mapped/hidden.json")).toThrow(/not defined by "exports"/);
    expect(resolvePackageFile("mapped/hidden.json", eventFile, read)).toEqual({
      kind: "found",
      file: join(project, "node_modules/mapped/hidden.json"),
      notExported: true,
    });
  });

  it("says which package.json files it looked for when the package is not installed", () => {
    const result = resolvePackageFile("absent/x.json", eventFile, read);
    expect(result.kind).toBe("missing");
    if (result.kind !== "missing") return;
    expect(result.tried.filter((p) => p.endsWith("package.json")).slice(0, 3)).toEqual([
      join(project, "events/nested/node_modules/absent/package.json"),
      join(project, "events/node_modules/absent/package.json"),
      join(project, "node_modules/absent/package.json"),
    ]);
  });
});

describe("package references in schemas", () => {
  it("load the package's document, keyed by the package path, with every path looked at as a read", () => {
    const resolver = new SchemaResolver({ root: project });
    const bundle = resolver.resolve({
      kind: "inline",
      file: join(project, "events/other.event.ts"),
      label: "schema.body",
      schema: {
        properties: {
          a: { $ref: "@acme/hooks/all.json#/$defs/ping" },
          b: { $ref: "plain/schemas/order.json#/definitions/order" },
        },
      },
    });
    expect(bundle.problems).toEqual([]);
    expect([...bundle.definitions.keys()].slice(1)).toEqual([
      "@acme/hooks/all.json#/$defs/ping",
      "plain/schemas/order.json#/definitions/order",
    ]);
    // The nearer copy of `plain` (in events/node_modules) wins, as Node's lookup would have it.
    expect(bundle.definitions.get("plain/schemas/order.json#/definitions/order")?.schema).toEqual({ type: "string" });
    expect(bundle.reads.get(join(project, "events/node_modules/@acme/hooks/package.json"))).toBeUndefined();
    expect(bundle.reads.has(join(project, "events/node_modules/@acme/hooks/package.json"))).toBe(true);
    expect(bundle.reads.get(join(project, "node_modules/@acme/hooks/all.json"))).toContain("ping");
  });

  it("warn about a file the package does not export, at the $ref", () => {
    const resolver = new SchemaResolver({ root: project });
    const bundle = resolver.resolve({
      kind: "inline",
      file: eventFile,
      label: "schema.body",
      schema: { $ref: "mapped/hidden.json" },
    });
    expect(bundle.problems.map((p) => [p.diagnostic.code, p.diagnostic.severity, p.path])).toEqual([
      ["DT3150", "warning", ["$ref"]],
    ]);
    expect(bundle.problems[0]!.diagnostic.message).toContain(
      'package mapped does not export this file in its "exports" map',
    );
    expect(bundle.definitions.get("mapped/hidden.json#")?.schema).toEqual({ title: "hidden" });
  });

  it("are a missing file when the package is not installed", () => {
    const resolver = new SchemaResolver({ root: project });
    const bundle = resolver.resolve({
      kind: "inline",
      file: eventFile,
      label: "schema.body",
      schema: { $ref: "absent/x.json#/a" },
    });
    expect(bundle.problems.map((p) => p.diagnostic.message)).toEqual([
      '$ref "absent/x.json#/a" names ./events/nested/absent/x.json or package absent, which does not exist.',
    ]);
  });

  it("find the real provider package installed in this repository", () => {
    const resolved = resolvePackageFile("@octokit/webhooks-schemas/schema.json", join(REPO, "events/x.event.ts"), read);
    expect(resolved).toEqual({
      kind: "found",
      file: createRequire(join(REPO, "events/x.event.ts")).resolve("@octokit/webhooks-schemas/schema.json"),
      notExported: false,
    });
  });
});
