import type { EventFilePrinter } from "./layout.js";

/**
 * The printer of event files: ts-morph builds each file (its import of `ductape-events` and its
 * default export) and prints it in the project's style. ts-morph brings a TypeScript compiler of
 * its own, so it is loaded here, by `import` alone, and never by a build.
 */
export async function eventFilePrinter(): Promise<EventFilePrinter> {
  const { IndentationText, NewLineKind, Project, QuoteKind } = await import("ts-morph");
  const project = new Project({
    useInMemoryFileSystem: true,
    manipulationSettings: {
      indentationText: IndentationText.TwoSpaces,
      newLineKind: NewLineKind.LineFeed,
      quoteKind: QuoteKind.Double,
      useTrailingCommas: true,
    },
  });
  return (comment, definition) => {
    const file = project.createSourceFile("event.ts", "", { overwrite: true });
    file.addImportDeclaration({
      moduleSpecifier: "ductape-events",
      namedImports: [{ name: "defineEvent" }, { name: "EventDefinition", isTypeOnly: true }],
      leadingTrivia: `${comment}\n`,
    });
    file.addExportAssignment({
      isExportEquals: false,
      expression: (writer) => writer.write(`defineEvent(${definition}) as EventDefinition`),
    });
    return file.getFullText();
  };
}
