// Blobs end to end through the library drivers and the `npuc` CLI: compile
// to a `.npub` (from onnx, tosa and partitioned nir inputs), run it, inspect
// it (text, JSON, cost), golden + check with exit codes, JUnit and JSON
// reports, `npuc targets`; and every bad input: a file that is not a blob,
// wrong-shape and wrong-dtype inputs, missing and unknown inputs, a blob to
// stdout without `-o -`, a target without a backend, a modified golden
// directory, device outputs of the wrong shape. Errors are `file: error:
// ...` and exit 1 (usage errors exit 2), never a stack trace, and leave no
// output file.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleModel } from '../../examples/example-model.js';
import { readBlob } from '../../src/codegen/blob.js';
import { emitsBlob } from '../../src/driver/compile.js';
import { inspectBlobFile } from '../../src/driver/inspect.js';
import { runBlobFile } from '../../src/driver/run-blob.js';
import { annotateDisassembly } from '../../src/driver/disassembly.js';
import { errorOf } from './support/diagnostic-text.js';
import { Tensor } from '../../src/ir/tensor.js';
import { FloatType, IntegerType } from '../../src/ir/types.js';
import { readNpy, writeNpy } from '../../src/runtime/npy.js';
import { backendNames, lookupBackend } from '../../src/targets/backends.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = join(root, 'bin', 'npuc');
const convRelu = join(root, 'test', 'lit', 'blob', 'Inputs', 'conv-relu.mlir');
const i8 = IntegerType.get(8);
const f32 = FloatType.get('f32');
let dir = '';
const p = (...parts: string[]): string => join(dir, ...parts);

function npuc(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, NPUC_DEBUG: '' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}


const hasBackend = lookupBackend('ethos-u55') !== undefined;

