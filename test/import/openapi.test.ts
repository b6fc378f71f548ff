import { describe, expect, it } from "vitest";
import type { Diagnostic } from "../../src/diagnostics/diagnostic.js";
import { readDocument } from "../../src/import/document.js";
import { planImport, type ImportOptions, type ImportPlan } from "../../src/import/openapi.js";

/** Plans an import of a document given as data (written as JSON) or as text. */
async function plan(
  document: unknown,
  options: ImportOptions = {},
  path = "/project/doc.json",
): Promise<{ plan: ImportPlan | undefined; diagnostics: readonly Diagnostic[] }> {
  const text = typeof document === "string" ? document : JSON.stringify(document, null, 2);
  const read = await readDocument(path, text);
  if (!("document" in read)) throw new Error(`syntax error: ${read.syntaxError.message}`);
  return planImport(read.document, options);
}

/** `line:column` (1-based) of the first `needle` in `text` after each of `after` in turn, as a diagnostic places it. */
function at(text: string, needle: string, ...after: string[]): string {
  const offset = text.indexOf(
    needle,
    after.reduce((from, anchor) => text.indexOf(anchor, from), 0),
  );
  const before = text.slice(0, offset).split("\n");
  return `${before.length}:${before.at(-1)!.length + 1}`;
}

/** Codes and places, the way a reader checks them. */
function heads(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => `${d.code} ${d.span?.start.line ?? 0}:${d.span?.start.column ?? 0}`);
}

const ORDER = {
  type: "object",
  properties: { id: { type: "string" }, amount: { type: "integer", minimum: 1 } },
  required: ["id", "amount"],
};

function webhookDoc(webhooks: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return { openapi: "3.1.0", info: { title: "Shop", version: "1" }, webhooks, ...extra };
}

function jsonBody(schema: unknown, more: Record<string, unknown> = {}) {
  return { requestBody: { content: { "application/json": { schema, ...more } } } };
}

