// The golden workflow: tensor comparison in LSBs (expected counts and
// maxima worked out by hand on small arrays), `npuc check` on golden
// directories built by hand (device outputs right, off by some LSBs,
// missing, of the wrong shape or dtype; a modified golden directory), and
// `npuc golden` end to end on the bundled example model compiled for
// ethos-u55: files, golden.json, determinism, atomicity, and `check`
// re-running the blob.

import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleModel } from '../../examples/example-model.js';
import { runCheck, formatCheck, checkErrors, checkJson } from '../../src/driver/check.js';
import { compareData, lsbUnitFor, ulpOf } from '../../src/driver/compare.js';
import { GOLDEN_FORMAT, type GoldenJson } from '../../src/driver/golden.js';
import { runGolden, verifyChain } from '../../src/driver/golden.js';
import { parseModule } from '../../src/ir/parser.js';
import { evalFunction, functionsOf } from '../../src/ir/interpreter.js';
import { SeededRandom, floatInputRange, randomTensor } from '../../src/driver/random-inputs.js';
import { modelQuantization } from '../../src/driver/quant-ranges.js';
import { compile } from '../../src/driver/compile.js';
import { sha256 } from '../../src/driver/tensor-files.js';
import { errorOf } from './support/diagnostic-text.js';
import { Tensor } from '../../src/ir/tensor.js';
import { FloatType, IntegerType } from '../../src/ir/types.js';
import { readNpy, writeNpy } from '../../src/runtime/npy.js';
import { lookupBackend } from '../../src/targets/backends.js';

const i8 = IntegerType.get(8);
const f32 = FloatType.get('f32');
let dir = '';
const p = (...parts: string[]): string => join(dir, ...parts);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'npuc-golden-'));
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});


describe('compareData', () => {
  const int = lsbUnitFor('i8');
  it('counts mismatches and the largest error of integers exactly', () => {
    // differences: 0, 1, -3, 0, 2 -> max 3; beyond 0: 3 elements; beyond 1: 2; beyond 2: 1; beyond 3: none.
    const e = Int8Array.from([10, -5, 7, 0, -128]);
    const a = Int8Array.from([10, -4, 4, 0, -126]);
    expect(compareData(e, a, 0, int)).toEqual({ elements: 5, mismatches: 3, maxErrorLsb: 3, firstMismatch: 1 });
    expect(compareData(e, a, 1, int)).toEqual({ elements: 5, mismatches: 2, maxErrorLsb: 3, firstMismatch: 2 });
    expect(compareData(e, a, 2, int).mismatches).toBe(1);
    expect(compareData(e, a, 3, int)).toEqual({ elements: 5, mismatches: 0, maxErrorLsb: 3, firstMismatch: null });
    expect(compareData(e, Int8Array.from(e), 0, int)).toEqual({ elements: 5, mismatches: 0, maxErrorLsb: 0, firstMismatch: null });
  });
  it('spans the whole int8 range without overflow', () => {
    expect(compareData(Int8Array.from([-128]), Int8Array.from([127]), 0, int).maxErrorLsb).toBe(255);
    expect(compareData(Uint8Array.from([0, 255]), Uint8Array.from([255, 0]), 254, lsbUnitFor('ui8')).mismatches).toBe(2);
  });
  it('int64 values compare as integers', () => {
    const r = compareData(BigInt64Array.from([1n << 60n, 5n]), BigInt64Array.from([(1n << 60n) + 2n, 5n]), 1, lsbUnitFor('i64'));
    expect(r).toEqual({ elements: 2, mismatches: 1, maxErrorLsb: 2, firstMismatch: 0 });
  });
  it('measures dequantized floats in steps of their scale', () => {
    // scale 0.5: errors 0.5 -> 1 LSB, 1.5 -> 3 LSB.
    const unit = lsbUnitFor('f32', 0.5);
    const r = compareData(Float32Array.from([1, 2, -3]), Float32Array.from([1.5, 2, -1.5]), 1, unit);
    expect(r).toEqual({ elements: 3, mismatches: 1, maxErrorLsb: 3, firstMismatch: 2 });
    // scale 0.1 (not exact in float32): (5 - 3) * s against (4 - 3) * s is one step, not 1.0000000x.
    const s = Math.fround(0.1);
    const one = compareData(Float32Array.from([Math.fround(2 * s)]), Float32Array.from([Math.fround(Math.fround(2 * s) + s)]), 1, lsbUnitFor('f32', s));
    expect(one).toEqual({ elements: 1, mismatches: 0, maxErrorLsb: 1, firstMismatch: null });
    // A fraction of a step stays a fraction.
    expect(compareData(Float32Array.from([0]), Float32Array.from([0.25]), 0, lsbUnitFor('f32', 0.5)).maxErrorLsb).toBe(0.5);
  });
  it('measures other floats in ulps of the expected value', () => {
    expect(ulpOf(1, 'f32')).toBe(2 ** -23);
    expect(ulpOf(3, 'f32')).toBe(2 ** -22);
    expect(ulpOf(0, 'f32')).toBe(2 ** -149);
    expect(ulpOf(1, 'f16')).toBe(2 ** -10);
    expect(ulpOf(2, 'f64')).toBe(2 ** -51);
    const next = Math.fround(1 + 2 ** -23);
    const r = compareData(Float32Array.from([1, 1]), Float32Array.from([next, 1 + 2 ** -21]), 0, lsbUnitFor('f32'));
    expect(r).toEqual({ elements: 2, mismatches: 2, maxErrorLsb: 4, firstMismatch: 0 });
  });
  it('NaN equals NaN; NaN against a number is an infinite error', () => {
    const r = compareData(Float32Array.from([NaN, NaN, Infinity]), Float32Array.from([NaN, 0, Infinity]), 1000, lsbUnitFor('f32'));
    expect(r).toEqual({ elements: 3, mismatches: 1, maxErrorLsb: Infinity, firstMismatch: 1 });
  });
});

