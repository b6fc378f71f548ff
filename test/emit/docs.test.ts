import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/index.js";
import { fieldRows, MAX_FIELD_ROWS } from "../../src/emit/docs/fields.js";
import { escapeHtml, highlightJson, pathHref } from "../../src/emit/docs/html.js";
import { docsPage, isDocsOutput, putDocs, type DocsEvent } from "../../src/emit/docs/index.js";
import type { JsonObject, JsonValue } from "../../src/util/json.js";
import { SCRATCH } from "../helpers/project.js";

/** The text of HTML made by highlightJson: tags dropped, entities read. */
function textOf(html: string): string {
  return html
    .replace(/<[^>]*>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");
}

describe("highlightJson", () => {
  it("reads as JSON.stringify(value, null, 2) once its markup is dropped, and holds no markup of the value's", () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.jsonValue({ stringUnit: "binary" })), (value) => {
        const html = highlightJson(value as JsonValue);
        expect(textOf(html)).toBe(JSON.stringify(value, null, 2));
        // Only our marks: every `<` is one of them.
        expect(html.replace(/<\/?b( class="[ksnl]")?>/g, "")).not.toMatch(/[<>]/);
      }),
      { numRuns: 300 },
    );
  });

  it("marks keys, strings, numbers and literals apart", () => {
    expect(highlightJson({ "<k>": "</script>", n: -1.5e3, t: true, z: null })).toBe(
      `{
  <b class="k">"&lt;k&gt;"</b>: <b class="s">"&lt;/script&gt;"</b>,
  <b class="k">"n"</b>: <b class="n">-1500</b>,
  <b class="k">"t"</b>: <b class="l">true</b>,
  <b class="k">"z"</b>: <b class="l">null</b>
}`,
    );
  });
});

describe("escapeHtml and pathHref", () => {
  it("escape every character that could start markup or end an attribute", () => {
    expect(escapeHtml(`"><img src=x onerror='alert(1)'> & <script>`)).toBe(
      "&quot;&gt;&lt;img src=x onerror=&#39;alert(1)&#39;&gt; &amp; &lt;script&gt;",
    );
    expect(pathHref("../../events/a #b/c?.event.ts")).toBe("../../events/a%20%23b/c%3F.event.ts");
  });
});

describe("fieldRows", () => {
  const schema: JsonObject = {
    type: "object",
    properties: {
      headers: { type: "object", properties: {}, additionalProperties: { type: "string" } },
      query: { type: "object", properties: {}, required: [], additionalProperties: false },
      body: {
        type: "object",
        required: ["id", "__proto__", "tags"],
        properties: {
          id: { type: "string", format: "uuid", description: "The <id>." },
          // Computed: a literal `__proto__: {...}` would set the prototype, not add a key.
          ["__proto__"]: { anyOf: [{ type: "integer" }, { type: "null" }] },
          tags: { type: "array", items: { type: "string", enum: ["a", "b"] } },
          owner: { $ref: "#/$defs/User", description: "Who owns it." },
        },
      },
    },
    $defs: {
      User: {
        type: "object",
        required: ["name"],
        properties: { name: { type: ["string", "null"] }, manager: { $ref: "#/$defs/User" } },
      },
    },
  };

  it("lists each field once: path, type, required, nullable, format, description; recursion named, not expanded", () => {
    const rows = fieldRows(schema).map((r) => [r.path, r.type, r.required, r.nullable, r.format, r.description]);
    expect(rows).toEqual([
      ["headers", "Record<string, string>", true, false, "", ""],
      ["body", "object", true, false, "", ""],
      ["body.id", "string", true, false, "uuid", "The <id>."],
      ["body.__proto__", "integer", true, true, "", ""],
      ["body.tags", '("a" | "b")[]', true, false, "", ""],
      ["body.tags[]", '"a" | "b"', true, false, "", ""],
      ["body.owner", "User", false, false, "", "Who owns it."],
      ["body.owner.name", "string", true, true, "", ""],
      ["body.owner.manager", "User", false, false, "", ""],
    ]);
  });

  it("stops at MAX_FIELD_ROWS, and says so in a last row", () => {
    const properties = Object.fromEntries(
      Array.from({ length: MAX_FIELD_ROWS + 5 }, (_, i) => [`f${i}`, { type: "string" }]),
    );
    const rows = fieldRows({ type: "object", properties: { body: { type: "object", properties } } });
    expect(rows).toHaveLength(MAX_FIELD_ROWS + 1);
    expect(rows.at(-1)!.description).toContain(`Only the first ${MAX_FIELD_ROWS} fields`);
  });
});