beforeAll(() => {
  // The CLI runs the compiled library: build it from the current sources.
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const r = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.json')], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`build failed:\n${r.stdout}${r.stderr}`);
  dir = mkdtempSync(join(tmpdir(), 'npuc-cli-blob-'));
  writeFileSync(p('example.onnx'), exampleModel().bytes);
  // x: the conv-relu input (i8 1x2x4x4), values -16..15.
  writeFileSync(p('x.npy'), writeNpy(new Tensor([1, 2, 4, 4], i8, Int8Array.from({ length: 32 }, (_, i) => i - 16))));
  writeFileSync(p('x-2x4.npy'), writeNpy(new Tensor([2, 4], i8, new Int8Array(8))));
  writeFileSync(p('x-f32.npy'), writeNpy(new Tensor([1, 2, 4, 4], f32, new Float32Array(32))));
  writeFileSync(p('not-a-blob.npub'), 'this is not a blob\n');
}, 180_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('compile to a blob: when and where', () => {
  it('a .npub output or --emit blob selects the blob; an explicit --emit keeps text', () => {
    expect(emitsBlob(undefined, 'm.npub')).toBe(true);
    expect(emitsBlob(undefined, 'M.NPUB')).toBe(true);
    expect(emitsBlob('blob', undefined)).toBe(true);
    expect(emitsBlob(undefined, 'm.mlir')).toBe(false);
    expect(emitsBlob(undefined, undefined)).toBe(false);
    expect(emitsBlob('nir', 'm.npub')).toBe(false);
  });
  it('a blob to stdout needs -o -', () => {
    const r = npuc(['compile', convRelu, '--target', 'ethos-u55', '--emit', 'blob']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('npuc: error: a blob is binary: give -o FILE.npub (or -o - to write it to stdout)\n');
    expect(r.stdout).toBe('');
  });
  it('text --emit into a .npub file is a usage error', () => {
    const r = npuc(['compile', convRelu, '--target', 'ethos-u55', '--emit', 'tosa', '-o', 'text.npub']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("npuc: error: --emit tosa prints text, but -o 'text.npub' names a blob: drop --emit (or use --emit blob)\n");
    expect(existsSync(p('text.npub'))).toBe(false);
  });
  it('a target without a backend is a clear error and writes nothing', () => {
    const without = ['ethos-u55', 'rknpu', 'vipnano'].filter((t) => !backendNames().includes(t));
    expect(without.length).toBeGreaterThan(0);
    const t = without[0]!;
    const r = npuc(['compile', convRelu, '--target', t, '-o', 'nb.npub']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`${convRelu}: error: target '${t}' has no blob backend yet: it compiles to nir only (--emit nir); targets with a backend: ${backendNames().join(', ') || 'none'}\n`);
    expect(existsSync(p('nb.npub'))).toBe(false);
  });
  it('npuc targets says which targets have a blob backend', () => {
    const r = npuc(['targets']);
    expect(r.code).toBe(0);
    for (const t of ['ethos-u55', 'rknpu', 'vipnano']) {
      const block = r.stdout.slice(r.stdout.indexOf(`${t}: `)).split('\n\n')[0]!.trimEnd();
      expect(block.split('\n').pop()).toBe(`  blob backend:    ${backendNames().includes(t) ? 'yes (compile -o model.npub, run, inspect, golden, check)' : 'no (compiles to nir only)'}`);
    }
    const j = JSON.parse(npuc(['targets', '--json']).stdout) as { targets: { name: string; blobBackend: boolean }[] };
    expect(j.targets.map((t) => [t.name, t.blobBackend])).toEqual(['ethos-u55', 'rknpu', 'vipnano'].map((t) => [t, backendNames().includes(t)]));
  });
});

describe('annotated disassembly', () => {
  it('puts each operation\'s location on its summary line', () => {
    const text = '000000  00000001           NPU_OP_CONV\n; op 0: CONV ifm 1x4x4x2\n000004  00000005           NPU_OP_ELEMENTWISE\n; op 1: ELEMENTWISE ADD\n';
    expect(annotateDisassembly(text, ['loc("conv1")', ''])).toBe('000000  00000001           NPU_OP_CONV\n; op 0: CONV ifm 1x4x4x2  at loc("conv1")\n000004  00000005           NPU_OP_ELEMENTWISE\n; op 1: ELEMENTWISE ADD\n');
  });
  it('lists the locations after a listing without operation lines', () => {
    expect(annotateDisassembly('CMD a\nCMD b', ['loc("a")', ''])).toBe('CMD a\nCMD b\n; op 0: loc("a")\n; op 1: unknown location\n');
  });
});

describe.runIf(hasBackend)('blobs for ethos-u55', () => {
  it('compile -o writes a valid, deterministic blob recording compiler and options', () => {
    const a = npuc(['compile', convRelu, '--target', 'ethos-u55', '-o', 'a.npub']);
    expect(a.code, a.stderr).toBe(0);
    expect(a.stdout).toBe('');
    const bytes = readFileSync(p('a.npub'));
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('NPUB');
    const blob = readBlob(bytes, 'a.npub');
    expect(blob.target).toBe('ethos-u55');
    expect(blob.compiler).toMatch(/^npuc \d+\.\d+\.\d+/);
    expect(Object.fromEntries(blob.options)).toEqual({ 'cpu-fallback': 'true', target: 'ethos-u55' });
    expect(blob.segments.map((s) => s.kind)).toEqual(['cpu', 'npu', 'cpu']);
    expect(npuc(['compile', convRelu, '--target', 'ethos-u55', '--emit', 'blob', '-o', 'b.npub']).code).toBe(0);
    expect(readFileSync(p('b.npub')).equals(bytes)).toBe(true);
    // -o - writes the same bytes to stdout.
    const out = spawnSync(process.execPath, [bin, 'compile', convRelu, '--target', 'ethos-u55', '--emit', 'blob', '-o', '-'], { cwd: dir });
    expect(out.status).toBe(0);
    expect(Buffer.compare(out.stdout, bytes)).toBe(0);
  });

  it('a partitioned nir input skips what is done and gives the same blob', () => {
    const nir = npuc(['compile', convRelu, '--target', 'ethos-u55', '--emit', 'nir', '--print-debuginfo', '-o', 'a.nir.mlir']);
    expect(nir.code, nir.stderr).toBe(0);
    const r = npuc(['compile', 'a.nir.mlir', '--target', 'ethos-u55', '-o', 'from-nir.npub']);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(p('from-nir.npub')).equals(readFileSync(p('a.npub')))).toBe(true);
    const other = backendNames().find((t) => t !== 'ethos-u55');
    const wrong = npuc(['compile', 'a.nir.mlir', '--target', other ?? 'rknpu', '--emit', 'nir']);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toBe(`a.nir.mlir: error: the input was partitioned for target 'ethos-u55', not '${other ?? 'rknpu'}'\n`);
    const tosa = npuc(['compile', 'a.nir.mlir', '--target', 'ethos-u55', '--emit', 'tosa']);
    expect(tosa.code).toBe(1);
    expect(tosa.stderr).toBe('a.nir.mlir: error: cannot emit tosa: the input is already partitioned into NPU and CPU segments\n');
  });

  it('a tosa-level input gives the same blob as the onnx-level one', () => {
    expect(npuc(['compile', convRelu, '--target', 'ethos-u55', '--print-debuginfo', '-o', 'a.tosa.mlir']).code).toBe(0);
    expect(npuc(['compile', 'a.tosa.mlir', '--target', 'ethos-u55', '-o', 'from-tosa.npub']).code).toBe(0);
    expect(readFileSync(p('from-tosa.npub')).equals(readFileSync(p('a.npub')))).toBe(true);
  });

  it('run computes what the reference evaluator computes, printed or as .npy files', () => {
    // The reference is the target-legal tosa module (DOUBLE_ROUND on ethos-u55).
    expect(npuc(['compile', convRelu, '--target', 'ethos-u55', '-o', 'legal.mlir']).code).toBe(0);
    const ref = npuc(['run', 'legal.mlir', '-i', 'x=x.npy']);
    expect(ref.code, ref.stderr).toBe(0);
    const r = npuc(['run', 'a.npub', '--input', 'x=x.npy']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(ref.stdout);
    expect(r.stdout).toMatch(/^y: tensor<1x2x4x4xi8> = \[/);
    const d = npuc(['run', 'a.npub', '-i', 'x=x.npy', '--output-dir', 'out']);
    expect(d.code, d.stderr).toBe(0);
    expect(readdirSync(p('out'))).toEqual(['y.npy']);
    const viaLib = runBlobFile(p('a.npub'), { inputs: [`x=${p('x.npy')}`] });
    expect(Array.from(readNpy(readFileSync(p('out', 'y.npy'))).data as Int8Array)).toEqual(Array.from(viaLib.outputs[0]!.tensor.data as Int8Array));
  });

  it('run reports bad blobs and bad inputs as file: error, and writes nothing', () => {
    const run = (blob: string, inputs: string[]): string => errorOf(() => runBlobFile(p(blob), { inputs: inputs.map((i) => i.replace('=', `=${dir}/`)), outputDir: p('bad-out') }));
    expect(run('not-a-blob.npub', ['x=x.npy'])).toMatch(new RegExp(`^${p('not-a-blob.npub')}: error: not a valid npuc blob: .+`));
    expect(run('a.npub', ['x=x-2x4.npy'])).toBe(`${p('x-2x4.npy')}: error: input 'x' has shape [2, 4], expected [1, 2, 4, 4] (i8)`);
    expect(run('a.npub', ['x=x-f32.npy'])).toBe(`${p('x-f32.npy')}: error: input 'x' has element type f32, expected i8 (shape [1, 2, 4, 4])`);
    expect(run('a.npub', [])).toBe(`${p('a.npub')}: error: missing input: 'x' (i8 [1, 2, 4, 4]); give each with --input NAME=FILE`);
    expect(run('a.npub', ['x=x.npy', 'z=x.npy'])).toBe(`${p('a.npub')}: error: the blob has no input 'z' (inputs: 'x' (i8 [1, 2, 4, 4]))`);
    expect(run('a.npub', ['x=missing.npy'])).toBe(`${p('missing.npy')}: error: cannot read '${p('missing.npy')}': no such file`);
    expect(run('a.npub', ['x=not-a-blob.npub'])).toMatch(/not-a-blob\.npub: error: invalid TensorProto file: /);
    expect(run('nope.npub', ['x=x.npy'])).toBe(`${p('nope.npub')}: error: cannot read '${p('nope.npub')}': no such file`);
    expect(existsSync(p('bad-out'))).toBe(false);
    // Through the CLI: exit 1, the message, no stack trace, no output; flags for IR models are usage errors.
    const r = npuc(['run', 'a.npub', '-i', 'x=x-2x4.npy', '-d', 'bad-out']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("x-2x4.npy: error: input 'x' has shape [2, 4], expected [1, 2, 4, 4] (i8)\n");
    expect(existsSync(p('bad-out'))).toBe(false);
    const usage = npuc(['run', 'a.npub', '-i', 'x=x.npy', '--bind', 'w=x.npy']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toBe('npuc: error: --bind does not apply to a blob (a.npub)\n');
  });

  it('inspect prints the manifest and the annotated disassembly; --cost adds the tables', () => {
    const text = inspectBlobFile(p('a.npub'));
    expect(text).toContain(`${p('a.npub')}: npuc blob, format version 1, `);
    expect(text).toMatch(/^ {2}target: {4}ethos-u55$/m);
    expect(text).toMatch(/^ {2}options: {3}cpu-fallback=true target=ethos-u55$/m);
    expect(text).toMatch(/^sections \(\d+\):$/m);
    expect(text).toMatch(/COMMAND_STREAM/);
    expect(text).toMatch(/^ {2}#0 main_cpu0 \(cpu\)$/m);
    expect(text).toMatch(/^ {2}#1 main_npu1 \(npu\)$/m);
    expect(text).toMatch(/^segment main_npu1 \(npu, ethos-u55\): 1 operation, \d+ bytes of commands$/m);
    expect(text).toMatch(/^; op 0: CONV .* at loc\("conv1"\)$/m);
    expect(text).toMatch(/^segment main_cpu0 \(cpu\): tosa, run by the reference evaluator$/m);
    expect(text).toContain('tosa.transpose');
    expect(text).not.toContain('cost (');
    const cost = inspectBlobFile(p('a.npub'), { cost: true });
    expect(cost).toMatch(/^cost \(ethos-u55-128, .*\):$/m);
    expect(cost).toMatch(/^ {2}#  kind +location +MACs +compute +memory +total cycles +bytes$/m);
    // 1x4x4x2 output, 1x1 kernel over 2 input channels: 4*4*2 * 2 = 64 MACs.
    expect(cost).toMatch(/^ {2}0 +CONV +loc\("conv1"\) +64 /m);
    expect(cost).toMatch(/^ {2}estimated 0\.\d{3,} ms at 500 MHz$/m);
    expect(cost).toMatch(/^total over 1 NPU segment: \d+ cycles, estimated 0\.\d{3,} ms at 500 MHz \(CPU segments not counted\)$/m);
    const one = inspectBlobFile(p('a.npub'), { segment: 'main_cpu2' });
    expect(one).not.toContain('segment main_npu1 (npu');
    expect(one).toContain('segment main_cpu2 (cpu)');
    expect(errorOf(() => inspectBlobFile(p('a.npub'), { segment: 'main_npu9' }))).toBe(`${p('a.npub')}: error: no segment 'main_npu9' (segments: main_cpu0, main_npu1, main_cpu2)`);
  });

  it('inspect --json holds the manifest, the disassembly and the cost', () => {
    const r = npuc(['inspect', 'a.npub', '--json', '--cost']);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as {
      target: string;
      formatVersion: number;
      options: Record<string, string>;
      tensors: { name: string; dtype: string; shape: number[] }[];
      inputs: number[];
      segments: { name: string; kind: string; locations?: string[]; disassembly?: { commands: unknown[]; operations: unknown[] }; cost?: { total: { macs: number; totalCycles: number }; estimatedMs: number }; program?: string }[];
      totalCost: { cycles: number; estimatedMs: number };
    };
    expect(j.target).toBe('ethos-u55');
    expect(j.formatVersion).toBe(1);
    expect(j.options).toEqual({ 'cpu-fallback': 'true', target: 'ethos-u55' });
    expect(j.tensors[j.inputs[0]!]).toMatchObject({ name: 'x', dtype: 'i8', shape: [1, 2, 4, 4] });
    expect(j.segments.map((s) => [s.name, s.kind])).toEqual([
      ['main_cpu0', 'cpu'],
      ['main_npu1', 'npu'],
      ['main_cpu2', 'cpu'],
    ]);
    const npu = j.segments[1]!;
    expect(npu.locations).toEqual(['loc("conv1")']);
    expect(npu.disassembly!.operations).toHaveLength(1);
    expect(npu.cost!.total.macs).toBe(64);
    expect(j.totalCost.cycles).toBe(npu.cost!.total.totalCycles);
    expect(j.segments[0]!.program).toContain('tosa.transpose');
  });

  it('inspect of something that is not a blob is an error', () => {
    const r = npuc(['inspect', 'not-a-blob.npub']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^not-a-blob\.npub: error: not a valid npuc blob: .+\n$/);
  });

  it('golden and check through the CLI: exit codes, --json, --junit', () => {
    const g = npuc(['golden', 'example.onnx', '--target', 'ethos-u55', '--count', '2', '-o', 'gold']);
    expect(g.code, g.stderr).toBe(0);
    expect(g.stdout).toMatch(/^gold: model\.npub for ethos-u55 \(\d+ bytes, sha256 [0-9a-f]{16}\), 2 input sets, expected outputs verified against the target-legal tosa evaluation\n$/);
    const c = npuc(['check', 'gold', '--junit', 'report.xml']);
    expect(c.code, c.stderr).toBe(0);
    expect(c.stdout).toMatch(/^0 +output +256 +0 +0 +PASS$/m);
    expect(c.stdout).toMatch(/^1 +output +256 +0 +0 +PASS$/m);
    expect(c.stdout).toContain('PASS: 2 of 2 output tensors match');
    const xml = readFileSync(p('report.xml'), 'utf8');
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="npuc check gold" tests="2" failures="0" errors="0" time="0">/);
    expect(xml.match(/<testcase /g)).toHaveLength(2);
    expect(xml).not.toContain('<failure');

    // A device that got one element wrong (by one quantization step).
    mkdirSync(p('dev', '0'), { recursive: true });
    mkdirSync(p('dev', '1'), { recursive: true });
    const g0 = JSON.parse(readFileSync(p('gold', 'golden.json'), 'utf8')) as { sets: { outputs: { quantization: { scale: number[] } | null }[] }[] };
    const scale = g0.sets[0]!.outputs[0]!.quantization!.scale[0]!;
    const e0 = readNpy(readFileSync(p('gold', 'expected', '0', 'output.npy')));
    const wrong = Float32Array.from(e0.data as Float32Array);
    wrong[7] = Math.fround(wrong[7]! + 2 * scale);
    writeFileSync(p('dev', '0', 'output.npy'), writeNpy(new Tensor(e0.shape, f32, wrong)));
    writeFileSync(p('dev', '1', 'output.npy'), readFileSync(p('gold', 'expected', '1', 'output.npy')));
    const bad = npuc(['check', 'gold', '--outputs', 'dev', '--junit', 'report.xml', '--json']);
    expect(bad.code).toBe(1);
    const j = JSON.parse(bad.stdout) as { pass: boolean; sets: { outputs: { mismatches: number; maxErrorLsb: number; pass: boolean }[] }[] };
    expect(j.pass).toBe(false);
    expect(j.sets[0]!.outputs[0]!.mismatches).toBe(1);
    expect(j.sets[0]!.outputs[0]!.maxErrorLsb).toBeCloseTo(2, 4);
    expect(j.sets[1]!.outputs[0]!.pass).toBe(true);
    const report = readFileSync(p('report.xml'), 'utf8');
    expect(report).toContain('tests="2" failures="1"');
    expect(report).toMatch(/<failure type="mismatch" message="1 of 256 elements differ by more than 0 LSB \(max \|error\| 2(\.000)? LSB\)">/);
    expect(npuc(['check', 'gold', '--outputs', 'dev', '--tolerance', '2']).code).toBe(0);

    // Wrong shape from the device: an error naming the file, exit 1.
    writeFileSync(p('dev', '1', 'output.npy'), writeNpy(new Tensor([1, 4, 8], f32, new Float32Array(32))));
    const shape = npuc(['check', 'gold', '--outputs', 'dev', '--tolerance', '2']);
    expect(shape.code).toBe(1);
    expect(shape.stderr).toBe(`${join('dev', '1', 'output.npy')}: error: output 'output' has shape [1, 4, 8], expected [1, 4, 8, 8] (f32)\n`);
    expect(shape.stdout).toMatch(/^1 +output +256 +- +- +FAIL$/m);

    // A tampered golden directory.
    const inputFile = p('gold', 'inputs', '1', 'input.npy');
    const original = readFileSync(inputFile);
    const tampered = Buffer.from(original);
    tampered[tampered.length - 1] ^= 1;
    writeFileSync(inputFile, tampered);
    const t = npuc(['check', 'gold']);
    expect(t.code).toBe(1);
    expect(t.stderr).toMatch(new RegExp(`^${join('gold', 'inputs', '1', 'input.npy').replace(/\./g, '\\.')}: error: SHA-256 mismatch: golden\\.json records [0-9a-f]{64}, the file has [0-9a-f]{64} \\(the golden directory was modified\\)\\n$`));
    writeFileSync(inputFile, original);
    expect(npuc(['check', 'gold']).code).toBe(0);
  });

  it('golden and check usage errors exit 2', () => {
    expect(npuc(['golden', 'example.onnx', '--target', 'ethos-u55']).stderr).toBe('npuc: error: missing -o DIR (the golden directory to write)\n');
    expect(npuc(['golden', 'example.onnx', '--target', 'ethos-u55', '-o', 'g2', '--count', '0']).code).toBe(2);
    expect(npuc(['golden', 'example.onnx', '--target', 'ethos-u55', '-o', 'g2', '--inputs', 'dev', '--seed', '1']).code).toBe(2);
    expect(npuc(['check', 'gold', '--tolerance', 'x']).stderr).toBe("npuc: error: invalid --tolerance 'x': expected an integer >= 0\n");
    expect(existsSync(p('g2'))).toBe(false);
  });
});
