import type { Span } from "../diagnostics/diagnostic.js";
import { parseJsonModuleText } from "../syntax/parse.js";
import type { Expression, SyntaxFile } from "../syntax/tree.js";

/**
 * Where values of a JSON document were written, worked out only when a problem needs a place:
 * the document is parsed again with our parser (which keeps offsets) on the first question, and
 * the tree kept for the next ones.
 */
export class JsonPositions {
  private parsed: SyntaxFile | null | undefined;

  constructor(
    private readonly file: string,
    private readonly text: string,
  ) {}

  /**
   * The span of the value at `path` (keys and array indexes); with `key: true` and a path
   * ending in a key, the key's span (a `$ref` is shown by its name). The deepest value found
   * when the path goes further than the document; undefined when the parser declines the file.
   */
  spanAt(path: readonly (string | number)[], options: { readonly key?: boolean } = {}): Span | undefined {
    if (this.parsed === undefined) {
      const result = parseJsonModuleText(this.text);
      this.parsed = result !== undefined && "file" in result ? result.file : null;
    }
    if (this.parsed === null) return undefined;
    const statement = this.parsed.statements[0];
    if (statement?.kind !== "export-default") return undefined;
    let node: Expression = statement.expression;
    let range: { start: number; end: number } = node;
    for (const [index, step] of path.entries()) {
      if (node.kind === "object") {
        // JSON.parse keeps the last of repeated keys, so the place shown is the last one too.
        const member = node.members.findLast(
          (m) => m.kind === "keyed" && m.name.kind === "string" && m.name.value === String(step),
        );
        if (member?.kind !== "keyed") break;
        const last = index === path.length - 1;
        range = last && options.key === true ? member.name : member.value;
        node = member.value;
      } else if (node.kind === "array" && typeof step === "number") {
        const element = node.elements[step];
        if (element === undefined || element.kind === "spread-element") break;
        range = element;
        node = element;
      } else break;
    }
    return this.span(range.start, range.end);
  }

  private span(start: number, end: number): Span {
    const starts = this.parsed!.lineStarts;
    const position = (offset: number): { line: number; column: number } => {
      let line = 0;
      let high = starts.length - 1;
      while (line < high) {
        const middle = (line + high + 1) >>> 1;
        if (starts[middle]! <= offset) line = middle;
        else high = middle - 1;
      }
      return { line: line + 1, column: Math.max(0, offset - starts[line]!) + 1 };
    };
    return { file: this.file, start: position(start), end: position(end) };
  }
}
