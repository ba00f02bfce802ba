/**
 * Measures source files the way the house rules count them (STYLE.md, issue 13): lines per
 * file, lines per function (any function-like node with a body, nested ones counted on their
 * own), and the relative imports a file makes.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export interface FunctionLength {
  name: string;
  lines: number;
}

/** Lines of a file, not counting the newline that ends the last one. */
export function lineCount(file: string): number {
  return readFileSync(file, 'utf8').split('\n').length - 1;
}

/** Every function in the file with its length in lines, named `label:name` (or `<anonymous at N>`). */
export function functionLengths(file: string, label = path.basename(file)): FunctionLength[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: FunctionLength[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body !== undefined) {
      const start = source.getLineAndCharacterOfPosition(node.getStart()).line;
      const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      const name = (node as ts.FunctionLikeDeclaration).name?.getText() ?? `<anonymous at ${start + 1}>`;
      found.push({ name: `${label}:${name}`, lines: end - start + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The absolute paths of the file's relative imports and re-exports (`import … from './x.js'`), `.js` read as `.ts`. */
export function relativeImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^(?:import|export)[^'";]*?from\s+'(\.[^']+)'/gm)].map((m) =>
    path.resolve(path.dirname(file), m[1]!.replace(/\.js$/, '.ts')),
  );
}