describe('random inputs', () => {
  it('are reproducible from the seed and cover the dtype range', () => {
    const a = randomTensor(new SeededRandom(5), 'i8', [4096]);
    const b = randomTensor(new SeededRandom(5), 'i8', [4096]);
    const c = randomTensor(new SeededRandom(6), 'i8', [4096]);
    expect(Array.from(a.data as Int8Array)).toEqual(Array.from(b.data as Int8Array));
    expect(Array.from(a.data as Int8Array)).not.toEqual(Array.from(c.data as Int8Array));
    const v = Array.from(a.data as Int8Array);
    expect(Math.min(...v)).toBe(-128);
    expect(Math.max(...v)).toBe(127);
    const u = Array.from(randomTensor(new SeededRandom(1), 'ui8', [4096]).data as Uint8Array);
    expect([Math.min(...u), Math.max(...u)]).toEqual([0, 255]);
  });
  it('floats are in [-1, 1), or the range a known quantization represents', () => {
    const f = Array.from(randomTensor(new SeededRandom(2), 'f32', [2000]).data as Float32Array);
    expect(f.every((x) => x >= -1 && x < 1)).toBe(true);
    expect(Math.min(...f)).toBeLessThan(-0.99);
    // int8 with zero point -28: [(-128 + 28) * 0.25, (127 + 28) * 0.25] = [-25, 38.75]
    expect(floatInputRange({ scale: [0.25], zeroPoint: [-28], axis: 0 })).toEqual([-25, 38.75]);
    expect(floatInputRange(null)).toEqual([-1, 1]);
    const q = Array.from(randomTensor(new SeededRandom(2), 'f32', [2000], [-25, 38.75]).data as Float32Array);
    expect(q.every((x) => x >= -25 && x <= 38.75)).toBe(true);
    expect(Math.min(...q)).toBeLessThan(-24);
    expect(Math.max(...q)).toBeGreaterThan(38);
  });
});