describe("operations", () => {
  it("reads each webhook's operations, in tag order, with the title's slug as webhook tag", async () => {
    const { plan: p, diagnostics } = await plan(
      webhookDoc(
        {
          orderPaid: { post: { summary: "Order paid", ...jsonBody({ $ref: "#/components/schemas/Order" }) } },
          "order.created": { post: jsonBody(ORDER) },
        },
        { components: { schemas: { Order: ORDER } } },
      ),
    );
    expect(diagnostics).toEqual([]);
    expect(p!.events.map((e) => `${e.webhook}:${e.event}`)).toEqual(["shop:order-created", "shop:order-paid"]);
    expect(p!.events[1]!.name).toBe("Order paid");
    expect(p!.events[0]!.name).toBe("Order created");
    expect(p!.events[1]!.body).toEqual({ kind: "component", pointer: "/components/schemas/Order" });
    expect(p!.events[0]!.body).toEqual({ kind: "inline", schema: ORDER });
    expect(Object.keys(p!.schemas)).toEqual(["Order"]);
  });

  it("takes the callbacks of paths when there are no webhooks, named by operationId", async () => {
    const doc = {
      openapi: "3.0.3",
      info: { title: "Payments API", version: "1" },
      paths: {
        "/subscribe": {
          post: {
            callbacks: {
              onPayment: {
                "{$request.body#/url}": {
                  post: { operationId: "paymentDone", ...jsonBody(ORDER) },
                  put: jsonBody(ORDER),
                },
              },
            },
          },
        },
      },
    };
    const { plan: p, diagnostics } = await plan(doc);
    expect(diagnostics).toEqual([]);
    expect(p!.events.map((e) => `${e.webhook}:${e.event}`)).toEqual([
      "payments-api:on-payment",
      "payments-api:payment-done",
    ]);
  });

  it("uses --webhook, else the operations' tags when every operation has one", async () => {
    const webhooks = {
      a: { post: { tags: ["Billing Events"], ...jsonBody(ORDER) } },
      b: { post: { tags: ["shipping"], ...jsonBody(ORDER) } },
    };
    const byTags = await plan(webhookDoc(webhooks));
    expect(byTags.plan!.events.map((e) => `${e.webhook}:${e.event}`)).toEqual(["billing-events:a", "shipping:b"]);
    const given = await plan(webhookDoc(webhooks), { webhook: "shop" });
    expect(given.plan!.events.map((e) => `${e.webhook}:${e.event}`)).toEqual(["shop:a", "shop:b"]);
    const some = await plan(webhookDoc({ ...webhooks, c: { post: jsonBody(ORDER) } }));
    expect(some.plan!.events.map((e) => e.webhook)).toEqual(["shop", "shop", "shop"]);
  });

  it("gives the event part of a name written as a whole tag (our own openapi.json)", async () => {
    const { plan: p } = await plan(
      webhookDoc({ "payments:charge-succeeded": { post: { tags: ["payments"], ...jsonBody(ORDER) } } }),
    );
    expect(p!.events.map((e) => `${e.webhook}:${e.event}`)).toEqual(["payments:charge-succeeded"]);
  });

  it("makes colliding tags unique in the order of the document, whatever the names sort to", async () => {
    const { plan: p } = await plan(
      webhookDoc({
        "Order Paid": { post: jsonBody(ORDER) },
        "order-paid": { post: jsonBody(ORDER) },
        order_paid: { post: jsonBody(ORDER), put: jsonBody(ORDER) },
      }),
    );
    // A Path Item's operations in the order OpenAPI lists the methods (put before post).
    expect(p!.events.map((e) => `${e.event} ${e.origin}`)).toEqual([
      'order-paid webhooks["Order Paid"].post',
      'order-paid-2 webhooks["order-paid"].post',
      'order-paid-3 webhooks["order_paid"].put',
      'order-paid-4 webhooks["order_paid"].post',
    ]);
  });

  it("imports only the operations --only names, * matching any text", async () => {
    const webhooks = {
      "order-paid": { post: jsonBody(ORDER) },
      "order-sent": { post: jsonBody(ORDER) },
      refund: { post: jsonBody(ORDER) },
    };
    const { plan: p } = await plan(webhookDoc(webhooks), { only: ["order-*"] });
    expect(p!.events.map((e) => e.event)).toEqual(["order-paid", "order-sent"]);
    // The event name an operation becomes is a name too (a callback "orderSent" becomes "order-sent").
    const callbacks = {
      openapi: "3.1.0",
      info: { title: "Shop", version: "1" },
      paths: {
        "/hooks": { post: { callbacks: { orderSent: { "{$request.body#/url}": { post: jsonBody(ORDER) } } } } },
      },
    };
    const { plan: byEvent } = await plan(callbacks, { only: ["order-sent"] });
    expect(byEvent!.events.map((e) => e.event)).toEqual(["order-sent"]);
    const { diagnostics } = await plan(webhookDoc(webhooks), { only: ["refnd", "order-pad", "zzz"] });
    expect(diagnostics.map((d) => [d.code, d.message])).toEqual([
      [
        "DT1006",
        '--only "refnd" (did you mean "refund"?), "order-pad" (did you mean "order-paid"?), "zzz" matched no webhook name, callback name, operationId or event name of the document.',
      ],
    ]);
  });

  it("skips, with a warning, an operation whose body is not an object", async () => {
    const { plan: p, diagnostics } = await plan(
      webhookDoc({ list: { post: jsonBody({ type: "array", items: ORDER }) }, one: { post: jsonBody(ORDER) } }),
    );
    expect(p!.events.map((e) => e.event)).toEqual(["one"]);
    expect(diagnostics.map((d) => d.code)).toEqual(["DT7102"]);
  });
});

