import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COMMANDS } from "../../src/cli/commands.js";
import {
  assertCliBuilt,
  copyFixture,
  diagnosticHeads,
  runCli,
  STACK_FRAME,
  removeProjects,
  type Project,
} from "../helpers/project.js";

/**
 * A wrong command line on a command asked for JSON still prints one JSON document on stdout and
 * nothing else, carrying the usage error (DT1006), with exit 2: a script that parses stdout
 * learns what went wrong instead of failing on empty or human text. The real CLI, as a child process.
 */

interface Row {
  /** The command line after `ductape-events`. */
  readonly args: readonly string[];
  /** The DT1006 message expected in the document. */
  readonly message: RegExp;
}

/** The flag that asks each command for JSON; a command that takes one and is missing here fails the test below. */
const JSON_FLAGS: Readonly<Record<string, readonly string[]>> = {
  build: ["--reporter", "json"],
  watch: ["--reporter", "json"],
  docs: ["--reporter", "json"],
  check: ["--reporter", "json"],
  list: ["--json"],
  plan: ["--json"],
  push: ["--dry-run", "--json"],
  diff: ["--format", "json"],
};

const ROWS: readonly Row[] = [
  { args: ["build", "--reporter", "json", "--bogus"], message: /^Unknown option '--bogus'\.$/ },
  { args: ["build", "--bogus", "--reporter=json"], message: /^Unknown option '--bogus'\.$/ },
  { args: ["build", "--reporter", "json", "--strict=yes"], message: /^Option '--strict' does not take an argument/ },
  { args: ["build", "--reporter", "json", "stray"], message: /^Unexpected argument 'stray'/ },
  { args: ["build", "--reporter", "json", "--check", "--watch"], message: /^--check and --watch cannot be combined/ },
  { args: ["watch", "--reporter", "json", "--no-cache"], message: /^Unknown option '--no-cache'/ },
  { args: ["docs", "--reporter", "json", "--out"], message: /^--out needs a value: --out <value>\.$/ },
  { args: ["check", "--reporter", "json", "shop:a", "a.json", "--bogus"], message: /^Unknown option '--bogus'/ },
  { args: ["check", "--reporter", "json", "shop:a"], message: /^check takes 2 arguments .*, got 1\.$/ },
  { args: ["list", "--json", "--bogus"], message: /^Unknown option '--bogus'/ },
  { args: ["list", "--json", "--config"], message: /^--config needs a value: --config <value>\.$/ },
  { args: ["plan", "--json", "--bogus"], message: /^Unknown option '--bogus'\.$/ },
  { args: ["plan", "--json", "stray"], message: /^Unexpected argument 'stray'/ },
  { args: ["plan", "--json", "--strict=1"], message: /^Option '--strict' does not take an argument/ },
  { args: ["plan", "--json=true", "stray"], message: /^Option '--json' does not take an argument/ },
  { args: ["push", "--dry-run", "--json", "--bogus"], message: /^Unknown option '--bogus'/ },
  { args: ["push", "--json", "--dry-run=yes", "stray"], message: /^Option '--dry-run' does not take an argument/ },
  { args: ["diff", "--format", "json", "--bogus"], message: /^Unknown option '--bogus'/ },
  { args: ["diff", "--format=json", "--base"], message: /^--base needs a value: --base <value>\.$/ },
  { args: ["diff", "--format", "json"], message: /^diff needs a base to compare with/ },
  { args: ["diff", "--format", "json", "--base", "main", "--for", "nobody"], message: /^Unknown --for "nobody"/ },
];

/** Where each command's document keeps its diagnostics; list's is an array of events, which cannot hold one. */
function diagnosticsOf(command: string, document: unknown): { code: string; message: string }[] | undefined {
  if (command === "list") return undefined;
  return (document as { diagnostics: { code: string; message: string }[] }).diagnostics;
}

/** The command line with what asks for JSON taken out. */
function withoutJson(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if ((arg === "--reporter" || arg === "--format") && args[i + 1] === "json") i++;
    else if (!/^--(json|dry-run)(=|$)|^--(reporter|format)=json$/.test(arg)) out.push(arg);
  }
  return out;
}

let project: Project;

beforeAll(() => {
  assertCliBuilt();
  project = copyFixture("loop-shop", { prefix: "json-usage" });
});
afterAll(removeProjects);

describe("a usage error with JSON output asked for", () => {
  it("covers every command that can print JSON", () => {
    const takesJson = Object.entries(COMMANDS)
      .filter(([, c]) => ["json", "reporter", "format"].some((o) => Object.hasOwn(c.options, o)))
      .map(([name]) => name);
    expect(takesJson.sort()).toEqual(Object.keys(JSON_FLAGS).sort());
    for (const name of takesJson) expect(ROWS.some((r) => r.args[0] === name)).toBe(true);
  });

  it.each(ROWS)("$args: one JSON document on stdout, exit 2", async ({ args, message }) => {
    const command = args[0]!;
    const result = await runCli(project.dir, args, { timeoutMs: 30_000 });
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).not.toMatch(STACK_FRAME);
    const document: unknown = JSON.parse(result.stdout);
    const diagnostics = diagnosticsOf(command, document);
    if (diagnostics === undefined) {
      // list --json: the empty array it prints when nothing could be listed; the reason on stderr.
      expect(document).toEqual([]);
      expect(diagnosticHeads(result.stderr)).toHaveLength(1);
      expect(diagnosticHeads(result.stderr)[0]).toMatch(/error DT1006: /);
      expect(diagnosticHeads(result.stderr)[0]!.split("DT1006: ")[1]).toMatch(message);
      return;
    }
    expect(document).toMatchObject({ version: 1, ok: false });
    expect(diagnostics.map((d) => d.code)).toEqual(["DT1006"]);
    expect(diagnostics[0]!.message).toMatch(message);
    // Documents that say where they come from say so here too.
    if (command === "plan" || command === "push") expect(document).toMatchObject({ exitCode: 2 });
    if (command === "check") expect(document).toMatchObject({ mode: "check" });
    if (command === "diff") expect(document).toMatchObject({ base: null, changes: [] });
  });

  it("the same mistakes without JSON asked for print nothing on stdout", async () => {
    for (const row of ROWS) {
      const args = withoutJson(row.args);
      const result = await runCli(project.dir, args, { timeoutMs: 30_000 });
      expect(result.code, args.join(" ")).toBe(2);
      expect(result.stdout, args.join(" ")).toBe("");
      expect(diagnosticHeads(result.stderr), args.join(" ")).toEqual([expect.stringMatching(/error DT1006: /)]);
    }
  });

  it("in GitHub Actions, diff's default output: a usage error is an annotation", async () => {
    const result = await runCli(project.dir, ["diff", "--bogus"], { env: { GITHUB_ACTIONS: "true" } });
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/^::error title=DT1006 Invalid command line::Unknown option '--bogus'/);
  });
});

describe("plan --json without a plan", () => {
  it("carries the diagnostics that say why, as well as printing them on stderr", async () => {
    const result = await runCli(project.dir, ["plan", "--json"], { timeoutMs: 30_000 });
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout)).toMatchObject({
      version: 1,
      ok: false,
      exitCode: 2,
      diagnostics: [{ code: "DT1008", severity: "error", file: null }],
    });
    expect(diagnosticHeads(result.stderr)).toEqual([expect.stringMatching(/error DT1008: /)]);
  });
});
