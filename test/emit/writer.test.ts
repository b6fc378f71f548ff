import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { emitOutputs } from "../../src/emit/index.js";
import { renderTypes } from "../../src/emit/render-types.js";
import { OutputWriter } from "../../src/emit/writer.js";
import { infer, type InferredEvent } from "../../src/infer/index.js";
import { validate } from "../../src/validate/index.js";
import { definition, eventFile, extractMemory } from "../helpers/memory.js";
import { scratchDir } from "../helpers/tmp.js";

// Sorted by tag, "a-b:*" and "a0:*" come before "a:*": webhook tag order is not tag order.
const TAGS = ["a:x", "a:y", "a-b:x", "a0:x", "ab:x", "ab:y", "b:x"];

function inferred(tags: readonly string[] = TAGS): readonly InferredEvent[] {
  const files: Record<string, string> = {};
  for (const [i, tag] of tags.entries()) {
    files[`events/e${i}.event.ts`] = eventFile(
      definition({
        tag: JSON.stringify(tag),
        sample: `{ headers: {}, query: {}, body: { id: "x${i}", customer: { name: "n" } }, params: {} }`,
      }),
    );
  }
  const extracted = extractMemory(files);
  expect(extracted.diagnostics).toEqual([]);
  const validated = validate(extracted.events);
  expect(validated.diagnostics).toEqual([]);
  const result = infer(validated.events);
  expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return result.events;
}

/** Every file under dir, relative path -> text. */
function tree(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  if (!existsSync(dir)) return files;
  for (const name of readdirSync(dir, { recursive: true }).map(String).sort()) {
    const path = join(dir, name);
    try {
      files[name.split("\\").join("/")] = readFileSync(path, "utf8");
    } catch {
      // a folder
    }
  }
  return files;
}

describe("renderTypes with a module sink", () => {
  it("hands over each webhook's module once, as soon as it is done, in tag order, the text it would return", () => {
    const events = inferred();
    const whole = renderTypes(events);
    const handed: [string, string[], string][] = [];
    const streamed = renderTypes(events, undefined, (webhook, members, text) => {
      handed.push([webhook, members.map((e) => e.tag), text]);
    });
    expect(handed.map(([webhook]) => webhook)).toEqual(["a-b", "a0", "a", "ab", "b"]);
    expect(handed.map(([, tags]) => tags)).toEqual([["a-b:x"], ["a0:x"], ["a:x", "a:y"], ["ab:x", "ab:y"], ["b:x"]]);
    expect(new Map(handed.map(([webhook, , text]) => [webhook, text]))).toEqual(new Map(whole.webhooks));
    expect(streamed.webhooks.size).toBe(0);
    expect(streamed.index).toBe(whole.index);
    expect([...streamed.groups.keys()]).toEqual(["a", "a-b", "a0", "ab", "b"]);
  });

  it("refuses events whose webhooks are not together (they must come sorted by tag)", () => {
    const events = inferred();
    // a-b:x, a0:x, a:y, ab:x, ab:y, b:x, a:x
    const split = [...events.filter((e) => e.tag !== "a:x"), events.find((e) => e.tag === "a:x")!];
    expect(() => renderTypes(split)).toThrow(/webhook "a" are not together/);
  });
});