describe('quantization recovered from the tosa module', () => {
  it('finds the example model\'s input range and output scale', () => {
    const file = p('example-q.onnx');
    writeFileSync(file, exampleModel().bytes);
    const m = compile(file, { target: 'ethos-u55' }).module;
    const q = modelQuantization(m);
    // QuantizeLinear(input) at scale 1/127.563766, zero point -1 -> int8 [-128, 127].
    expect(q.inputRanges).toHaveLength(1);
    const [lo, hi] = q.inputRanges[0]!;
    const inv = Math.fround(127.563766);
    expect(lo).toBeCloseTo((-128 + 1) / inv, 6);
    expect(hi).toBeCloseTo((127 + 1) / inv, 6);
    // DequantizeLinear(output): (q + 33) * 0.018309148.
    expect(q.outputs).toHaveLength(1);
    expect(q.outputs[0]!.zeroPoint).toBe(-33);
    expect(q.outputs[0]!.scale).toBeCloseTo(0.018309148, 8);
  });
  it('finds nothing in a module without quantize or dequantize steps', () => {
    const file = p('plain.mlir');
    writeFileSync(file, 'func.func @main(%a: tensor<4xf32>) -> tensor<4xf32> {\n  %0 = tosa.exp %a : (tensor<4xf32>) -> tensor<4xf32>\n  return %0 : tensor<4xf32>\n}\n');
    const q = modelQuantization(compile(file, { target: 'ethos-u55' }).module);
    expect(q).toEqual({ inputRanges: [null], outputs: [null] });
  });
});

describe('the verification chain', () => {
  const convRelu = join(dirname(fileURLToPath(import.meta.url)), '..', 'lit', 'blob', 'Inputs', 'conv-relu.mlir');
  const outputs = [{ name: 'y', dtype: 'i8' as const, shape: [1, 2, 4, 4], quantization: null, placement: null }];
  const x = new Tensor([1, 2, 4, 4], i8, Int8Array.from({ length: 32 }, (_, i) => 3 * i - 40));
  it('passes when tosa, nir and the blob agree, and names the link that broke', () => {
    const c = compile(convRelu, { target: 'ethos-u55', emit: 'nir', keepStages: true });
    const nir = c.nirModule!;
    const tosa = c.tosaModule!;
    const y = evalFunction(functionsOf(nir).get('main')!, [x])[0] as Tensor;
    const ok = [{ name: 'y', tensor: y }];
    expect(() => verifyChain('m.mlir', 0, [x], ok, outputs, tosa, nir)).not.toThrow();
    const off = Int8Array.from(y.data as Int8Array);
    off[5] = off[5]! + 1;
    off[9] = off[9]! - 1;
    const bad = [{ name: 'y', tensor: new Tensor(y.shape, i8, off) }];
    expect(errorOf(() => verifyChain('m.mlir', 2, [x], bad, outputs, tosa, nir))).toBe(
      `m.mlir: error: internal error: the verification chain broke between the nir module and the blob (the target encoder and executor disagree) on input set 2: output 'y' differs at 2 of 32 elements (first at index 5: ${y.data[5]} against ${off[5]}) (please report this with the model)`,
    );
    const identity = parseModule('func.func @main(%x: tensor<1x2x4x4xi8>) -> tensor<1x2x4x4xi8> {\n  return %x : tensor<1x2x4x4xi8>\n}\n', { file: 'id.mlir' });
    expect(errorOf(() => verifyChain('m.mlir', 0, [x], ok, outputs, identity, nir))).toMatch(
      /^m\.mlir: error: internal error: the verification chain broke between the target-legal tosa module and its nir lowering \(partition, lower-to-nir\) on input set 0: output 'y' differs at \d+ of 32 elements/,
    );
  });
});

// ---------------------------------------------------------------------------
// check on hand-made golden directories (device outputs; the blob is only
// hashed in that mode, so any bytes do).

const npy = (shape: number[], values: number[], et: IntegerType | FloatType = i8): Uint8Array => writeNpy(new Tensor(shape, et, et === i8 ? Int8Array.from(values) : Float32Array.from(values)));

