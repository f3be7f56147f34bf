// The import specifiers of a TypeScript/JavaScript source file, read with the TypeScript parser
// (static imports, re-exports and dynamic `import('…')`), for the tests that check who may import
// what (test/unit/layout.test.ts) and what the demo loads (test/unit/demo-deps.test.ts).
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export interface ImportRef {
  readonly specifier: string;
  /** `import type` / `export type`: erased at run time. */
  readonly typeOnly: boolean;
}

export function importsOf(file: string): ImportRef[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const refs: ImportRef[] = [];
  source.forEachChild(function walk(node) {
    if (ts.isImportDeclaration(node)) refs.push({ specifier: (node.moduleSpecifier as ts.StringLiteral).text, typeOnly: node.importClause?.isTypeOnly ?? false });
    else if (ts.isExportDeclaration(node) && node.moduleSpecifier) refs.push({ specifier: (node.moduleSpecifier as ts.StringLiteral).text, typeOnly: node.isTypeOnly });
    else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && ts.isStringLiteral(node.arguments[0]!)) {
      refs.push({ specifier: node.arguments[0].text, typeOnly: false });
    }
    node.forEachChild(walk);
  });
  return refs;
}

/** The file a relative specifier names (`./x.js` is the TypeScript source `./x.ts` when that exists). */
export function resolveRelative(file: string, specifier: string): string {
  const target = path.resolve(path.dirname(file), specifier);
  const ts = target.replace(/\.js$/, '.ts');
  return target.endsWith('.js') && fs.existsSync(ts) ? ts : target;
}
