#!/usr/bin/env node
// Runs every test suite (vitest unit tests, then the lit suite with LLVM's lit
// and FileCheck) and prints one closing line: `tests: N passed, M failed`.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const llvmBin = process.env.LLVM_BIN ?? '/usr/lib/llvm-22/bin';
let passed = 0;
let failed = 0;

// vitest: read counts from its JSON report.
{
  const dir = mkdtempSync(join(tmpdir(), 'npuc-vitest-'));
  const report = join(dir, 'report.json');
  const r = spawnSync('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`], {
    stdio: 'inherit',
  });
  if (existsSync(report)) {
    const json = JSON.parse(readFileSync(report, 'utf8'));
    passed += json.numPassedTests;
    failed += json.numFailedTests + (json.numTotalTestSuites > 0 && json.success === false && json.numFailedTests === 0 ? 1 : 0);
  } else {
    console.error(`vitest produced no report (exit ${r.status})`);
    failed += 1;
  }
  rmSync(dir, { recursive: true, force: true });
}

// lit: count results from its summary.
{
  const lit = existsSync(join(llvmBin, 'lit')) ? join(llvmBin, 'lit') : 'lit';
  const r = spawnSync(lit, ['-sv', 'test/lit'], { encoding: 'utf8' });
  process.stdout.write(r.stdout ?? '');
  process.stderr.write(r.stderr ?? '');
  if (r.error) {
    console.error(`cannot run lit: ${r.error.message}`);
    failed += 1;
  } else {
    const count = (label) => {
      const m = new RegExp(`^\\s*${label}\\s*:\\s*(\\d+)`, 'm').exec(r.stdout ?? '');
      return m ? Number(m[1]) : 0;
    };
    passed += count('Passed') + count('Expectedly Failed');
    failed += count('Failed') + count('Unexpectedly Passed') + count('Unresolved') + count('Timed Out');
    if (r.status !== 0 && count('Failed') === 0 && count('Unresolved') === 0) failed += 1;
  }
}

console.log(`tests: ${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