describe("parameters", () => {
  it("makes headers and query schemas of the parameters, header examples as text", async () => {
    const { plan: p } = await plan(
      webhookDoc({
        paid: {
          parameters: [
            { name: "X-Signature", in: "header", required: true, schema: { type: "string" }, example: "sha256=1" },
          ],
          post: {
            parameters: [
              {
                name: "X-Attempt",
                in: "header",
                schema: { type: "integer" },
                example: 2,
                description: "Delivery attempt",
              },
              { name: "region", in: "query", required: true, schema: { type: "string", enum: ["eu", "us"] } },
              { name: "attempt", in: "query", schema: { type: "integer", minimum: 1 } },
              { name: "test", in: "query", schema: { type: "boolean" }, example: false },
              { name: "id", in: "path", required: true, schema: { type: "string" } },
            ],
            ...jsonBody(ORDER),
          },
        },
      }),
    );
    const event = p!.events[0]!;
    expect(event.headers).toEqual({
      type: "object",
      properties: {
        "x-signature": { type: "string" },
        "x-attempt": {
          description: "Delivery attempt",
          type: "string",
          pattern: "^-?(0|[1-9][0-9]*)$",
          $comment: 'As the document writes it: {"type":"integer"}.',
        },
      },
      required: ["x-signature"],
      additionalProperties: { type: "string" },
    });
    expect(event.query).toEqual({
      type: "object",
      properties: {
        region: { type: "string", enum: ["eu", "us"] },
        // Query values are strings on the wire too (`?attempt=2`).
        attempt: {
          type: "string",
          pattern: "^-?(0|[1-9][0-9]*)$",
          $comment: 'As the document writes it: {"type":"integer","minimum":1}.',
        },
        test: { type: "string", enum: ["true", "false"], $comment: 'As the document writes it: {"type":"boolean"}.' },
      },
      required: ["region"],
    });
    // In lowercase, as receivers deliver them.
    expect(event.sample.headers).toEqual({ "x-signature": "sha256=1", "x-attempt": "2" });
    expect(event.sample.query).toEqual({ region: "eu", attempt: "1", test: "false" });
    expect(event.sample.params).toEqual({});
  });

  it("pairs a parameter's named examples with the body's examples of the same names", async () => {
    const { plan: p } = await plan(
      webhookDoc({
        paid: {
          post: {
            parameters: [
              {
                name: "x-attempt",
                in: "header",
                schema: { type: "string" },
                examples: { retried: { value: "2" }, first: { value: "1" } },
              },
              { name: "x-region", in: "header", schema: { type: "string" }, example: "eu" },
            ],
            ...jsonBody(ORDER, {
              examples: { first: { value: { id: "a", amount: 1 } }, retried: { value: { id: "a", amount: 1 } } },
            }),
          },
        },
      }),
    );
    const event = p!.events[0]!;
    expect(event.sample.headers).toEqual({ "x-attempt": "1", "x-region": "eu" });
    // A parameter's single example serves every payload.
    expect(event.examples.map((e) => e.headers)).toEqual([{ "x-attempt": "2", "x-region": "eu" }]);
  });

  it("declares no headers or query schema without parameters", async () => {
    const { plan: p } = await plan(webhookDoc({ paid: { post: jsonBody(ORDER) } }));
    expect(p!.events[0]!.headers).toBeUndefined();
    expect(p!.events[0]!.query).toBeUndefined();
    expect(p!.events[0]!.sample).toEqual({ headers: {}, query: {}, body: { id: "id", amount: 1 }, params: {} });
  });
});

