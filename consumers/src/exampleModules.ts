import ts from 'typescript';

/** Printed by every example module once its last statement finished: proof that it ran to its end. */
export const FINISHED = '[example ran to its end]';

const transpile = (code: string, module: ts.ModuleKind) =>
  ts.transpileModule(code, {
    compilerOptions: { module, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: false },
    reportDiagnostics: false,
  }).outputText;

/**
 * The example as an ES module, as users write it (top-level await), with types stripped so that every
 * runtime runs the same JavaScript.
 */
export function esModule(code: string): string {
  return transpile(`${code}\nconsole.log(${JSON.stringify(FINISHED)});\n`, ts.ModuleKind.ESNext);
}

/**
 * The example as CommonJS, as a user of `require()` writes it: the imports become `require()` calls and
 * the rest runs in an async main function, whose failure sets the exit code. A process that quits before
 * main finishes prints no FINISHED line, which is how a wait that does not hold the process shows.
 */
export function commonJsModule(code: string): string {
  const source = ts.createSourceFile('example.ts', code, ts.ScriptTarget.Latest, true);
  const imports = source.statements.filter(ts.isImportDeclaration);
  const body = source.statements.filter((statement) => !ts.isImportDeclaration(statement));
  const text = (nodes: readonly ts.Node[]) => nodes.map((node) => node.getFullText(source)).join('');
  const program = [
    text(imports),
    'async function main() {',
    text(body),
    `  console.log(${JSON.stringify(FINISHED)});`,
    '}',
    'main().catch((error) => {',
    '  console.error(error);',
    '  process.exitCode = 1;',
    '});',
    '',
  ].join('\n');
  return transpile(program, ts.ModuleKind.CommonJS);
}