describe("emitOutputs", () => {
  it("writes every output, lists them per webhook in webhook tag order, and reads contents back only when asked", () => {
    const dir = scratchDir("emit-writer");
    const outDir = join(dir, "generated");
    const events = inferred();
    const first = emitOutputs({ events, rootDir: dir, outDir, write: true });
    expect(first.diagnostics).toEqual([]);
    const names = first.files.map((file) =>
      file.path
        .slice(outDir.length + 1)
        .split("\\")
        .join("/"),
    );
    expect(names).toEqual([
      ...["a", "a-b", "a0", "ab", "b"].flatMap((w) => [`webhooks/${w}.json`, `webhooks/${w}.ts`]),
      "index.ts",
      "manifest.json",
    ]);
    expect(first.files.every((file) => file.status === "written")).toBe(true);
    const onDisk = tree(outDir);
    expect(first.files.map((file) => file.contents)).toEqual(names.map((name) => onDisk[name]));
    expect(Object.keys(onDisk).filter((name) => name.endsWith(".tmp"))).toEqual([]);

    const again = emitOutputs({ events, rootDir: dir, outDir, write: true });
    expect(again.files.map((file) => file.status)).toEqual(names.map(() => "unchanged"));
    expect(again.files.map((file) => file.contents)).toEqual(names.map((name) => onDisk[name]));
  });

  it("check mode keeps the text of stale files (for their diff) and writes nothing", () => {
    const dir = scratchDir("emit-writer");
    const outDir = join(dir, "generated");
    const events = inferred();
    emitOutputs({ events, rootDir: dir, outDir, write: true });
    const written = tree(outDir);
    const path = join(outDir, "webhooks/ab.ts");
    writeFileSync(path, `${written["webhooks/ab.ts"]}// an edit\n`);
    const checked = emitOutputs({ events, rootDir: dir, outDir, write: false });
    const stale = checked.files.filter((file) => file.status === "stale");
    expect(stale.map((file) => file.path)).toEqual([path]);
    expect(stale[0]?.contents).toBe(written["webhooks/ab.ts"]);
    expect(readFileSync(path, "utf8")).toBe(`${written["webhooks/ab.ts"]}// an edit\n`);
  });

  it("a file that is not ours (met after others were written beside their targets): DT5001, and nothing is written", () => {
    const dir = scratchDir("emit-writer");
    const outDir = join(dir, "generated");
    mkdirSync(join(outDir, "webhooks"), { recursive: true });
    writeFileSync(join(outDir, "webhooks/b.ts"), "// mine\n");
    const result = emitOutputs({ events: inferred(), rootDir: dir, outDir, write: true });
    expect(result.diagnostics.map((d) => d.code)).toEqual(["DT5001"]);
    expect(tree(outDir)).toEqual({ "webhooks/b.ts": "// mine\n" });
  });

  it("a webhook's file that is not ours, in a folder the build made: the folders it made go too", () => {
    const dir = scratchDir("emit-writer");
    const outDir = join(dir, "generated");
    // The events go to webhooks/*.json and .ts; "b" comes last, after the others were written beside their targets.
    const events = inferred();
    const foreign = join(outDir, "webhooks", "b.json");
    const writer = new OutputWriter({ write: true });
    for (const event of events) writer.put(join(outDir, "webhooks", `${event.webhook}.ts`), "// ours\n");
    expect(readdirSync(join(outDir, "webhooks")).length).toBeGreaterThan(0);
    writeFileSync(foreign, "{}\n");
    writer.put(foreign, "{}\n");
    expect(writer.foreign).toEqual([foreign]);
    writer.discard();
    expect(tree(outDir)).toEqual({ "webhooks/b.json": "{}\n" });
  });

  it("a user's own index.ts, or a folder where an output goes: DT5001 before anything is rendered or written", () => {
    for (const [name, make] of [
      ["index.ts", (path: string) => writeFileSync(path, "export const mine = 1;\n")],
      ["manifest.json", (path: string) => mkdirSync(join(path, "inside"), { recursive: true })],
    ] as const) {
      const dir = scratchDir("emit-writer");
      const outDir = join(dir, "generated");
      mkdirSync(outDir);
      make(join(outDir, name));
      const before = tree(outDir);
      const result = emitOutputs({ events: inferred(), rootDir: dir, outDir, write: true });
      expect(result.diagnostics.map((d) => d.message)).toEqual([
        `generated/${name} exists and was not generated by ductape-events; it was left untouched.`,
      ]);
      // Not even the webhooks/ folder.
      expect(tree(outDir)).toEqual(before);
      expect(readdirSync(outDir)).toEqual([name]);
    }
  });
});

