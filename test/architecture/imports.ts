/**
 * Reads the imports of every TypeScript file under a folder: static imports,
 * `export … from`, dynamic `import()` and `typeof import()` types. Only
 * relative specifiers are resolved to files; package names are kept as they
 * are written.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix, relative, sep } from 'node:path';
import ts from 'typescript';

export interface ImportEdge {
  /** Importing file, relative to the repository root with `/` separators (`src/engine/config/schema.ts`). */
  from: string;
  /** Imported file, resolved the same way; for a package, its name as written (`node:fs`, `@oclif/core`). */
  to: string;
  /** The specifier as written. */
  spec: string;
  /** `import type`, `export type` or `typeof import()`: no code is loaded, but the files are still coupled. */
  typeOnly: boolean;
  /** 1-based line of the import. */
  line: number;
}

const toPosix = (p: string): string => p.split(sep).join('/');

function listTs(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...listTs(p));
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** `./x.js` → `dir/x.ts`, `./x` → `dir/x.ts` or `dir/x/index.ts`. */
function resolveRelative(root: string, fromFile: string, spec: string): string {
  const base = posix.join(posix.dirname(fromFile), spec);
  const candidates = [base.replace(/\.js$/, '.ts'), `${base}.ts`, `${base}/index.ts`];
  return candidates.find((c) => existsSync(join(root, c))) ?? base.replace(/\.js$/, '.ts');
}

const allTypeOnly = (clause: ts.ImportClause): boolean => {
  if (clause.isTypeOnly) return true;
  const b = clause.namedBindings;
  return clause.name === undefined && b !== undefined && ts.isNamedImports(b) && b.elements.length > 0 && b.elements.every((e) => e.isTypeOnly);
};

/** The imports of one file's text; `file` is its repository path. */
export function importsOfText(root: string, file: string, text: string): ImportEdge[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const edges: ImportEdge[] = [];
  const add = (spec: string, node: ts.Node, typeOnly: boolean): void => {
    const to = spec.startsWith('.') ? resolveRelative(root, file, spec) : spec;
    edges.push({ from: file, to, spec, typeOnly, line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1 });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      add(node.moduleSpecifier.text, node, node.importClause !== undefined && allTypeOnly(node.importClause));
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      add(node.moduleSpecifier.text, node, node.isTypeOnly);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteral(node.moduleReference.expression)) {
      add(node.moduleReference.expression.text, node, node.isTypeOnly);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) {
      add(node.arguments[0].text, node, false);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      add(node.argument.literal.text, node, true);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return edges;
}

/** Every import of every `.ts` file under `root/dir`. */
export function readImports(root: string, dir: string): ImportEdge[] {
  return listTs(join(root, dir)).flatMap((p) => {
    const file = toPosix(relative(root, p));
    return importsOfText(root, file, readFileSync(p, 'utf8'));
  });
}
