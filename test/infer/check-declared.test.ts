import { describe, expect, it } from "vitest";
import { compiledDefinitionCount } from "../../src/infer/check-declared.js";
import { rejections } from "../../src/infer/check.js";
import type { DefinitionTable, InferredSchema, ObjectSchema } from "../../src/infer/schema.js";
import type { JsonObject, JsonValue } from "../../src/util/json.js";
import { declared, table } from "../helpers/declared.js";

const payloadOf = (body: InferredSchema): ObjectSchema => ({
  type: "object",
  properties: { body },
  required: ["body"],
  additionalProperties: false,
});

/** The first rejection's place and reason for each body, against `body` with `definitions`. */
const verdicts = (body: JsonValue, definitions: DefinitionTable, values: JsonValue[]) =>
  values.map((value) => {
    const found = rejections(payloadOf(declared(body)), [{ body: value } as JsonObject], undefined, definitions)[0];
    return found === undefined ? "ok" : `${found.path.join(".")}: ${found.reason}`;
  });

const MONEY = {
  money: {
    schema: {
      type: "object",
      required: ["amount", "currency"],
      properties: { amount: { type: "integer", minimum: 0 }, currency: { $ref: "#currency" } },
    },
  },
  currency: { schema: { enum: ["usd", "eur"] } },
};

describe("checking refined payloads against shared definitions (ajv)", () => {
  it("compiles each shared definition once, however many events' schemas reach it", () => {
    const definitions = table(MONEY);
    const before = compiledDefinitionCount();
    for (const field of ["total", "fee", "tax"]) {
      const body = {
        type: "object",
        properties: { [field]: { $ref: "#money" }, label: { type: "string", pattern: `^${field}` } },
      };
      expect(verdicts(body, definitions, [{ label: "x", [field]: { amount: 1, currency: "usd" } }])).toEqual([
        `body.label: does not match the pattern ^${field}`,
      ]);
    }
    expect(compiledDefinitionCount() - before).toBe(2);
  });

  it("finds failures inside the definitions, at their place in the payload", () => {
    const definitions = table(MONEY);
    const body = { type: "object", properties: { total: { $ref: "#money" } } };
    expect(
      verdicts(body, definitions, [
        { total: { amount: 1, currency: "usd" } },
        { total: { amount: -1, currency: "usd" } },
        { total: { amount: 1, currency: "yen" } },
        { total: { amount: 1 } },
      ]),
    ).toEqual([
      "ok",
      "body.total.amount: must be >= 0",
      'body.total.currency: is not one of "usd", "eur"',
      'body.total: lacks the required field "currency"',
    ]);
  });

  it("checks against the definitions of the table given, when a key names another definition than before (watch)", () => {
    const body = { type: "object", properties: { total: { $ref: "#money" } } };
    const payloads = [{ total: { amount: 1, currency: "usd" } }, { total: { amount: 1, currency: "gbp" } }];
    const before = table(MONEY);
    expect(verdicts(body, before, payloads)).toEqual(["ok", 'body.total.currency: is not one of "usd", "eur"']);
    // An edited schema file: the same keys, new definitions.
    const after = table({ ...MONEY, currency: { schema: { enum: ["gbp"] } } });
    expect(verdicts(body, after, payloads)).toEqual(['body.total.currency: is not one of "gbp"', "ok"]);
    // A definition kept from the last build (the same object) beside a new one it refers to.
    const mixed = new Map([
      ["money", before.get("money")!],
      ["currency", after.get("currency")!],
    ]);
    expect(verdicts(body, mixed, payloads)).toEqual(['body.total.currency: is not one of "gbp"', "ok"]);
    expect(verdicts(body, before, payloads)).toEqual(["ok", 'body.total.currency: is not one of "usd", "eur"']);
  });

  it("follows recursive definitions", () => {
    const definitions = table({
      note: {
        schema: {
          type: "object",
          required: ["body"],
          properties: { body: { type: "string" }, replies: { type: "array", items: { $ref: "#note" } } },
        },
      },
    });
    const body = { type: "object", properties: { note: { $ref: "#note" } } };
    expect(
      verdicts(body, definitions, [
        { note: { body: "a", replies: [{ body: "b", replies: [{ body: "c" }] }] } },
        { note: { body: "a", replies: [{ body: "b", replies: [{ body: 3 }] }] } },
      ]),
    ).toEqual(["ok", "body.note.replies.0.replies.0.body: must be a string"]);
  });
});
