// After `tsup`: each built declaration file names only the types it uses from outside TypeScript's own
// library, so that a package whose declarations need no Node types does not make its users install them.
// - a file that uses Node's modules or globals (`node:http`, `NodeJS.*`, `Buffer`) gets
//   `/// <reference types="node" />` (under TypeScript 6's default `types: []` nothing else would load
//   `@types/node`, a peer of the packages whose main entry needs it);
// - a file that uses only `Symbol.asyncDispose` gets `/// <reference lib="esnext.disposable" />`, which
//   TypeScript itself ships.
// Run from a package folder: `tsup && node ../../scripts/declarationReferences.ts`.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const NODE_TYPES = '/// <reference types="node" />';
const DISPOSABLE = '/// <reference lib="esnext.disposable" />';
const USES_NODE = /from 'node:|\bNodeJS\.|\bBuffer\b/;

const declarations = readdirSync('dist', { recursive: true, encoding: 'utf8' })
  .filter((name) => name.endsWith('.d.ts'))
  .map((name) => join('dist', name));

for (const file of declarations) {
  const text = readFileSync(file, 'utf8');
  const reference = USES_NODE.test(text)
    ? NODE_TYPES
    : text.includes('Symbol.asyncDispose')
      ? DISPOSABLE
      : '';
  if (reference && !text.startsWith(reference)) writeFileSync(file, `${reference}\n${text}`);
}
