import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { httpHeaders, readCapture, type Capture } from "../../src/capture/delivery.js";
import type { Diagnostic } from "../../src/diagnostics/diagnostic.js";
import { scratchDir } from "../helpers/tmp.js";

async function capture(text: string, options: Parameters<typeof readCapture>[1] = {}): Promise<Capture> {
  const file = join(scratchDir("capture"), "delivery.json");
  writeFileSync(file, text);
  const read = await readCapture(file, options);
  if (!("capture" in read)) throw new Error(read.diagnostics.map((d) => d.message).join("\n"));
  return read.capture;
}

async function problems(text: string, options: Parameters<typeof readCapture>[1] = {}): Promise<Diagnostic[]> {
  const file = join(scratchDir("capture"), "delivery.json");
  writeFileSync(file, text);
  const read = await readCapture(file, options);
  if ("capture" in read) throw new Error("expected problems");
  return [...read.diagnostics];
}

describe("readCapture", () => {
  it("reads headers as HTTP has them: names matched case-insensitively, else lower-cased; arrays joined", async () => {
    const text = `{\n  "headers": { "X-Signature": "s", "Set-Cookie": ["a=1", "b=2"] },\n  "body": { "id": 1 }\n}`;
    const { payload, locate } = await capture(text, { headerNames: ["X-SIGNATURE"] });
    expect(payload).toEqual({
      headers: { "X-SIGNATURE": "s", "set-cookie": "a=1, b=2" },
      query: {},
      body: { id: 1 },
      params: {},
    });
    // A header is located at its value, under its name as written in the file.
    expect(locate(["headers", "set-cookie"]).start).toEqual({ line: 2, column: 50 });
    expect(locate(["body", "id"]).start).toEqual({ line: 3, column: 19 });
  });

  it("joins a name given in two cases, as HTTP combines repeated fields", () => {
    expect(httpHeaders({ "X-A": "1", "x-a": ["2"] }, []).headers).toEqual({ "x-a": "1, 2" });
  });

  it("takes the file as the body with --body, located in the file itself", async () => {
    const { payload, locate } = await capture(`{ "amount": "12" }`, { body: true });
    expect(payload).toEqual({ headers: {}, query: {}, body: { amount: "12" }, params: {} });
    expect(locate(["body", "amount"]).start).toEqual({ line: 1, column: 13 });
  });

  it("reports every problem of the file at once, each where it is", async () => {
    const found = await problems(`{\n  "headers": { "x": 1 },\n  "query": [],\n  "amount": 12345678901234567890\n}`);
    expect(found.map((d) => [d.code, d.span?.start.line])).toEqual([
      ["DT8105", 4],
      ["DT8104", 4],
      ["DT8104", 3],
      ["DT8104", 2],
    ]);
    expect(found[1]!.hint).toMatch(/--body/);
  });

  it("locates a syntax error, and says that a file that cannot be read cannot", async () => {
    const [syntax] = await problems(`{\n  "body": { "a": 1,, }\n}`);
    expect(syntax).toMatchObject({ code: "DT8103", span: { start: { line: 2, column: 20 } } });
    const read = await readCapture(join(scratchDir("capture"), "missing.json"));
    expect("diagnostics" in read && read.diagnostics[0]!.message).toBe(
      "Cannot read the delivery missing.json: no such file.",
    );
  });

  it("keeps a key named __proto__ as data", async () => {
    const { payload } = await capture(`{ "body": { "__proto__": { "a": 1 } } }`);
    const body = payload["body"] as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(["__proto__"]);
    expect(Object.getPrototypeOf(body)).toBe(Object.prototype);
  });
});