describe("samples", () => {
  it("takes the media type's example, then its examples (by $ref too), then the schema's", async () => {
    const doc = webhookDoc(
      {
        a: { post: jsonBody(ORDER, { example: { id: "a", amount: 2 } }) },
        b: {
          post: jsonBody(ORDER, {
            examples: { first: { $ref: "#/components/examples/B" }, second: { value: { id: "b2", amount: 4 } } },
          }),
        },
        c: { post: jsonBody({ ...ORDER, examples: [{ id: "c", amount: 5 }] }) },
      },
      { components: { examples: { B: { value: { id: "b1", amount: 3 } } } } },
    );
    const { plan: p, diagnostics } = await plan(doc);
    expect(diagnostics).toEqual([]);
    const [a, b, c] = p!.events;
    expect(a!.sample.body).toEqual({ id: "a", amount: 2 });
    expect(b!.sample.body).toEqual({ id: "b1", amount: 3 });
    expect(b!.examples.map((e) => e.body)).toEqual([{ id: "b2", amount: 4 }]);
    expect(c!.sample.body).toEqual({ id: "c", amount: 5 });
  });

  it("warns at an example that does not satisfy the schema, or is external, and builds a sample instead", async () => {
    const text = JSON.stringify(
      webhookDoc({
        a: {
          post: jsonBody(ORDER, {
            examples: { bad: { value: { id: "a", amount: 0 } }, far: { externalValue: "https://example.com/a.json" } },
          }),
        },
      }),
      null,
      2,
    );
    const { plan: p, diagnostics } = await plan(text);
    expect(heads(diagnostics)).toEqual([
      `DT7101 ${at(text, "{", '"bad"', '"value"')}`,
      `DT7101 ${at(text, '"https://example.com/a.json"')}`,
    ]);
    expect(diagnostics[0]!.message).toBe(
      "The example at /webhooks/a/post/requestBody/content/application~1json/examples/bad/value was not used: /amount must be >= 1.",
    );
    expect(p!.events[0]!.sample.body).toEqual({ id: "id", amount: 1 });
  });

  it("checks an example's own keys, a property named __proto__ like any other, through components too", async () => {
    const proto = { type: "object", required: ["toString"], properties: { ["__proto__"]: { type: "integer" } } };
    const text = JSON.stringify(
      webhookDoc(
        {
          a: {
            post: jsonBody(
              { $ref: "#/components/schemas/Proto" },
              {
                examples: {
                  retyped: { value: { ["__proto__"]: "x", toString: 1 } },
                  inherited: { value: { ["__proto__"]: 1 } },
                  good: { value: { ["__proto__"]: 2, toString: "y" } },
                },
              },
            ),
          },
        },
        { components: { schemas: { Proto: proto } } },
      ),
      null,
      2,
    );
    expect(text).toContain('"__proto__": "x"');
    const { plan: p, diagnostics } = await plan(text);
    expect(diagnostics.map((d) => d.message)).toEqual([
      "The example at /webhooks/a/post/requestBody/content/application~1json/examples/retyped/value was not used: /__proto__ must be integer.",
      "The example at /webhooks/a/post/requestBody/content/application~1json/examples/inherited/value was not used: the value must have required property 'toString'.",
    ]);
    expect(JSON.stringify(p!.events[0]!.sample.body)).toBe('{"__proto__":2,"toString":"y"}');

    // OpenAPI 3.0 (draft-07 for ajv), the schema inline in a callback.
    const callback = {
      post: jsonBody(proto, {
        examples: {
          retyped: { value: { ["__proto__"]: "x", toString: 1 } },
          good: { value: { ["__proto__"]: 2, toString: "y" } },
        },
      }),
    };
    const old = await plan({
      openapi: "3.0.3",
      info: { title: "Shop", version: "1" },
      paths: { "/subscribe": { post: { callbacks: { sent: { "{$request.body#/url}": callback } }, responses: {} } } },
    });
    expect(old.diagnostics.map((d) => d.message)).toEqual([
      expect.stringContaining("was not used: /__proto__ must be integer."),
    ]);

    // A reference through a `__proto__` key keeps its target: that document is checked as written.
    const through = await plan(
      webhookDoc(
        {
          a: {
            post: jsonBody(
              { type: "object", properties: { n: { $ref: "#/components/schemas/W/properties/__proto__" } } },
              { examples: { bad: { value: { n: "not an object" } } } },
            ),
          },
        },
        { components: { schemas: { W: { type: "object", properties: { ["__proto__"]: { type: "object" } } } } } },
      ),
    );
    expect(through.diagnostics.map((d) => d.message)).toEqual([
      expect.stringContaining("was not used: /n must be object."),
    ]);
  });

  it("never uses an example holding a number that JavaScript cannot hold", async () => {
    const text = `{"openapi":"3.1.0","info":{"title":"Shop","version":"1"},"webhooks":{"a":{"post":{"requestBody":{"content":{"application/json":{"schema":{"type":"object"},"example":{"id":820982911946154508}}}}}}}}`;
    const { plan: p, diagnostics } = await plan(text);
    expect(diagnostics.map((d) => d.message)).toEqual([
      "The example at /webhooks/a/post/requestBody/content/application~1json/example was not used: 820982911946154508 has more digits than a JavaScript number holds.",
    ]);
    expect(p!.events[0]!.sample.body).toEqual({});
  });
});

