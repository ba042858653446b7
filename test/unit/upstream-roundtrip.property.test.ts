// Property: npuc's printed IR means the same thing to upstream MLIR. Random
// modules (see support/random-ir.ts) printed by npuc with locations are read
// by upstream mlir-opt, which must accept them silently; its re-print, generic
// and pretty (with its own aliases), reads back in npuc as the same module.
// Skipped when mlir-opt is not installed.

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseModule, printOp } from '../../src/index.js';
import { buildModule, modulePlanArb } from './support/random-ir.js';

const candidate = join(process.env.LLVM_BIN ?? '/usr/lib/llvm-22/bin', 'mlir-opt');
const mlirOpt = existsSync(candidate) ? candidate : null;
const runs = Math.max(10, Math.floor(Number(process.env.NPUC_PROPERTY_RUNS ?? 300) / 5));

function upstream(text: string, args: string[]): string {
  const r = spawnSync(mlirOpt!, ['--allow-unregistered-dialect', '--mlir-print-debuginfo', ...args, '-'], { input: text, encoding: 'utf8' });
  if (r.status !== 0 || r.stderr) throw new Error(`mlir-opt failed (${r.status}):\n${r.stderr}\non:\n${text}`);
  return r.stdout;
}

describe.skipIf(!mlirOpt)('random IR through upstream mlir-opt', () => {
  it('upstream accepts npuc output and its re-print reads back as the same module', () => {
    fc.assert(
      fc.property(modulePlanArb, fc.boolean(), (plans, generic) => {
        // MLIR's parser rejects labeled blocks without operations: give each one an op.
        const module = buildModule(plans, { nonEmptyBlocks: true });
        const text = printOp(module, { debugInfo: true, generic });
        const expected = printOp(module, { debugInfo: true });
        expect(printOp(parseModule(upstream(text, ['--mlir-print-op-generic'])), { debugInfo: true })).toBe(expected);
        expect(printOp(parseModule(upstream(text, [])), { debugInfo: true })).toBe(expected);
      }),
      { numRuns: runs },
    );
  }, 120_000);
});