describe("what is ours", () => {
  it("a file that only mentions our notice somewhere is not ours: DT5001, never overwritten", () => {
    for (const [name, text] of [
      [
        "index.ts",
        "// My entry point.\n// The types are Generated by ductape-events into ./webhooks.\nexport const main = 1;\n",
      ],
      ["manifest.json", '{ "note": "Generated by ductape-events? no, mine", "port": 8080 }\n'],
    ] as const) {
      const dir = scratchDir("emit-writer-mention");
      const outDir = join(dir, "src");
      mkdirSync(outDir);
      writeFileSync(join(outDir, name), text);
      const result = emitOutputs({ events: inferred(), rootDir: dir, outDir, write: true });
      expect(result.diagnostics.map((d) => d.code)).toEqual(["DT5001"]);
      expect(tree(outDir)).toEqual({ [name]: text });
    }
  });

  it("outputs as a checkout may give them back (CRLF line endings, a BOM) are still ours, and unchanged", () => {
    const dir = scratchDir("emit-writer-crlf");
    const outDir = join(dir, "generated");
    const events = inferred();
    emitOutputs({ events, rootDir: dir, outDir, write: true });
    const written = tree(outDir);
    for (const [name, text] of Object.entries(written)) {
      // A BOM alone (index.ts), a BOM and CRLF (the other modules), CRLF alone (the JSON files).
      const eol = name === "index.ts" ? text : text.replace(/\n/g, "\r\n");
      writeFileSync(join(outDir, name), `${name.endsWith(".ts") ? "\uFEFF" : ""}${eol}`);
    }
    const checkedOut = tree(outDir);
    // As git sees them: a check finds nothing stale, and a build rewrites nothing.
    for (const write of [false, true]) {
      const again = emitOutputs({ events, rootDir: dir, outDir, write });
      expect(again.diagnostics).toEqual([]);
      expect(new Set(again.files.map((file) => file.status))).toEqual(new Set(["unchanged"]));
      expect(tree(outDir)).toEqual(checkedOut);
    }
  });

  it("an output with CRLF line endings that also differs in its text is stale, and rewritten as built", () => {
    const dir = scratchDir("emit-writer-crlf");
    const outDir = join(dir, "generated");
    const events = inferred();
    emitOutputs({ events, rootDir: dir, outDir, write: true });
    const written = tree(outDir);
    const path = join(outDir, "webhooks/ab.ts");
    writeFileSync(path, `${written["webhooks/ab.ts"]}// an edit\n`.replace(/\n/g, "\r\n"));
    const checked = emitOutputs({ events, rootDir: dir, outDir, write: false });
    expect(checked.files.filter((file) => file.status === "stale").map((file) => file.path)).toEqual([path]);
    emitOutputs({ events, rootDir: dir, outDir, write: true });
    expect(tree(outDir)).toEqual(written);
  });

  it("deletes only the files of webhooks that manifest.json listed: a copy of ours under another name stays", () => {
    const dir = scratchDir("emit-writer-obsolete");
    const outDir = join(dir, "generated");
    emitOutputs({ events: inferred(), rootDir: dir, outDir, write: true });
    const copy = readFileSync(join(outDir, "webhooks/b.ts"), "utf8");
    writeFileSync(join(outDir, "webhooks/zz.ts"), copy);
    writeFileSync(join(outDir, "webhooks/zz.json"), readFileSync(join(outDir, "webhooks/b.json"), "utf8"));
    const fewer = inferred(TAGS.filter((tag) => !tag.startsWith("b:") && !tag.startsWith("a0:")));
    const result = emitOutputs({ events: fewer, rootDir: dir, outDir, write: true });
    expect(result.files.filter((f) => f.status === "removed").map((f) => f.path.slice(outDir.length + 1))).toEqual([
      join("webhooks", "a0.json"),
      join("webhooks", "a0.ts"),
      join("webhooks", "b.json"),
      join("webhooks", "b.ts"),
    ]);
    expect(readFileSync(join(outDir, "webhooks/zz.ts"), "utf8")).toBe(copy);
    expect(existsSync(join(outDir, "webhooks/zz.json"))).toBe(true);
  });

  it("a manifest.json edited to point elsewhere deletes nothing there; without one, webhook files of ours go", () => {
    const dir = scratchDir("emit-writer-unlisted");
    const outDir = join(dir, "generated");
    emitOutputs({ events: inferred(), rootDir: dir, outDir, write: true });
    writeFileSync(join(dir, "precious.ts"), readFileSync(join(outDir, "webhooks/b.ts"), "utf8"));
    const manifest = JSON.parse(readFileSync(join(outDir, "manifest.json"), "utf8")) as {
      webhooks: { tag: string; manifest: string; types: string }[];
    };
    for (const webhook of manifest.webhooks) if (webhook.tag === "b") webhook.types = "../../precious.ts";
    writeFileSync(join(outDir, "manifest.json"), JSON.stringify(manifest, null, 2));
    const fewer = inferred(TAGS.filter((tag) => !tag.startsWith("b:")));
    const result = emitOutputs({ events: fewer, rootDir: dir, outDir, write: true });
    // b.json was listed and goes; what the edited entry names is not a webhook's file, and stays.
    expect(result.files.filter((f) => f.status === "removed").map((f) => f.path)).toEqual([
      join(outDir, "webhooks/b.json"),
    ]);
    expect(existsSync(join(dir, "precious.ts"))).toBe(true);
    expect(existsSync(join(outDir, "webhooks/b.ts"))).toBe(true);

    // No manifest (deleted by hand): the webhook-named files of ours that are not planned go, as a
    // renamed webhook's module would no longer compile; a file of another name stays.
    rmSync(join(outDir, "manifest.json"));
    writeFileSync(join(outDir, "webhooks/notes.md"), "mine\n");
    const none = emitOutputs({ events: inferred(["a:x"]), rootDir: dir, outDir, write: true });
    expect(none.files.filter((f) => f.status === "removed").map((f) => f.path.slice(outDir.length + 1))).toEqual(
      ["a-b.json", "a-b.ts", "a0.json", "a0.ts", "ab.json", "ab.ts", "b.ts"].map((n) => join("webhooks", n)),
    );
    expect(existsSync(join(outDir, "webhooks/notes.md"))).toBe(true);
    expect(existsSync(join(dir, "precious.ts"))).toBe(true);
  });
});

