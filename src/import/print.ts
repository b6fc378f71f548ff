import type { EventFilePrinter } from "./layout.js";

/**
 * The printer of event files: ts-morph builds each file (its import of `ductape-events` and its
 * default export) and prints it in the project's style. ts-morph brings a TypeScript compiler of
 * its own, so it is loaded here, by `import` alone, and never by a build.
 */
export async function eventFilePrinter(): Promise<EventFilePrinter> {
  const { IndentationText, NewLineKind, Project, QuoteKind, SyntaxKind } = await import("ts-morph");
  const project = new Project({
    useInMemoryFileSystem: true,
    manipulationSettings: {
      indentationText: IndentationText.TwoSpaces,
      newLineKind: NewLineKind.LineFeed,
      quoteKind: QuoteKind.Double,
    },
  });
  return (comment, definition) => {
    const file = project.createSourceFile("event.ts", "", { overwrite: true });
    file.addImportDeclaration({
      moduleSpecifier: "ductape-events",
      namedImports: [{ name: "defineEvent" }, { name: "EventDefinition", isTypeOnly: true }],
      leadingTrivia: `${comment}\n`,
    });
    const exported = file.addExportAssignment({
      isExportEquals: false,
      expression: "defineEvent() as EventDefinition",
    });
    // The definition goes in as written (laid out by printLiteral): the writer would indent its
    // lines again inside the call.
    const call = exported.getExpression().asKindOrThrow(SyntaxKind.AsExpression).getExpression();
    const argumentsAt = call
      .asKindOrThrow(SyntaxKind.CallExpression)
      .getFirstChildByKindOrThrow(SyntaxKind.OpenParenToken)
      .getEnd();
    file.insertText(argumentsAt, definition);
    return file.getFullText();
  };
}
