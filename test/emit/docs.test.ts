import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/index.js";
import { fieldRows, MAX_FIELD_ROWS } from "../../src/emit/docs/fields.js";
import { escapeHtml, JsonHighlighter, pathHref } from "../../src/emit/docs/html.js";
import { docsEvent, docsPage, isDocsOutput, putDocs, type DocsEvent } from "../../src/emit/docs/index.js";
import type { ManifestEvent } from "../../src/emit/manifest.js";
import type { JsonObject, JsonValue } from "../../src/util/json.js";
import { SCRATCH } from "../helpers/project.js";

/** The text of HTML made by JsonHighlighter: tags dropped, entities read. */
function textOf(html: string): string {
  return html
    .replace(/<[^>]*>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");
}

describe("JsonHighlighter", () => {
  it("reads as JSON.stringify(value, null, 2) once its markup is dropped, and holds no markup of the value's", () => {
    // One highlighter for every value, as for a site: the keys' markup it keeps serves them all.
    const highlighter = new JsonHighlighter();
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.jsonValue({ stringUnit: "binary" })), (value) => {
        const html = highlighter.highlight(value as JsonValue);
        expect(textOf(html)).toBe(JSON.stringify(value, null, 2));
        // Only our marks: every `<` is one of them.
        expect(html.replace(/<\/?b( class="[ksnl]")?>/g, "")).not.toMatch(/[<>]/);
      }),
      { numRuns: 300 },
    );
  });

  it("marks keys, strings, numbers and literals apart", () => {
    expect(new JsonHighlighter().highlight({ "<k>": "</script>", n: -1.5e3, t: true, z: null })).toBe(
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

  it("pathHref percent-encodes each segment of a path and keeps its slashes", () => {
    const segment = fc.oneof(
      fc.constantFrom(".", "..", "%2F", "a%b"),
      fc.string({ unit: "grapheme" }).filter((s) => !s.includes("/")),
    );
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 5 }), (segments) => {
        const encoded = segments.map((s) => (s === "." || s === ".." ? s : encodeURIComponent(s)));
        expect(pathHref(segments.join("/"))).toBe(encoded.join("/"));
      }),
      { numRuns: 300 },
    );
  });
});