describe("OutputWriter", () => {
  it("once a file cannot be written, writes no more, and commit fails; discard takes every temporary file away", () => {
    const dir = scratchDir("emit-writer");
    writeFileSync(join(dir, "not-a-folder"), "x");
    const good = join(dir, "out/a.json");
    const bad = join(dir, "not-a-folder/b.json");
    const later = join(dir, "out/c.json");
    const writer = new OutputWriter({ write: true });
    writer.put(good, "{}\n");
    expect(readdirSync(join(dir, "out")).filter((name) => name.endsWith(".tmp"))).toHaveLength(1);
    writer.put(bad, "{}\n");
    expect(writer.failure).toBeInstanceOf(Error);
    writer.put(later, "{}\n");
    expect(() => writer.commit([])).toThrow();
    writer.discard();
    expect(existsSync(join(dir, "out"))).toBe(false);
    expect(existsSync(good)).toBe(false);
  });

  it("a rename that fails midway: commit throws, counts what it renamed, and takes the rest away", () => {
    const dir = scratchDir("emit-writer");
    const [first, second, third] = ["a.json", "b.json", "c.json"].map((name) => join(dir, name));
    const writer = new OutputWriter({ write: true });
    for (const path of [first!, second!, third!]) writer.put(path, "{}\n");
    // Something takes the second target's place after it was found free.
    mkdirSync(join(second!, "inside"), { recursive: true });
    expect(() => writer.commit([])).toThrow();
    expect(writer.renamed).toBe(1);
    expect(readdirSync(dir).sort()).toEqual(["a.json", "b.json"]);
    expect(readFileSync(first!, "utf8")).toBe("{}\n");
  });
});
