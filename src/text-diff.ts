/**
 * A short line diff for `build --check`: hunks with a little context, cut to a few changed
 * lines, enough to show a reviewer what drifted; the full diff is one `git diff` away.
 * Common leading and trailing lines are trimmed first, so the quadratic step only sees the
 * changed middle; past a size limit that middle is shown as removed-then-added.
 */
export function shortDiff(
  before: string,
  after: string,
  options: { context?: number; maxLines?: number } = {},
): string {
  const context = options.context ?? 2;
  const maxLines = options.maxLines ?? 12;
  const a = before.split("\n");
  const b = after.split("\n");
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  if (head === a.length && head === b.length) return "";

  const ops: Op[] = [
    ...a.slice(0, head).map((line): Op => ({ kind: " ", line, at: 0 })),
    ...editScript(a.slice(head, a.length - tail), b.slice(head, b.length - tail)),
    ...a.slice(a.length - tail).map((line): Op => ({ kind: " ", line, at: 0 })),
  ];
  ops.forEach((op, i) => (op.at = i));
  return render(ops, context, maxLines);
}

interface Op {
  kind: " " | "-" | "+";
  line: string;
  at: number;
}

const MAX_CELLS = 4_000_000;

/** Longest-common-subsequence edit script; falls back to "all removed, all added" when huge. */
function editScript(a: readonly string[], b: readonly string[]): Op[] {
  if (a.length * b.length > MAX_CELLS) {
    return [...a.map((line): Op => ({ kind: "-", line, at: 0 })), ...b.map((line): Op => ({ kind: "+", line, at: 0 }))];
  }
  const cols = b.length + 1;
  const lcs = new Uint32Array((a.length + 1) * cols);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i * cols + j] =
        a[i] === b[j] ? lcs[(i + 1) * cols + j + 1]! + 1 : Math.max(lcs[(i + 1) * cols + j]!, lcs[i * cols + j + 1]!);
    }
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      ops.push({ kind: " ", line: a[i++]!, at: 0 });
      j++;
    } else if (i < a.length && (j === b.length || lcs[(i + 1) * cols + j]! >= lcs[i * cols + j + 1]!)) {
      // Removals before additions, as diff tools print them.
      ops.push({ kind: "-", line: a[i++]!, at: 0 });
    } else {
      ops.push({ kind: "+", line: b[j++]!, at: 0 });
    }
  }
  return ops;
}

function render(ops: readonly Op[], context: number, maxLines: number): string {
  const show = new Set<number>();
  for (const op of ops) {
    if (op.kind === " ") continue;
    for (let k = Math.max(0, op.at - context); k <= Math.min(ops.length - 1, op.at + context); k++) show.add(k);
  }
  const out: string[] = [];
  let changed = 0;
  let total = 0;
  let previous = -2;
  for (const op of ops) {
    if (op.kind !== " ") total++;
    if (!show.has(op.at) || changed >= maxLines) continue;
    if (op.at !== previous + 1) out.push(`@@ line ${lineNumber(ops, op.at)} @@`);
    out.push(`${op.kind} ${op.line}`);
    if (op.kind !== " ") changed++;
    previous = op.at;
  }
  if (total > changed) out.push(`… ${total - changed} more changed lines`);
  return out.join("\n");
}

/** The line number in the old text at which an op stands. */
function lineNumber(ops: readonly Op[], at: number): number {
  let line = 1;
  for (let k = 0; k < at; k++) if (ops[k]!.kind !== "+") line++;
  return line;
}
