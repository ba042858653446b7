// Printing is a fixed point: for every `// -----` chunk of every .mlir file
// under test/lit that parses and verifies (unregistered ops allowed), printing
// what was parsed, parsing that and printing again gives the same text, in
// pretty and generic form, with and without locations.

import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DiagnosticError, parseModule, printOp, verify, type Operation, type PrintOptions } from '../../src/index.js';

const litRoot = join(dirname(fileURLToPath(import.meta.url)), '..', 'lit');

/** .mlir files under test/lit, skipping lit's Output directories (generated, some very large). */
function litFiles(): string[] {
  const entries = readdirSync(litRoot, { recursive: true, encoding: 'utf8' });
  return entries
    .filter((p) => p.endsWith('.mlir') && !p.split(/[\\/]/).includes('Output'))
    .sort()
    .map((p) => join(litRoot, p));
}

/** Splits on `// -----` lines, as --split-input-file does. */
function chunksOf(text: string): string[] {
  return text.split(/^[ \t]*\/\/ -----.*$/m);
}

/** Parses and verifies `text`; null when it is not valid IR (error tests). */
function parseValid(text: string, file: string): Operation | null {
  let module: Operation;
  try {
    module = parseModule(text, { file });
  } catch (e) {
    if (e instanceof DiagnosticError) return null;
    throw e;
  }
  return verify(module, { allowUnregistered: true }).length === 0 ? module : null;
}

const modes: [string, PrintOptions][] = [
  ['pretty', {}],
  ['generic', { generic: true }],
  ['pretty with locations', { debugInfo: true }],
  ['generic with locations', { generic: true, debugInfo: true }],
];

const files = litFiles();
let validChunks = 0;

describe('print(parse(x)) is a fixed point on the lit tests', () => {
  it('finds the lit tests', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  for (const file of files) {
    const name = relative(litRoot, file);
    const chunks = chunksOf(readFileSync(file, 'utf8'));
    chunks.forEach((chunk, index) => {
      const module = parseValid(chunk, name);
      if (!module) return;
      validChunks++;
      for (const [mode, opts] of modes) {
        it(`${name} chunk ${index + 1}: ${mode}`, () => {
          const once = printOp(module, opts);
          const reparsed = parseValid(once, `${name}.printed`);
          expect(reparsed, `printed form does not parse and verify:\n${once}`).not.toBeNull();
          const twice = printOp(reparsed!, opts);
          expect(twice).toBe(once);
          // And a third time from the second print: nothing drifts.
          const thrice = printOp(parseValid(twice, `${name}.printed2`)!, opts);
          expect(thrice).toBe(twice);
        });
      }
    });
  }

  it('covers many chunks', () => {
    expect(validChunks).toBeGreaterThan(50);
  });
});