/** A golden directory with one or more sets: input `x` (i8 [4]) and outputs `y` (i8 [2, 3]) and `z` (f32 [2], scale 0.5). */
function makeGolden(name: string, sets: { y: number[]; z: number[] }[]): string {
  const root = p(name);
  mkdirSync(root, { recursive: true });
  const blob = new TextEncoder().encode('not parsed in device mode');
  writeFileSync(join(root, 'model.npub'), blob);
  const g: GoldenJson = {
    format: GOLDEN_FORMAT,
    formatVersion: 1,
    npuc: '0.1.0',
    target: 'ethos-u55',
    model: 'hand.onnx',
    options: {},
    inputs: { source: 'random', seed: 0 },
    blob: { file: 'model.npub', size: blob.length, sha256: sha256(blob) },
    sets: [],
  };
  sets.forEach((s, k) => {
    const files: [string, Uint8Array][] = [
      [`inputs/${k}/x.npy`, npy([4], [1, 2, 3, k])],
      [`expected/${k}/y.npy`, npy([2, 3], s.y)],
      [`expected/${k}/z.npy`, npy([2], s.z, f32)],
    ];
    for (const [rel, bytes] of files) {
      mkdirSync(join(root, rel, '..'), { recursive: true });
      writeFileSync(join(root, rel), bytes);
    }
    const entry = (name: string, rel: string, dtype: string, shape: number[], bytes: Uint8Array, quantization?: GoldenJson['sets'][0]['outputs'][0]['quantization']) => ({ name, file: rel, dtype, shape, sha256: sha256(bytes), ...(quantization !== undefined ? { quantization } : {}) });
    g.sets.push({
      inputs: [entry('x', files[0]![0], 'i8', [4], files[0]![1])],
      outputs: [entry('y', files[1]![0], 'i8', [2, 3], files[1]![1], null), entry('z', files[2]![0], 'f32', [2], files[2]![1], { scale: [0.5], zeroPoint: [0], axis: 0 })],
    });
  });
  writeFileSync(join(root, 'golden.json'), JSON.stringify(g, null, 2));
  return root;
}

function device(name: string, files: Record<string, Uint8Array>): string {
  const root = p(name);
  for (const [rel, bytes] of Object.entries(files)) {
    mkdirSync(join(root, rel, '..'), { recursive: true });
    writeFileSync(join(root, rel), bytes);
  }
  return root;
}