describe("putDocs", () => {
  const root = mkdtempSync(join((mkdirSync(SCRATCH, { recursive: true }), SCRATCH), "docs-unit-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const event = (tag: string, extra: Partial<DocsEvent> = {}): DocsEvent => {
    const [webhook, name] = tag.split(":") as [string, string];
    return {
      tag,
      webhook,
      event: name,
      name: `Name of ${name}`,
      description: `About ${name}`,
      sample: { headers: {}, query: {}, body: { id: 1 }, params: {} },
      schema: { type: "object", properties: { body: { type: "object", properties: { id: { type: "integer" } } } } },
      source: `events/${webhook}/${name}.event.ts`,
      typeName: "XPayload",
      ...extra,
    };
  };

  function render(events: readonly DocsEvent[]): Map<string, string> {
    const files = new Map<string, string>();
    putDocs(events, { docsDir: join(root, "site"), rootDir: root, outDir: join(root, "generated") }, (path, text) =>
      files.set(path.slice(root.length + 1), text),
    );
    return files;
  }

  it("writes a page per webhook, the assets, then the index; the same events give the same bytes", () => {
    const events = [event("a:one"), event("a:two"), event("con:nul")];
    const files = render(events);
    expect([...files.keys()]).toEqual([
      "site/webhooks/a.html",
      "site/webhooks/con_.html",
      "site/assets/docs.css",
      "site/assets/docs.js",
      "site/index.html",
    ]);
    expect(render(structuredClone(events))).toEqual(files);
    expect(docsPage("con")).toBe("webhooks/con_.html");
    expect(files.get("site/index.html")).toContain('<a href="webhooks/con_.html#nul">');
    expect(files.get("site/webhooks/a.html")).toContain(
      "import type { XPayload } from &quot;./generated/index.js&quot;;",
    );
  });

  it("hostile names, descriptions, selectors and keys stay text", () => {
    const hostile = `"><img src=x onerror=alert(1)><script>alert(2)</script>`;
    const files = render([
      event("a:one", {
        name: hostile,
        description: hostile,
        selector: hostile,
        source: `events/${hostile}.event.ts`,
        sample: { headers: {}, query: {}, body: { [hostile]: hostile }, params: {} },
        examples: [{ headers: {}, query: {}, body: { "</script>": "<!--" }, params: {} }],
        schema: {
          type: "object",
          properties: {
            body: {
              type: "object",
              properties: { [hostile]: { type: "string", description: hostile, format: hostile, enum: [hostile] } },
            },
          },
        },
      }),
    ]);
    for (const [path, text] of files) {
      if (!path.endsWith(".html")) continue;
      expect(text, path).not.toMatch(/<img|<script>|<!--(?! Generated)/);
    }
  });

  it("knows its own files and its writer's temporary files, and nothing else in the folder", () => {
    const site = join(root, "site");
    expect(isDocsOutput(join(site, "index.html"), site)).toBe(true);
    expect(isDocsOutput(join(site, "assets", "docs.css.0a1b2c-3.tmp"), site)).toBe(true);
    expect(isDocsOutput(join(site, "webhooks", "con_.html"), site)).toBe(true);
    expect(isDocsOutput(join(site, "webhooks", "con.html"), site)).toBe(false);
    expect(isDocsOutput(join(site, "notes.html"), site)).toBe(false);
    expect(isDocsOutput(join(root, "index.html"), site)).toBe(false);
  });
});

describe("the docs setting", () => {
  it("resolves `docs: {}` to event-docs and `out` against the config's folder; none without it", async () => {
    const dir = mkdtempSync(join(SCRATCH, "docs-config-"));
    try {
      const config = (text: string) => {
        writeFileSync(join(dir, "ductape.config.mjs"), text);
        return loadConfig({ cwd: dir });
      };
      expect((await config("export default {};\n")).config?.docs).toBeUndefined();
      expect((await config("export default { docs: {} };\n")).config?.docs).toEqual({
        outDir: join(dir, "event-docs"),
        title: "Webhook events",
      });
      expect(
        (await config('export default { docs: { out: "public/events", title: "Acme" } };\n')).config?.docs,
      ).toEqual({ outDir: join(dir, "public", "events"), title: "Acme" });
      const bad = await config('export default { docs: "site" };\n');
      expect(bad.diagnostics.map((d) => [d.code, d.message])).toEqual([
        [
          "DT1005",
          'Config option "docs" must be an object such as { out: "event-docs" } (or {} for that folder), got "site".',
        ],
      ]);
      const overlap = await config('export default { outDir: "out", docs: { out: "out/docs" } };\n');
      expect(overlap.diagnostics.map((d) => [d.code, d.span?.start.line])).toEqual([["DT1017", 1]]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
