#!/usr/bin/env node
// Regenerates the disassembly fixtures of test/lit/blob/disasm: for each
// `<name>.mlir` there, compiles it for ethos-u55 and writes `npuc inspect
// --cost` of the blob to `<name>.disasm`, exactly as the lit test's RUN lines
// do (same file names, run from a scratch directory). Review the diff.
// Usage: npm run update-fixtures

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dir = join(repo, 'test', 'lit', 'blob', 'disasm');
const npuc = join(repo, 'bin', 'npuc');

function run(args, cwd) {
  const r = spawnSync(npuc, args, { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`npuc ${args.join(' ')} failed:\n${r.stderr}`);
  return r.stdout;
}

for (const file of readdirSync(dir).filter((f) => f.endsWith('.mlir')).sort()) {
  const name = file.slice(0, -'.mlir'.length);
  const scratch = mkdtempSync(join(tmpdir(), 'npuc-fixture-'));
  try {
    run(['compile', join(dir, file), '--target', 'ethos-u55', '-o', `${name}.npub`], scratch);
    writeFileSync(join(dir, `${name}.disasm`), run(['inspect', `${name}.npub`, '--cost'], scratch));
    console.log(`wrote test/lit/blob/disasm/${name}.disasm`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