describe('check against device outputs', () => {
  const Y = [1, 2, 3, -4, -5, 127];
  const Z = [1.5, -2];
  it('passes on exact outputs (one set: files directly in the device directory)', () => {
    const g = makeGolden('g1', [{ y: Y, z: Z }]);
    const d = device('d1', { 'y.npy': npy([2, 3], Y), 'z.npy': npy([2], Z, f32) });
    const r = runCheck(g, { outputsDir: d });
    expect(r.pass).toBe(true);
    expect(r.sets).toEqual([
      [
        { set: 0, name: 'y', file: join(d, 'y.npy'), elements: 6, mismatches: 0, maxErrorLsb: 0, pass: true, error: null },
        { set: 0, name: 'z', file: join(d, 'z.npy'), elements: 2, mismatches: 0, maxErrorLsb: 0, pass: true, error: null },
      ],
    ]);
    expect(formatCheck(r)).toContain('PASS: 2 of 2 output tensors match');
    expect(checkErrors(r)).toBe('');
  });

  it('counts mismatches and the max error in LSBs, with and without a tolerance', () => {
    const g = makeGolden('g2', [{ y: Y, z: Z }]);
    // y: differences 0, +1, 0, -2, 0, 0 -> 2 mismatches, max 2; z (scale 0.5): 1.5 -> 2.5 is 2 LSB, -2 -> -2.5 is 1 LSB.
    const d = device('d2', { '0/y.npy': npy([2, 3], [1, 3, 3, -6, -5, 127]), '0/z.npy': npy([2], [2.5, -2.5], f32) });
    const exact = runCheck(g, { outputsDir: d });
    expect(exact.pass).toBe(false);
    expect(exact.sets[0]!.map((t) => [t.name, t.mismatches, t.maxErrorLsb, t.pass])).toEqual([
      ['y', 2, 2, false],
      ['z', 2, 2, false],
    ]);
    const table = formatCheck(exact);
    expect(table).toMatch(/^0 +y +6 +2 +2 +FAIL$/m);
    expect(table).toMatch(/^0 +z +2 +2 +2 +FAIL$/m);
    expect(table).toContain('FAIL: 2 of 2 output tensors do not match');
    const one = runCheck(g, { outputsDir: d, tolerance: 1 });
    expect(one.sets[0]!.map((t) => [t.mismatches, t.pass])).toEqual([
      [1, false],
      [1, false],
    ]);
    const two = runCheck(g, { outputsDir: d, tolerance: 2 });
    expect(two.pass).toBe(true);
    const json = JSON.parse(checkJson(exact)) as { pass: boolean; sets: { outputs: { name: string; mismatches: number; maxErrorLsb: number }[] }[] };
    expect(json.pass).toBe(false);
    expect(json.sets[0]!.outputs.map((o) => [o.name, o.mismatches, o.maxErrorLsb])).toEqual([
      ['y', 2, 2],
      ['z', 2, 2],
    ]);
  });

  it('reads <dir>/<k>/<name>.npy for several sets', () => {
    const g = makeGolden('g3', [
      { y: Y, z: Z },
      { y: [0, 0, 0, 0, 0, 0], z: [0, 0] },
    ]);
    const d = device('d3', { '0/y.npy': npy([2, 3], Y), '0/z.npy': npy([2], Z, f32), '1/y.npy': npy([2, 3], [0, 0, 0, 0, 0, 1]), '1/z.npy': npy([2], [0, 0], f32) });
    const r = runCheck(g, { outputsDir: d });
    expect(r.sets.map((s) => s.map((t) => t.mismatches))).toEqual([
      [0, 0],
      [1, 0],
    ]);
    expect(r.pass).toBe(false);
  });

  it('a missing, ill-shaped, wrong-dtype or corrupt device output fails with a clear error', () => {
    const g = makeGolden('g4', [{ y: Y, z: Z }]);
    const d = device('d4', { 'y.npy': npy([3, 2], Y), 'z.npy': npy([2], [1, 2]) });
    const r = runCheck(g, { outputsDir: d });
    expect(r.pass).toBe(false);
    expect(checkErrors(r)).toBe(`${join(d, 'y.npy')}: error: output 'y' has shape [3, 2], expected [2, 3] (i8)\n${join(d, 'z.npy')}: error: output 'z' has element type i8, expected f32 (shape [2])\n`);
    expect(formatCheck(r)).toMatch(/^0 +y +6 +- +- +FAIL$/m);
    const d2 = device('d4b', { 'y.npy': new TextEncoder().encode('garbage') });
    expect(checkErrors(runCheck(g, { outputsDir: d2 }))).toBe(
      `${join(d2, 'y.npy')}: error: invalid .npy file: not a .npy file (bad magic)\n${join(d2, 'z.npy')}: error: missing output file for 'z' (f32 [2])\n`,
    );
  });

  it('a modified golden directory is an error naming the file', () => {
    const g = makeGolden('g5', [{ y: Y, z: Z }]);
    const d = device('d5', { 'y.npy': npy([2, 3], Y), 'z.npy': npy([2], Z, f32) });
    writeFileSync(join(g, 'expected', '0', 'y.npy'), npy([2, 3], [1, 2, 3, -4, -5, 126]));
    expect(errorOf(() => runCheck(g, { outputsDir: d }))).toMatch(new RegExp(`^${join(g, 'expected', '0', 'y.npy').replace(/[.]/g, '\\.')}: error: SHA-256 mismatch: golden\\.json records [0-9a-f]{64}, the file has [0-9a-f]{64} \\(the golden directory was modified\\)$`));
    const g2 = makeGolden('g6', [{ y: Y, z: Z }]);
    writeFileSync(join(g2, 'model.npub'), 'tampered');
    expect(errorOf(() => runCheck(g2, { outputsDir: d }))).toMatch(/model\.npub: error: SHA-256 mismatch/);
    const g3 = makeGolden('g7', [{ y: Y, z: Z }]);
    rmSync(join(g3, 'inputs', '0', 'x.npy'));
    expect(errorOf(() => runCheck(g3, { outputsDir: d }))).toBe(`${join(g3, 'inputs', '0', 'x.npy')}: error: cannot read '${join(g3, 'inputs', '0', 'x.npy')}': no such file`);
  });

  it('an invalid golden.json is an error naming the field', () => {
    const g = makeGolden('g8', [{ y: Y, z: Z }]);
    const d = device('d8', {});
    const json = JSON.parse(readFileSync(join(g, 'golden.json'), 'utf8')) as GoldenJson;
    const put = (v: unknown): void => writeFileSync(join(g, 'golden.json'), JSON.stringify(v));
    put({ ...json, formatVersion: 9 });
    expect(errorOf(() => runCheck(g, { outputsDir: d }))).toBe(`${join(g, 'golden.json')}: error: invalid golden.json: formatVersion 9 is not supported (this npuc reads version 1)`);
    put({ ...json, sets: [{ ...json.sets[0], outputs: [{ ...json.sets[0]!.outputs[0], file: '../../etc/passwd' }] }] });
    expect(errorOf(() => runCheck(g, { outputsDir: d }))).toBe(`${join(g, 'golden.json')}: error: invalid golden.json: sets[0].outputs[0].file '../../etc/passwd' must be a relative path inside the golden directory`);
    writeFileSync(join(g, 'golden.json'), '{"format": ');
    expect(errorOf(() => runCheck(g, { outputsDir: d }))).toMatch(/golden\.json: error: invalid golden\.json: /);
    expect(errorOf(() => runCheck(p('nothing-here'), { outputsDir: d }))).toBe(`${p('nothing-here')}: error: not a golden directory: no golden.json (make one with npuc golden)`);
  });
});

