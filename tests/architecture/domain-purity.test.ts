/**
 * The domain is pure (STYLE.md principle 1): no AWS SDK, no environment, no reading of the clock.
 * This parses every file under domain/ and fails the build on a violation, naming file and line.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.ts$/.test(entry.name) ? [path] : [];
  });
}

const forbiddenModules = [
  /^@aws-sdk\//,
  /^aws-cdk-lib/,
  /^node:(fs|net|http|https|child_process)$/,
  /^(fs|net|http|https|child_process)$/,
];

/** Every violation of the purity rules in one source text, as `line: what`. */
function impurities(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, true);
  const found: string[] = [];
  const at = (node: ts.Node) => source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
  const visit = (node: ts.Node): void => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      const name = node.moduleSpecifier.text;
      if (forbiddenModules.some((re) => re.test(name))) found.push(`${at(node)}: imports ${name}`);
    }
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      found.push(`${at(node)}: dynamic import`);
    }
    if (ts.isPropertyAccessExpression(node) && node.getText(source) === 'process.env') {
      found.push(`${at(node)}: reads process.env`);
    }
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      const callee = node.expression.getText(source);
      if (callee === 'Date.now' || callee === 'performance.now') found.push(`${at(node)}: calls ${callee}()`);
    }
    if (
      ts.isNewExpression(node) &&
      node.expression.getText(source) === 'Date' &&
      (node.arguments?.length ?? 0) === 0
    ) {
      found.push(`${at(node)}: calls new Date() without an argument`);
    }
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'Date') {
      found.push(`${at(node)}: calls Date() for the current time`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('the domain', () => {
  it('imports no AWS SDK, reads no environment and no clock', () => {
    // Prepare
    const files = sourceFiles(join(root, 'domain'));
    // Act
    const violations = files.flatMap((file) =>
      impurities(file, readFileSync(file, 'utf8')).map((v) => `${relative(root, file)}:${v}`),
    );
    // Assess
    expect(files.length).toBeGreaterThan(5);
    expect(violations).toEqual([]);
  });

  it.each([
    ["import { DynamoDBClient } from '@aws-sdk/client-dynamodb';", 'imports @aws-sdk/client-dynamodb'],
    ['const table = process.env.TABLE;', 'reads process.env'],
    ['const now = Date.now();', 'calls Date.now()'],
    ['const now = new Date();', 'calls new Date() without an argument'],
    ["import { readFileSync } from 'node:fs';", 'imports node:fs'],
  ])('catches %s', (text, expected) => {
    // Act
    const found = impurities('sample.ts', text);
    // Assess
    expect(found).toEqual([`1: ${expected}`]);
  });

  it('allows a date built from a value', () => {
    // Assess
    expect(impurities('sample.ts', "const d = new Date('2026-01-01T00:00:00Z');")).toEqual([]);
  });
});
