// The npuc command line, run as a child process: exit codes (0 success, 1 bad
// input or failed verification, 2 usage error), located diagnostics without
// stack traces, --version and help, atomic -o output, stdin input.

import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, openSync, readFileSync, readSync, readdirSync, closeSync, rmSync, symlinkSync, writeFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = join(root, 'bin', 'npuc');
let dir = '';

function npuc(args: string[], input?: string): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: dir, input, encoding: 'utf8', env: { ...process.env, NPUC_DEBUG: '' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const good = `func.func @f(%x: i32) -> i32 {
  %c0 = arith.constant 0 : i32
  %y = arith.addi %x, %c0 : i32
  return %y : i32
}
`;
const parseError = `func.func @f(%x: i32) -> i32 {
  %y = arith.addi %x, : i32
  return %y : i32
}
`;
const verifyError = `func.func @f(%x: i32) -> i64 {
  return %x : i32
}
`;

/** No JavaScript stack trace lines. */
const noStack = (s: string): void => {
  expect(s).not.toMatch(/^\s+at /m);
  expect(s).not.toContain('internal error');
};

beforeAll(() => {
  // The CLI runs the compiled library: build it from the current sources.
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const r = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.json')], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`build failed:\n${r.stdout}${r.stderr}`);
  dir = mkdtempSync(join(tmpdir(), 'npuc-cli-'));
  writeFileSync(join(dir, 'good.mlir'), good);
  writeFileSync(join(dir, 'parse-error.mlir'), parseError);
  writeFileSync(join(dir, 'verify-error.mlir'), verifyError);
}, 120_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('npuc exit codes and diagnostics', () => {
  it('exits 0 and prints the module on success', () => {
    const r = npuc(['opt', 'good.mlir', '-p', 'canonicalize']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('module {\n  func.func @f(%arg0: i32) -> i32 {\n    return %arg0 : i32\n  }\n}\n');
  });

  it('exits 1 on a parse error, with file:line:col and no stack trace', () => {
    const r = npuc(['opt', 'parse-error.mlir']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^parse-error\.mlir:2:\d+: error: /);
    expect(r.stderr).toContain('  %y = arith.addi %x, : i32\n');
    noStack(r.stderr);
  });

  it('exits 1 on a verification error, pointing at the op', () => {
    const r = npuc(['opt', 'verify-error.mlir']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^verify-error\.mlir:2:3: error: 'func\.return' op type of return operand 0 \(i32\) doesn't match function result type \(i64\)/);
    noStack(r.stderr);
  });

  it('exits 1 on an op that misses a required attribute, without crashing the verifier', () => {
    const r = npuc(['opt', '-'], 'func.func @f() -> i32 {\n  %0 = "arith.constant"() : () -> i32\n  return %0 : i32\n}\n');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^<stdin>:2:8: error: 'arith\.constant' op requires attribute 'value'/);
    noStack(r.stderr);
  });

  it('exits 1 when the input file does not exist', () => {
    const r = npuc(['opt', 'missing.mlir']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("error: cannot read 'missing.mlir'");
    noStack(r.stderr);
  });

  it('exits 1 when a pass pipeline fails (test-convergence)', () => {
    const r = npuc(['opt', 'good.mlir', '-p', 'canonicalize{max-iterations=1 test-convergence=true}']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error: canonicalizer failed to converge');
  });

  it.each([
    [['opt', 'good.mlir', '--no-such-flag']],
    [['opt', 'good.mlir', '-p', 'no-such-pass']],
    [['opt', 'good.mlir', '-p', 'canonicalize{max-iterations=1']],
    [['opt', 'good.mlir', '-p', 'cse{nope=1}']],
    [['opt', 'good.mlir', '-p', 'cse,']],
    [['opt', 'good.mlir', '-p', 'cse cse']],
    [['no-such-command']],
    [[]],
  ])('exits 2 on a usage error: npuc %j', (args) => {
    const r = npuc(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).not.toBe('');
    noStack(r.stderr);
  });

  it('names the unknown pass', () => {
    expect(npuc(['opt', 'good.mlir', '-p', 'no-such-pass']).stderr).toContain("unknown pass 'no-such-pass'");
  });

  it('prints the package.json version', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    const r = npuc(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(pkg.version);
  });

  it('help exits 0', () => {
    const r = npuc(['help']);
    expect(r.code).toBe(0);
    expect(r.stdout + r.stderr).toContain('opt');
    const sub = npuc(['help', 'opt']);
    expect(sub.code).toBe(0);
    expect(sub.stdout).toContain('--pass-pipeline');
    expect(npuc(['opt', '--help']).code).toBe(0);
  });

  it('--list-passes exits 0 without reading input', () => {
    const r = npuc(['opt', '--list-passes'], '');
    expect(r.code).toBe(0);
    for (const p of ['canonicalize', 'cse', 'dce', 'symbol-dce']) expect(r.stdout).toContain(`  ${p} `);
  });
});

describe('npuc input and output', () => {
  it('reads stdin with - and without a file argument', () => {
    const a = npuc(['opt', '-'], good);
    const b = npuc(['opt'], good);
    const c = npuc(['opt', 'good.mlir']);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(c.stdout);
    expect(b.stdout).toBe(c.stdout);
  });

  it('reports stdin errors as <stdin>', () => {
    const r = npuc(['opt', '-'], parseError);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^<stdin>:2:\d+: error: /);
  });

  it('-o writes the file, and only the file, leaving no temporary behind', () => {
    const sub = join(dir, 'out1');
    mkdirSync(sub);
    const r = npuc(['opt', 'good.mlir', '-p', 'canonicalize', '-o', join(sub, 'out.mlir')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(readFileSync(join(sub, 'out.mlir'), 'utf8')).toBe(npuc(['opt', 'good.mlir', '-p', 'canonicalize']).stdout);
    expect(readdirSync(sub)).toEqual(['out.mlir']);
  });

  it('-o does not create the file when the input is bad', () => {
    const sub = join(dir, 'out2');
    mkdirSync(sub);
    for (const bad of ['parse-error.mlir', 'verify-error.mlir']) {
      const r = npuc(['opt', bad, '-o', join(sub, 'out.mlir')]);
      expect(r.code).toBe(1);
      expect(readdirSync(sub)).toEqual([]);
    }
  });

  it('-o does not overwrite an existing file when the input or the pipeline is bad', () => {
    const out = join(dir, 'keep.mlir');
    writeFileSync(out, 'previous contents\n');
    expect(npuc(['opt', 'parse-error.mlir', '-o', out]).code).toBe(1);
    expect(npuc(['opt', 'good.mlir', '-p', 'no-such-pass', '-o', out]).code).toBe(2);
    expect(npuc(['opt', 'good.mlir', '-p', 'canonicalize{max-iterations=1 test-convergence=1}', '-o', out]).code).toBe(1);
    expect(readFileSync(out, 'utf8')).toBe('previous contents\n');
    // A successful run replaces it.
    expect(npuc(['opt', 'good.mlir', '-o', out]).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('func.func @f');
  });

  it('-o through a symlink replaces the target and keeps the link', () => {
    const target = join(dir, 'target.mlir');
    const link = join(dir, 'link.mlir');
    writeFileSync(target, 'old\n');
    symlinkSync(target, link);
    expect(npuc(['opt', 'good.mlir', '-o', link]).code).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(target, 'utf8')).toContain('func.func @f');
  });

  it('-o to a pipe writes into it instead of replacing it', () => {
    const fifo = join(dir, 'fifo');
    const mk = spawnSync('mkfifo', [fifo]);
    if (mk.status !== 0) return; // no mkfifo here
    // Opened read-write so that the writer never blocks waiting for a reader.
    const fd = openSync(fifo, 'r+');
    try {
      expect(npuc(['opt', 'good.mlir', '-o', fifo]).code).toBe(0);
      expect(statSync(fifo).isFIFO()).toBe(true);
      const buf = Buffer.alloc(4096);
      const n = readSync(fd, buf, 0, buf.length, null);
      expect(buf.subarray(0, n).toString('utf8')).toContain('func.func @f');
    } finally {
      closeSync(fd);
    }
  });

  it('with --split-input-file, a bad chunk fails the run but the good ones still print', () => {
    const r = npuc(['opt', '-', '--split-input-file'], `${good}// -----\n${verifyError}// -----\n${good}`);
    expect(r.code).toBe(1);
    expect(r.stdout.match(/func\.func @f/g)?.length).toBe(2);
    // The error is reported at its line in the whole file.
    expect(r.stderr).toMatch(/^<stdin>:8:3: error: 'func\.return' op/);
  });

  it('--verify-diagnostics exits 0 when the expected diagnostics occur and 1 otherwise', () => {
    const annotated = verifyError.replace('  return %x : i32', "  // expected-error @+1 {{doesn't match function result type}}\n  return %x : i32");
    expect(npuc(['opt', '-', '--verify-diagnostics'], annotated).code).toBe(0);
    const wrong = annotated.replace("doesn't match", 'matches');
    const r = npuc(['opt', '-', '--verify-diagnostics'], wrong);
    expect(r.code).toBe(1);
    noStack(r.stderr);
  });

  it('does not leave files behind when the output directory does not exist', () => {
    const r = npuc(['opt', 'good.mlir', '-o', join(dir, 'no-such-dir', 'out.mlir')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('cannot write');
    noStack(r.stderr);
    expect(existsSync(join(dir, 'no-such-dir'))).toBe(false);
  });
});
