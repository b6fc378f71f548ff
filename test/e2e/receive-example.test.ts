import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Server } from "node:http";
import { build as esbuild } from "esbuild";
import { describe, expect, it } from "vitest";
import { assertCliBuilt, REPO, runNode, CLI } from "../helpers/project.js";
import { scratchDir } from "../helpers/tmp.js";

/**
 * examples/receive (docs/receive.md): its committed output is what a build writes, its server
 * type-checks with the repository's own strict settings (tsconfig.check.json includes examples/),
 * and, bundled and started, it answers deliveries as the docs say.
 */
const EXAMPLE = join(REPO, "examples", "receive");

describe("examples/receive", () => {
  it("has its generated output up to date", async () => {
    assertCliBuilt();
    const check = await runNode([CLI, "build", "--check"], EXAMPLE);
    expect(check.stdout + check.stderr).not.toContain("stale");
    expect(check.code).toBe(0);
  });

  it("routes deliveries to typed handlers and answers 400 with the issues", async () => {
    const dir = scratchDir("receive-example");
    const out = join(dir, "server.mjs");
    await esbuild({
      entryPoints: [join(EXAMPLE, "server.ts")],
      bundle: true,
      platform: "node",
      format: "esm",
      outfile: out,
      logLevel: "silent",
    });
    const { server } = (await import(pathToFileURL(out).href)) as { server: Server };
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    const post = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
      const response = await fetch(`http://127.0.0.1:${port}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify(body),
      });
      return `${response.status} ${await response.text()}`;
    };
    try {
      const failure = { id: "txn_1", amount: 125000, failure: { code: "insufficient_funds", message: "Declined." } };
      // Node adds host, connection and more headers (strings, as the headers' schema allows); an
      // unknown query key is accepted by default (unknownKeys: "accept"), and reported as extra.
      expect(
        await post("/payments?attempt=1", { event: "transaction.failed", data: failure }, { "x-attempt": "2" }),
      ).toBe("200 declined: insufficient_funds");
      expect(await post("/payments", { event: "transaction.failed", data: failure }, { "x-attempt": "2" })).toBe(
        "200 declined: insufficient_funds",
      );
      expect(
        await post(
          "/payments",
          { event: "transaction.failed", data: { ...failure, amount: "12" } },
          { "x-attempt": "2" },
        ),
      ).toBe('400 body.data.amount: expected integer, got "12"');
      expect(await post("/payments", { event: "refund.created" }, { "x-attempt": "2" })).toBe(
        '400 body.event: expected one of "transaction.failed", "transaction.succeeded" (the events of webhook "payments"), got "refund.created"',
      );
      const push = { ref: "refs/heads/main", commits: [{ id: "1", message: "Fix", author: "ada" }] };
      const github = { "x-github-event": "push", "x-github-delivery": "72d3162e-cc78-11e3-81ab-4c9367dc0958" };
      expect(await post("/github", push, github)).toBe("200 1 commit(s) to refs/heads/main; unknown keys: 1");
      expect(
        await post(
          "/github",
          { action: "opened", issue: { number: 1, title: "t" } },
          { ...github, "x-github-event": "issues" },
        ),
      ).toBe("202 no handler for github:issues");
      expect(await post("/stripe", {})).toBe("404 not found");
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