// ---------------------------------------------------------------------------
// golden end to end: the example model compiled for ethos-u55.

const hasBackend = lookupBackend('ethos-u55') !== undefined;

describe.runIf(hasBackend)('golden on the example model (ethos-u55)', () => {
  let model = '';
  beforeAll(() => {
    model = p('example.onnx');
    writeFileSync(model, exampleModel().bytes);
  });

  it('writes the blob, inputs, expected outputs and golden.json, and check passes', () => {
    const out = p('golden-a');
    const r = runGolden(model, { target: 'ethos-u55', outputDir: out, seed: 3, count: 2 });
    expect(readdirSync(out).sort()).toEqual(['expected', 'golden.json', 'inputs', 'model.npub']);
    const g = JSON.parse(readFileSync(join(out, 'golden.json'), 'utf8')) as GoldenJson;
    expect(g).toEqual(r.golden);
    expect(g).toMatchObject({ format: 'npuc-golden', formatVersion: 1, target: 'ethos-u55', model: 'example.onnx', inputs: { source: 'random', seed: 3 } });
    expect(g.blob.sha256).toBe(sha256(readFileSync(join(out, 'model.npub'))));
    expect(g.sets).toHaveLength(2);
    for (const [k, s] of g.sets.entries()) {
      expect(s.inputs.map((t) => [t.file, t.dtype, t.shape])).toEqual([[`inputs/${k}/input.npy`, 'f32', [1, 3, 16, 16]]]);
      expect(s.outputs.map((t) => [t.file, t.dtype, t.shape])).toEqual([[`expected/${k}/output.npy`, 'f32', [1, 4, 8, 8]]]);
      for (const t of [...s.inputs, ...s.outputs]) expect(sha256(readFileSync(join(out, t.file)))).toBe(t.sha256);
    }
    // The two sets differ; the inputs cover what the input's quantization
    // represents: int8 at scale 1/127.563766 and zero point -1.
    const in0 = readNpy(readFileSync(join(out, 'inputs/0/input.npy')));
    const in1 = readNpy(readFileSync(join(out, 'inputs/1/input.npy')));
    expect(Array.from(in0.data as Float32Array)).not.toEqual(Array.from(in1.data as Float32Array));
    const v = Array.from(in0.data as Float32Array);
    const inv = Math.fround(127.563766);
    expect(v.every((x) => x >= -127 / inv - 1e-6 && x <= 128 / inv + 1e-6)).toBe(true);
    expect(Math.min(...v)).toBeLessThan(-0.98);
    expect(Math.max(...v)).toBeGreaterThan(0.98);
    // No temporary directory is left next to it.
    expect(readdirSync(dir).filter((n) => n.includes('.tmp'))).toEqual([]);

    const c = runCheck(out);
    expect(c.pass).toBe(true);
    expect(c.sets.map((s) => s.map((t) => [t.name, t.elements, t.mismatches]))).toEqual([[['output', 256, 0]], [['output', 256, 0]]]);
  });

  it('is deterministic: the same seed gives byte-identical files', () => {
    runGolden(model, { target: 'ethos-u55', outputDir: p('golden-b'), seed: 3, count: 2 });
    for (const f of ['model.npub', 'golden.json', 'inputs/1/input.npy', 'expected/1/output.npy']) {
      expect(readFileSync(p('golden-b', f)).equals(readFileSync(p('golden-a', f))), f).toBe(true);
    }
  });

  it('takes inputs from a directory and replaces an earlier golden directory', () => {
    const ins = p('my-inputs');
    mkdirSync(ins);
    const x = new Tensor([1, 3, 16, 16], f32, Float32Array.from({ length: 768 }, (_, i) => ((i % 17) - 8) / 8));
    writeFileSync(join(ins, 'input.npy'), writeNpy(x));
    const out = p('golden-a');
    const r = runGolden(model, { target: 'ethos-u55', outputDir: out, inputsDir: ins });
    expect(r.golden.inputs).toEqual({ source: 'files' });
    expect(r.golden.sets).toHaveLength(1);
    expect(readFileSync(join(out, 'inputs/0/input.npy')).equals(readFileSync(join(ins, 'input.npy')))).toBe(true);
    expect(existsSync(join(out, 'inputs/1'))).toBe(false);
    expect(runCheck(out).pass).toBe(true);
  });

  it('device outputs equal to the expected ones pass; one changed LSB fails', () => {
    const out = p('golden-b');
    const expected = readNpy(readFileSync(join(out, 'expected/0/output.npy')));
    const g = JSON.parse(readFileSync(join(out, 'golden.json'), 'utf8')) as GoldenJson;
    const scale = g.sets[0]!.outputs[0]!.quantization?.scale[0];
    const dev = p('device-b');
    mkdirSync(join(dev, '0'), { recursive: true });
    mkdirSync(join(dev, '1'), { recursive: true });
    writeFileSync(join(dev, '0', 'output.npy'), readFileSync(join(out, 'expected/0/output.npy')));
    writeFileSync(join(dev, '1', 'output.npy'), readFileSync(join(out, 'expected/1/output.npy')));
    expect(runCheck(out, { outputsDir: dev }).pass).toBe(true);
    const changed = Float32Array.from(expected.data as Float32Array);
    changed[5] = Math.fround(changed[5]! + (scale ?? 0.01));
    writeFileSync(join(dev, '0', 'output.npy'), writeNpy(new Tensor(expected.shape, f32, changed)));
    const r = runCheck(out, { outputsDir: dev });
    expect(r.sets[0]![0]!.mismatches).toBe(1);
    expect(r.sets[1]![0]!.pass).toBe(true);
    if (scale !== undefined) {
      expect(r.sets[0]![0]!.maxErrorLsb).toBeCloseTo(1, 5);
      expect(runCheck(out, { outputsDir: dev, tolerance: 1 }).pass).toBe(true);
    }
  });

  it('a failed golden run leaves no directory behind', () => {
    const out = p('golden-missing');
    expect(errorOf(() => runGolden(model, { target: 'ethos-u55', outputDir: out, inputsDir: p('no-such-inputs') }))).toBe(`${p('no-such-inputs')}: error: cannot read input directory '${p('no-such-inputs')}': no such directory`);
    const bad = p('bad-inputs');
    mkdirSync(bad);
    writeFileSync(join(bad, 'input.npy'), writeNpy(new Tensor([1, 3, 16, 8], f32, new Float32Array(384))));
    expect(errorOf(() => runGolden(model, { target: 'ethos-u55', outputDir: out, inputsDir: bad }))).toBe(`${join(bad, 'input.npy')}: error: input 'input' has shape [1, 3, 16, 8], expected [1, 3, 16, 16] (f32)`);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir).filter((n) => n.includes('.tmp'))).toEqual([]);
  });

  it('refuses to replace a directory that is not a golden directory', () => {
    const out = p('precious');
    mkdirSync(out);
    writeFileSync(join(out, 'notes.txt'), 'keep me');
    expect(errorOf(() => runGolden(model, { target: 'ethos-u55', outputDir: out }))).toBe(`${out}: error: refusing to replace '${out}': it exists and is not a golden directory`);
    expect(readdirSync(out)).toEqual(['notes.txt']);
  });
});