describe("problems in the document", () => {
  it("DT7001 for anything but OpenAPI 3", async () => {
    const swagger = await plan({ swagger: "2.0", info: {}, paths: {} });
    expect(heads(swagger.diagnostics)).toEqual(["DT7001 2:14"]);
    expect(swagger.diagnostics[0]!.hint).toContain("Convert it to OpenAPI 3 first");
    expect(heads((await plan({ openapi: "2.5" })).diagnostics)).toEqual(["DT7001 2:14"]);
    expect(heads((await plan([1])).diagnostics)).toEqual(["DT7001 1:1"]);
  });

  it("DT7002 without webhooks or callbacks", async () => {
    const { diagnostics } = await plan({
      openapi: "3.1.0",
      info: { title: "x", version: "1" },
      paths: { "/a": { get: {} } },
    });
    expect(diagnostics.map((d) => [d.code, d.message])).toEqual([
      ["DT7002", "Nothing to import: it has no webhooks section, and no path has callbacks."],
    ]);
  });

  it("DT7003 and DT7004 at every bad $ref, and nothing planned", async () => {
    const text = JSON.stringify(
      webhookDoc({
        a: { post: jsonBody({ $ref: "#/components/schemas/Missing" }) },
        b: { post: jsonBody({ $ref: "https://example.com/order.json" }) },
        c: { post: jsonBody({ $ref: "./order.json#/Order" }) },
        d: { post: jsonBody({ type: "object", properties: { x: { $ref: "#/webhooks/a" } } }) },
      }),
      null,
      2,
    );
    const { plan: p, diagnostics } = await plan(text);
    expect(p).toBeUndefined();
    expect(diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([
      'DT7003 The $ref "#/components/schemas/Missing" cannot be resolved: the document has nothing there.',
      'DT7004 The $ref "https://example.com/order.json" points to the network, and nothing is fetched.',
      'DT7003 The $ref "./order.json#/Order" cannot be resolved: it points into another file.',
      'DT7003 The $ref "#/webhooks/a" cannot be resolved: it points outside #/components/schemas, and an import keeps only those schemas.',
    ]);
    expect(heads(diagnostics).map((h) => h.split(" ")[1])).toEqual(
      ['"#/components/schemas/Missing"', '"https://', '"./order.json', '"#/webhooks/a"'].map((v) => at(text, v)),
    );
  });

  it("DT7006 at a number in the schemas that cannot be kept", async () => {
    const text = `{"openapi":"3.1.0","info":{"title":"Shop","version":"1"},"webhooks":{"a":{"post":{}}},\n"components":{"schemas":{"A":{"maximum":9007199254740993}}}}`;
    const { plan: p, diagnostics } = await plan(text);
    expect(p).toBeUndefined();
    expect(heads(diagnostics)).toEqual([`DT7006 ${at(text, "9007199254740993")}`]);
  });

  it("DT7006 at a number of an imported operation, in JSON and YAML, and none for the operations left out", async () => {
    const webhooks = (big: string) =>
      `{"a":{"post":{"requestBody":{"content":{"application/json":{"schema":{"type":"object","properties":{"big":{"type":"integer","example":${big}}}}}}}}},` +
      `"b":{"post":{"requestBody":{"content":{"application/json":{"schema":{"type":"object","properties":{"n":{"type":"integer","example":123456789012345678902}}}}}}}}}`;
    const text = `{"openapi":"3.1.0","info":{"title":"Shop","version":"1"},"webhooks":${webhooks("123456789012345678901")}}`;
    const both = await plan(text);
    expect(both.plan).toBeUndefined();
    expect(heads(both.diagnostics)).toEqual([
      `DT7006 ${at(text, "123456789012345678901")}`,
      `DT7006 ${at(text, "123456789012345678902")}`,
    ]);
    const onlyA = await plan(text, { only: ["a"] });
    expect(heads(onlyA.diagnostics)).toEqual([`DT7006 ${at(text, "123456789012345678901")}`]);
    const yaml = `openapi: 3.1.0\ninfo: { title: Shop, version: "1" }\nwebhooks: ${webhooks("123456789012345678901")}\n`;
    const fromYaml = await plan(yaml, {}, "/project/doc.yaml");
    expect(heads(fromYaml.diagnostics)).toEqual([
      `DT7006 ${at(yaml, "123456789012345678901")}`,
      `DT7006 ${at(yaml, "123456789012345678902")}`,
    ]);
  });

  it("DT7007 when no webhook tag can be made", async () => {
    const { diagnostics } = await plan({
      openapi: "3.1.0",
      info: { title: "!!!", version: "1" },
      webhooks: { a: { post: {} } },
    });
    expect(diagnostics.map((d) => d.code)).toEqual(["DT7007"]);
  });

  it("places problems in a YAML document at their line and column", async () => {
    const yaml = [
      "openapi: 3.1.0",
      "info: { title: Shop, version: '1' }",
      "webhooks:",
      "  paid:",
      "    post:",
      "      requestBody:",
      "        content:",
      "          application/json:",
      "            schema:",
      "              $ref: '#/components/schemas/Nope'",
      "",
    ].join("\n");
    const { diagnostics } = await plan(yaml, {}, "/project/doc.yaml");
    expect(heads(diagnostics)).toEqual([`DT7003 ${at(yaml, "'#/components")}`]);
  });
});

describe("OpenAPI 3.0", () => {
  it("writes draft 4's boolean exclusive bounds as later drafts' numbers", async () => {
    const schema = {
      type: "object",
      properties: { n: { type: "integer", minimum: 0, exclusiveMinimum: true, maximum: 9, exclusiveMaximum: false } },
    };
    const doc = {
      openapi: "3.0.3",
      info: { title: "Shop", version: "1" },
      paths: {
        "/s": { post: { callbacks: { paid: { "{$url}": { post: jsonBody({ $ref: "#/components/schemas/N" }) } } } } },
      },
      components: { schemas: { N: schema } },
    };
    const { plan: p, diagnostics } = await plan(doc);
    expect(diagnostics).toEqual([]);
    expect(p!.schemas).toEqual({
      N: { type: "object", properties: { n: { type: "integer", exclusiveMinimum: 0, maximum: 9 } } },
    });
    expect(p!.events[0]!.sample.body).toEqual({ n: 1 });
  });
});

it("never changes the document it reads", async () => {
  const doc = webhookDoc(
    { a: { post: jsonBody({ $ref: "#/components/schemas/Order" }) } },
    { components: { schemas: { Order: ORDER } } },
  );
  const read = await readDocument("/p/doc.json", JSON.stringify(doc));
  if (!("document" in read)) throw new Error("not read");
  const before = structuredClone(read.document.value);
  planImport(read.document);
  expect(read.document.value).toEqual(before);
});

describe("reading", () => {
  it("gives a syntax error its place, in JSON and in YAML", async () => {
    const json = await readDocument("/p/doc.json", '{\n  "openapi": "3.1.0",\n  "info" {}\n}\n');
    const place = "syntaxError" in json ? json.syntaxError.span.start : undefined;
    expect(place).toEqual({ line: 3, column: 10 });
    const yaml = await readDocument("/p/doc.yaml", "openapi: 3.1.0\ninfo: [a\n  b: c\n");
    expect("syntaxError" in yaml && yaml.syntaxError.span.start).toEqual({ line: 2, column: 8 });
  });

  it("reads a YAML document's integers beyond 2^53 as numbers that cannot be kept", async () => {
    const read = await readDocument(
      "/p/doc.yaml",
      "a: 12345678901234567890\nb: 12\nc: 0.1000000000000000055511151231257827\n",
    );
    if (!("document" in read)) throw new Error("not read");
    expect([...read.document.lossyNumbers]).toEqual([
      ["/a", "12345678901234567890"],
      ["/c", "0.1000000000000000055511151231257827"],
    ]);
    expect(read.document.value).toEqual({ a: 12345678901234567000, b: 12, c: 0.1 });
  });
});

describe("YAML", () => {
  it("expands anchors, aliases and merge keys, and stops an alias inside its own anchor", async () => {
    const yaml = [
      "openapi: 3.1.0",
      "info: { title: Shop, version: '1' }",
      "webhooks:",
      "  paid:",
      "    post: &op",
      "      requestBody:",
      "        content:",
      "          application/json:",
      "            schema: { type: object, properties: { id: { type: string } } }",
      "            example: { <<: &base { id: a }, extra: 1 }",
      "  sent:",
      "    post: *op",
      "x-loop: &loop { self: *loop }",
      "",
    ].join("\n");
    const { plan: p, diagnostics } = await plan(yaml, {}, "/p/doc.yaml");
    expect(diagnostics).toEqual([]);
    expect(p!.events.map((e) => [e.event, e.sample.body])).toEqual([
      ["paid", { id: "a", extra: 1 }],
      ["sent", { id: "a", extra: 1 }],
    ]);
  });
});