describe("fieldRows", () => {
  /** Schema nodes of the usual kinds, as the manifest writes most fields. */
  const { node: plainNode } = fc.letrec<{ node: JsonObject }>((tie) => ({
    node: fc.oneof(
      { depthSize: "small" },
      fc.record(
        {
          type: fc.constantFrom("string", "integer", "number", "boolean", "null"),
          format: fc.constantFrom("uuid", "date-time", "<x>"),
          description: fc.string(),
          enum: fc.constantFrom<JsonValue>(["a", "b"], ["a", null], [1, 2, 3, 4, 5, 6, 7, 8, 9], "a"),
        },
        { requiredKeys: ["type"] },
      ),
      // The usual nullable field, either way round, and with something beside it.
      fc.record(
        {
          anyOf: fc.oneof(
            fc.tuple(tie("node"), fc.constant<JsonValue>({ type: "null" })),
            fc.tuple(fc.constant<JsonValue>({ type: "null" }), tie("node")),
            fc.tuple(fc.constant<JsonValue>({ type: "null" }), fc.constant<JsonValue>({ type: "null" })),
          ),
          description: fc.string(),
        },
        { requiredKeys: ["anyOf"] },
      ),
      // With a keyword the quick way must leave to the general one (it shows in the table).
      fc.record(
        {
          type: fc.constantFrom("string", "integer", "object", "array"),
          enum: fc.constant<JsonValue>(["a", "b"]),
          minimum: fc.constant(1),
          deprecated: fc.constant(true),
          default: fc.constant("a"),
          additionalProperties: fc.constant<JsonValue>({ type: "string" }),
          items: fc.constant<JsonValue>({ type: "string" }),
        },
        { requiredKeys: ["type"] },
      ),
      fc.record(
        {
          type: fc.constant("object"),
          properties: fc.dictionary(fc.string({ maxLength: 6 }), tie("node"), { maxKeys: 4 }),
          required: fc.array(fc.constantFrom("a", "b", "id", "x-y")),
          additionalProperties: fc.oneof(fc.boolean(), fc.constant<JsonValue>({ type: "string" })),
          description: fc.string(),
        },
        { requiredKeys: ["type"] },
      ),
      fc.record({ type: fc.constant("array"), items: tie("node") }, { requiredKeys: ["type"] }),
    ),
  }));

  /** The schema with a title on every node: a keyword the table does not show. */
  function titled(node: JsonObject): JsonObject {
    const copy: JsonObject = { title: "T", ...node };
    const props = node["properties"];
    if (typeof props === "object" && props !== null && !Array.isArray(props))
      copy["properties"] = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, titled(v as JsonObject)]));
    const items = node["items"];
    if (typeof items === "object" && items !== null && !Array.isArray(items)) copy["items"] = titled(items);
    const members = node["anyOf"];
    if (Array.isArray(members)) copy["anyOf"] = members.map((m) => titled(m as JsonObject));
    return copy;
  }

  it("reads the usual nodes (its quick way) as it reads any node", () => {
    // A title sends every node the general way, which reads each keyword by name (the quick way
    // takes no title: should it ever, another keyword the table does not show must take its place).
    const same = (body: JsonObject): void => {
      expect(fieldRows({ type: "object", properties: { body } })).toEqual(
        fieldRows({ type: "object", properties: { body: titled(body) } }),
      );
    };
    fc.assert(fc.property(plainNode, same), { numRuns: 300 });
    // Past the deepest level listed, and arrays nested past the deepest type label.
    let deep: JsonObject = { type: "string" };
    for (let i = 0; i < 30; i++) deep = { type: "object", properties: { [`k${i}`]: deep } };
    same(deep);
    let nested: JsonObject = { type: "integer" };
    for (let i = 0; i < 8; i++) nested = { type: "array", items: nested };
    same({ type: "object", properties: { list: nested } });
    // A nullable field inside a nullable field: the inner one is a type of its own (`string | null`).
    same({ anyOf: [{ anyOf: [{ type: "string" }, { type: "null" }] }, { type: "null" }] });
  });

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

  const bodyRows = (body: JsonObject) =>
    fieldRows({ type: "object", properties: { body } }).map((r) => [r.path, r.type, r.required, r.nullable]);

  it("types a property that several alternatives declare as their union; required only where every one requires it", () => {
    const card = {
      type: "object",
      required: ["kind", "last4"],
      properties: { kind: { const: "card" }, last4: { type: "string" } },
    };
    const bank = {
      type: "object",
      required: ["kind", "iban"],
      properties: { kind: { const: "bank", description: "The kind." }, iban: { type: "string" } },
    };
    expect(bodyRows({ oneOf: [card, bank] })).toEqual([
      ["body", "object", true, false],
      ["body.kind", '"card" | "bank"', true, false],
      ["body.last4", "string", false, false],
      ["body.iban", "string", false, false],
    ]);
    expect(fieldRows({ type: "object", properties: { body: { anyOf: [card, bank] } } })[1]!.description).toBe(
      "The kind.",
    );
    // allOf requires what any of its branches requires; a null alternative is no alternative.
    expect(bodyRows({ allOf: [card, { properties: { note: { type: "string" } } }] })).toContainEqual([
      "body.last4",
      "string",
      true,
      false,
    ]);
    expect(bodyRows({ anyOf: [card, { type: "null" }] })).toContainEqual(["body.last4", "string", true, false]);
  });

  it("takes required from wherever a combination says it: the node, or a branch that declares nothing", () => {
    const discriminated = {
      required: ["kind"],
      oneOf: [{ properties: { kind: { const: "a" } } }, { properties: { kind: { const: "b" } } }],
    };
    expect(bodyRows(discriminated)).toContainEqual(["body.kind", '"a" | "b"', true, false]);
    const rows = bodyRows({ allOf: [{ type: "object", properties: { a: { type: "string" } } }, { required: ["a"] }] });
    expect(rows).toEqual([
      ["body", "object", true, false],
      ["body.a", "string", true, false],
    ]);
  });

  it("lists the elements of a property that several alternatives declare as arrays", () => {
    const rows = bodyRows({
      anyOf: [
        {
          type: "object",
          properties: { xs: { type: "array", items: { type: "object", properties: { a: { type: "string" } } } } },
        },
        {
          type: "object",
          properties: { xs: { type: "array", items: { type: "object", properties: { b: { type: "integer" } } } } },
        },
      ],
    }).map(([path]) => path);
    expect(rows).toEqual(["body", "body.xs", "body.xs[]", "body.xs[].a", "body.xs[].b"]);
  });

  it("expands a shared type that may be null, and names it where it comes back", () => {
    const rows = fieldRows({
      type: "object",
      properties: {
        body: { type: "object", properties: { addr: { anyOf: [{ $ref: "#/$defs/Address" }, { type: "null" }] } } },
      },
      $defs: {
        Address: {
          type: "object",
          properties: { city: { type: "string" }, next: { anyOf: [{ $ref: "#/$defs/Address" }, { type: "null" }] } },
        },
      },
    }).map((r) => [r.path, r.type, r.nullable]);
    expect(rows).toEqual([
      ["body", "object", false],
      ["body.addr", "Address", true],
      ["body.addr.city", "string", false],
      ["body.addr.next", "Address", true],
    ]);
  });

  it("takes a documented null alternative as null, and one that constrains as a type of its own", () => {
    const none = { type: "null", title: "None", description: "Not set yet." };
    expect(bodyRows({ type: "object", properties: { a: { anyOf: [{ type: "string" }, none] } } })[1]).toEqual([
      "body.a",
      "string",
      false,
      true,
    ]);
    expect(bodyRows({ anyOf: [{ type: "object", required: ["b"], properties: { b: {} } }, none] })).toEqual([
      ["body", "object", true, true],
      ["body.b", "unknown", true, false],
    ]);
    // `enum: [null]` says more than null: left as the schema writes it.
    expect(
      bodyRows({
        type: "object",
        properties: { a: { anyOf: [{ type: "string" }, { type: "null", enum: [null] }] } },
      })[1],
    ).toEqual(["body.a", "string | null", false, false]);
  });

  it("shows tuples, keys by pattern and maps as the types do", () => {
    const rows = bodyRows({
      type: "object",
      properties: {
        point: { type: "array", prefixItems: [{ type: "number" }, { type: "number" }], items: false },
        rest: { type: "array", prefixItems: [{ type: "string" }], items: { type: "integer" } },
        labels: { type: "object", patternProperties: { "^x-": { type: "string" } }, additionalProperties: false },
        counts: { type: "object", additionalProperties: { type: "integer" } },
      },
    });
    expect(rows.slice(1).map(([path, type]) => [path, type])).toEqual([
      ["body.point", "[number, number]"],
      ["body.rest", "[string, ...integer[]]"],
      ["body.rest[]", "integer"],
      ["body.labels", "{ /^x-/: string }"],
      ["body.counts", "Record<string, integer>"],
    ]);
  });

  it("says what else the schema asks of a value: deprecated, bounds, pattern, default; the field's own words win", () => {
    const rules = fieldRows({
      type: "object",
      properties: {
        body: {
          type: "object",
          properties: {
            score: { type: "integer", minimum: 0, maximum: 100, default: 5, deprecated: true },
            code: { type: "string", pattern: "^[A-Z]{3}$", minLength: 3 },
            tags: { type: "array", items: { type: "string" }, maxItems: 4, uniqueItems: true },
            owner: { $ref: "#/$defs/Name", maxLength: 10 },
            plain: { type: "string" },
          },
        },
      },
      $defs: { Name: { type: "string", maxLength: 80, minLength: 1 } },
    }).map((r) => [r.path, r.rules]);
    expect(rules).toEqual([
      ["body", ""],
      ["body.score", "Deprecated. Minimum 0; maximum 100; default 5."],
      ["body.code", "At least 3 characters; pattern ^[A-Z]{3}$."],
      ["body.tags", "At most 4 items; items unique."],
      ["body.tags[]", ""],
      ["body.owner", "At least 1 character; at most 10 characters."],
      ["body.plain", ""],
    ]);
  });

  it("lists any schema: each path once, within the row limit, whatever combinations and references it holds", () => {
    const key = fc.constantFrom("a", "b", "x-id", "__proto__", "a.b", "");
    const { node } = fc.letrec<{ node: JsonObject }>((tie) => ({
      node: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        fc.constantFrom<JsonObject>(
          { type: "string" },
          { type: ["integer", "null"], minimum: 0 },
          { const: "x" },
          { enum: ["a", 1, null] },
          { $ref: "#/$defs/A" },
          { $ref: "#/$defs/B" },
          { $ref: "#/$defs/missing" },
          {},
        ),
        fc
          .record({ type: fc.constant("object"), properties: fc.dictionary(key, tie("node"), { maxKeys: 3 }) })
          .map((o) => ({ ...o, required: Object.keys(o.properties).slice(0, 1) }) as JsonObject),
        fc.record({ type: fc.constant("array"), items: tie("node") }) as fc.Arbitrary<JsonObject>,
        fc.record({
          prefixItems: fc.array(tie("node"), { maxLength: 2 }),
          type: fc.constant("array"),
        }) as fc.Arbitrary<JsonObject>,
        fc
          .tuple(fc.constantFrom("anyOf", "oneOf", "allOf"), fc.array(tie("node"), { minLength: 1, maxLength: 3 }))
          .map(([keyword, members]) => ({ [keyword]: members }) as JsonObject),
      ),
    }));
    fc.assert(
      fc.property(node, node, node, (body, a, b) => {
        const rows = fieldRows({ type: "object", properties: { body }, $defs: { A: a, B: b } });
        expect(rows.length).toBeLessThanOrEqual(MAX_FIELD_ROWS + 1);
        const paths = rows.map((r) => r.path);
        expect(new Set(paths).size).toBe(paths.length);
        for (const row of rows) expect(row.path === "..." || row.path.startsWith("body")).toBe(true);
      }),
      { numRuns: 300 },
    );
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

  const event = (tag: string, extra: Partial<ManifestEvent> & { typeName?: string } = {}): DocsEvent => {
    const [webhook, name] = tag.split(":") as [string, string];
    const { typeName = "XPayload", ...record } = extra;
    return docsEvent(
      {
        tag,
        webhook,
        event: name,
        name: `Name of ${name}`,
        description: `About ${name}`,
        sample: { headers: {}, query: {}, body: { id: 1 }, params: {} },
        schema: { type: "object", properties: { body: { type: "object", properties: { id: { type: "integer" } } } } },
        source: `events/${webhook}/${name}.event.ts`,
        ...record,
      },
      typeName,
    );
  };

  it("gives every event one shape, whatever its record leaves out", () => {
    const bare = event("a:one");
    const full = event("a:two", {
      selector: "body.type",
      examples: [{ headers: {}, query: {}, body: {}, params: {} }],
    });
    expect(Object.keys(bare)).toEqual(Object.keys(full));
    expect(bare.examples).toEqual([]);
    expect(bare.selector).toBeUndefined();
    expect(full.selector).toBe("body.type");
  });

  function render(events: readonly DocsEvent[]): Map<string, string> {
    const files = new Map<string, string>();
    const options = { docsDir: join(root, "site"), rootDir: root, outDir: join(root, "generated"), title: "Events" };
    putDocs(events, options, (path, text) => files.set(path.slice(root.length + 1), text));
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

  it("gives the page's own ids a form no event's id has (an event may be tagged `main`)", () => {
    const page = render([event("a:main"), event("a:page")]).get("site/webhooks/a.html")!;
    const ids = [...page.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(page).toContain('<a class="skip" href="#page--main">');
    expect(page).toContain('<article class="event" id="main"');
  });

  it("lists an array's elements with no required cell, and a field's rules after its description", () => {
    const schema = {
      type: "object",
      properties: {
        body: {
          type: "object",
          required: ["tags"],
          properties: {
            tags: { type: "array", items: { type: ["string", "null"] } },
            score: { type: "integer", description: "The score.", minimum: 0 },
          },
        },
      },
    };
    const page = render([event("a:one", { schema })]).get("site/webhooks/a.html")!;
    expect(page).toContain("<tr class=d1><th>body.tags<td>(string | null)[]<td>yes<td>no<td><td></tr>");
    expect(page).toContain("<tr class=d2><th>body.tags[]<td>string<td><td>yes<td><td></tr>");
    expect(page).toContain("<th>body.score<td>integer<td>no<td>no<td><td>The score. Minimum 0.</tr>");
  });

  it("searches a field's type name, format and description besides its path", () => {
    const schema = {
      type: "object",
      properties: {
        body: {
          type: "object",
          properties: {
            total: { $ref: "#/$defs/Money" },
            id: { type: "string", format: "uuid", description: "HMAC key" },
          },
        },
      },
      $defs: { Money: { type: "object", properties: { amount: { type: "integer" } } } },
    };
    const index = render([event("a:one", { schema, typeName: "OrderPayload" })]).get("site/index.html")!;
    const data = JSON.parse(/<script type="application\/json" id="search-data">(.*)<\/script>/.exec(index)![1]!) as {
      fields: string[];
      events: [string, number[]][];
    };
    const [head, fields] = data.events[0]!;
    const lines = fields.map((i) => data.fields[i]);
    expect(head).toContain("orderpayload");
    expect(lines).toContain("body.total money");
    expect(lines).toContain("body.id uuid hmac key");
    expect(lines.join("\n")).not.toContain("body.total.amount integer");
  });

  it("lists a field line once for the site, and each event's by index", () => {
    const schema = {
      type: "object",
      properties: { body: { type: "object", properties: { id: { type: "string", format: "uuid" } } } },
    };
    const other = {
      type: "object",
      properties: { body: { type: "object", properties: { id: { type: "integer" } } } },
    };
    const index = render([
      event("a:one", { schema }),
      event("a:two", { schema }),
      event("b:three", { schema: other }),
    ]).get("site/index.html")!;
    const data = JSON.parse(/<script type="application\/json" id="search-data">(.*)<\/script>/.exec(index)![1]!) as {
      fields: string[];
      events: [string, number[]][];
    };
    expect(data.fields).toEqual(["body", "body.id uuid", "body.id"]);
    expect(data.events.map(([head, fields]) => [head.split("\n")[0], fields])).toEqual([
      ["a:one", [0, 1]],
      ["a:two", [0, 1]],
      ["b:three", [0, 2]],
    ]);
  });

  it("lists lines that differ only in case once: search ignores case", () => {
    const described = (description: string) => ({
      type: "object",
      properties: { body: { type: "object", properties: { id: { type: "string", description } } } },
    });
    const index = render([
      event("a:one", { schema: described("The Order ID") }),
      event("a:two", { schema: described("the order id") }),
    ]).get("site/index.html")!;
    const data = JSON.parse(/<script type="application\/json" id="search-data">(.*)<\/script>/.exec(index)![1]!) as {
      fields: string[];
      events: [string, number[]][];
    };
    expect(data.fields).toEqual(["body", "body.id the order id"]);
    expect(data.events.map(([, fields]) => fields)).toEqual([
      [0, 1],
      [0, 1],
    ]);
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
