// `npuc run` / runModel: binding inputs from .npy and TensorProto .pb files,
// --bind, results written as .npy, and every bad-input path (a DiagnosticError
// in the library; exit 1 with `origin: error: message` and no stack trace from
// the CLI; exit 2 for malformed flags). Expected values are worked out by hand.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import onnxProto from 'onnx-proto';
import { beforeAll, describe, expect, it } from 'vitest';
import { DiagnosticError, IntegerType, FloatType, lookupOp, printOp, verify, type Type } from '../../src/index.js';
import { Tensor, type TensorData } from '../../src/ir/tensor.js';
import { readNpy, writeNpy } from '../../src/runtime/npy.js';
import { readTensorProtoFile } from '../../src/frontends/onnx/tensor-proto.js';
import { importOnnxFile } from '../../src/frontends/onnx/import.js';
import { freezeInputs, runModel, RunUsageError, summarizeOutputs } from '../../src/driver/run.js';
import { functionsOf } from '../../src/ir/interpreter.js';

const { onnx } = onnxProto;
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = join(root, 'bin', 'npuc');
const relu = '/usr/share/libonnx-testdata/data/node/test_relu';
let dir = '';
const p = (f: string): string => join(dir, f);

const i8 = IntegerType.get(8);
const i32 = IntegerType.get(32);
const f32 = FloatType.get('f32');

function tensor(shape: number[], et: Type, values: number[]): Tensor {
  const data: TensorData = et === i8 ? Int8Array.from(values) : et === i32 ? Int32Array.from(values) : Float32Array.from(values);
  return new Tensor(shape, et, data);
}
const values = (t: Tensor): number[] => Array.from(t.data as ArrayLike<number>, Number);

function npuc(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, NPUC_DEBUG: '' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const ADD = `func.func @main(%a: tensor<2x3xi32> {onnx.name = "a"}, %b: tensor<1x3xi32>) -> (tensor<2x3xi32> {onnx.name = "out/sum"}, tensor<2x3xi32>) {
  %0 = tosa.add %a, %b : (tensor<2x3xi32>, tensor<1x3xi32>) -> tensor<2x3xi32>
  %1 = tosa.sub %a, %b : (tensor<2x3xi32>, tensor<1x3xi32>) -> tensor<2x3xi32>
  return %0, %1 : tensor<2x3xi32>, tensor<2x3xi32>
}
`;

// x = 1..9 (3x3), w = [[1, -1], [2, 3]], bias 10: windows 22, 27, 37, 42 (+10 =
// 32, 37, 47, 52); rescale by 2^30 >> 31 = 1/2, SINGLE_ROUND (half up): 16, 19, 24, 26.
const CONV = `func.func @conv(%x: tensor<1x3x3x1xi8>, %w: tensor<1x2x2x1xi8>) -> tensor<1x2x2x1xi8> {
  %b = "tosa.const"() <{values = dense<10> : tensor<1xi32>}> : () -> tensor<1xi32>
  %zp = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %acc = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = i32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x3x3x1xi8>, tensor<1x2x2x1xi8>, tensor<1xi32>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x2x2x1xi32>
  %m = "tosa.const"() <{values = dense<1073741824> : tensor<1xi32>}> : () -> tensor<1xi32>
  %s = "tosa.const"() <{values = dense<31> : tensor<1xi8>}> : () -> tensor<1xi8>
  %z32 = "tosa.const"() <{values = dense<0> : tensor<1xi32>}> : () -> tensor<1xi32>
  %0 = tosa.rescale %acc, %m, %s, %z32, %zp {rounding_mode = SINGLE_ROUND, scale32 = true, per_channel = false, input_unsigned = false, output_unsigned = false} : (tensor<1x2x2x1xi32>, tensor<1xi32>, tensor<1xi8>, tensor<1xi32>, tensor<1xi8>) -> tensor<1x2x2x1xi8>
  return %0 : tensor<1x2x2x1xi8>
}
`;

// Two results, the second of which (i48) cannot be written as .npy.
const I48 = `func.func @main(%a: tensor<2x3xi32>) -> (tensor<2x3xi32>, tensor<1xi48>) {
  %c = "tosa.const"() <{values = dense<5> : tensor<1xi48>}> : () -> tensor<1xi48>
  return %a, %c : tensor<2x3xi32>, tensor<1xi48>
}
`;

const OPAQUE = `func.func @main(%a: tensor<2x3xi32>) -> tensor<2x3xi32> {
  %0 = "foo.bar"(%a) : (tensor<2x3xi32>) -> tensor<2x3xi32>
  return %0 : tensor<2x3xi32>
}
`;

const TWO = `func.func @f(%a: tensor<1xi32>) -> tensor<1xi32> {
  return %a : tensor<1xi32>
}
func.func @g(%a: tensor<1xi32>) -> tensor<1xi32> {
  return %a : tensor<1xi32>
}
`;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'npuc-run-'));
  writeFileSync(p('add.mlir'), ADD);
  writeFileSync(p('conv.mlir'), CONV);
  writeFileSync(p('i48.mlir'), I48);
  writeFileSync(p('opaque.mlir'), OPAQUE);
  writeFileSync(p('two.mlir'), TWO);
  writeFileSync(p('bad.mlir'), 'func.func @main( {');
  writeFileSync(p('a.npy'), writeNpy(tensor([2, 3], i32, [0, 1, 2, 3, 4, 5])));
  writeFileSync(p('one.npy'), writeNpy(tensor([1], i32, [7])));
  writeFileSync(p('x2.npy'), writeNpy(tensor([2], f32, [1, 2])));
  writeFileSync(p('k2.npy'), writeNpy(tensor([2], f32, [0.5, -1])));
  writeFileSync(p('b.npy'), writeNpy(tensor([1, 3], i32, [10, 20, 30])));
  writeFileSync(p('a-2x4.npy'), writeNpy(tensor([2, 4], i32, [0, 0, 0, 0, 0, 0, 0, 0])));
  writeFileSync(p('a-f32.npy'), writeNpy(tensor([2, 3], f32, [0, 0, 0, 0, 0, 0])));
  writeFileSync(p('x.npy'), writeNpy(tensor([1, 3, 3, 1], i8, [1, 2, 3, 4, 5, 6, 7, 8, 9])));
  writeFileSync(p('w.npy'), writeNpy(tensor([1, 2, 2, 1], i8, [1, -1, 2, 3])));
  writeFileSync(p('b.pb'), onnx.TensorProto.encode(onnx.TensorProto.create({ name: 'b', dataType: 6, dims: [1, 3], int32Data: [100, 200, 300] })).finish());
  writeFileSync(p('corrupt.npy'), 'not an npy file');
  writeFileSync(p('truncated.npy'), writeNpy(tensor([2, 3], i32, [0, 1, 2, 3, 4, 5])).subarray(0, 140));
  writeFileSync(p('corrupt.pb'), new Uint8Array([0x08, 0xff, 0xff]));
  writeFileSync(p('short.pb'), onnx.TensorProto.encode(onnx.TensorProto.create({ dataType: 6, dims: [2, 3], int32Data: [1, 2] })).finish());
  mkdirSync(p('adir.npy'));
  // A small ONNX model: y = Add(x, k), for --bind on an onnx module.
  const vi = (name: string): onnxProto.onnx.IValueInfoProto => ({ name, type: { tensorType: { elemType: 1, shape: { dim: [{ dimValue: 2 }] } } } });
  const model = onnx.ModelProto.create({
    irVersion: 8,
    opsetImport: [{ domain: '', version: 17 }],
    graph: { name: 'g', node: [{ opType: 'Add', input: ['x', 'k'], output: ['y'], name: 'add1' }], input: [vi('x'), vi('k')], output: [vi('y')] },
  });
  writeFileSync(p('add.onnx'), onnx.ModelProto.encode(model).finish());
});

describe('runModel', () => {
  it('runs a tosa module on .npy inputs named by onnx.name and argN', () => {
    const r = runModel(p('add.mlir'), { inputs: [`a=${p('a.npy')}`, `arg1=${p('b.npy')}`] });
    expect(r.outputs.map((o) => o.name)).toEqual(['out_sum', 'result1']);
    expect(values(r.outputs[0]!.tensor)).toEqual([10, 21, 32, 13, 24, 35]);
    expect(values(r.outputs[1]!.tensor)).toEqual([-10, -19, -28, -7, -16, -25]);
    expect(r.outputs[0]!.tensor.type.toString()).toBe('tensor<2x3xi32>');
    expect(r.written).toEqual([]);
    expect(summarizeOutputs(r.outputs)).toBe(
      'out_sum: tensor<2x3xi32> = [10, 21, 32, 13, 24, 35]\nresult1: tensor<2x3xi32> = [-10, -19, -28, -7, -16, -25]\n',
    );
  });

  it('binds inputs by position and reads TensorProto .pb files', () => {
    const r = runModel(p('add.mlir'), { inputs: [`0=${p('a.npy')}`, `1=${p('b.pb')}`] });
    expect(values(r.outputs[0]!.tensor)).toEqual([100, 201, 302, 103, 204, 305]);
  });

  it('runs conv2d + rescale, picking the only function, and writes .npy results', () => {
    const out = p('conv-out');
    const r = runModel(p('conv.mlir'), { inputs: [`arg0=${p('x.npy')}`, `arg1=${p('w.npy')}`], outputDir: out });
    expect(values(r.outputs[0]!.tensor)).toEqual([16, 19, 24, 26]);
    expect(r.written).toEqual([join(out, 'result0.npy')]);
    const back = readNpy(readFileSync(join(out, 'result0.npy')));
    expect(back.shape).toEqual([1, 2, 2, 1]);
    expect(back.elementType).toBe(i8);
    expect(values(back)).toEqual([16, 19, 24, 26]);
    expect(readdirSync(out)).toEqual(['result0.npy']);
  });

  it('--bind freezes an input into a tosa.const and removes the argument', () => {
    const r = runModel(p('conv.mlir'), { inputs: [`arg0=${p('x.npy')}`], binds: [`arg1=${p('w.npy')}`] });
    expect(values(r.outputs[0]!.tensor)).toEqual([16, 19, 24, 26]);
    expect(verify(r.module)).toEqual([]);
    const text = printOp(r.module);
    expect(text).toContain('func.func @conv(%arg0: tensor<1x3x3x1xi8>) -> tensor<1x2x2x1xi8>');
    expect(text).toContain('"tosa.const"() <{values = dense<[[[[1], [-1]], [[2], [3]]]]> : tensor<1x2x2x1xi8>}> : () -> tensor<1x2x2x1xi8>');
  });

  it('--bind keeps arg_attrs in step with the remaining arguments', () => {
    const r = runModel(p('add.mlir'), { inputs: [`arg1=${p('b.npy')}`], binds: [`a=${p('a.npy')}`] });
    expect(values(r.outputs[0]!.tensor)).toEqual([10, 21, 32, 13, 24, 35]);
    expect(verify(r.module)).toEqual([]);
    expect(printOp(r.module)).toContain('func.func @main(%arg0: tensor<1x3xi32>) -> (tensor<2x3xi32> {onnx.name = "out/sum"}, tensor<2x3xi32>)');
  });

  it('freezes an input of an onnx module into an onnx.Constant', () => {
    const m = importOnnxFile(p('add.onnx'));
    const fn = functionsOf(m).get('main')!;
    freezeInputs(fn, new Map([[1, new Tensor([2], f32, Float32Array.from([0.5, -1]))]]));
    expect(verify(m)).toEqual([]);
    const text = printOp(m);
    expect(text).toContain('func.func @main(%arg0: tensor<2xf32> {onnx.name = "x"})');
    expect(text).toMatch(/"onnx\.Constant"\(\) <\{value = dense<\[5\.0+e-01, -1\.0+e\+00\]> : tensor<2xf32>\}> : \(\) -> tensor<2xf32>/);
  });

  it.skipIf(!lookupOp('onnx.Add')?.eval)('runs an onnx module with --bind, naming inputs and results by onnx.name', () => {
    const r = runModel(p('add.onnx'), { inputs: [`x=${p('x2.npy')}`], binds: [`k=${p('k2.npy')}`], outputDir: p('onnx-out') });
    expect(verify(r.module)).toEqual([]);
    expect(printOp(r.module)).toContain('"onnx.Constant"');
    expect(r.outputs.map((o) => o.name)).toEqual(['y']);
    expect(values(r.outputs[0]!.tensor)).toEqual([1.5, 1]);
    expect(values(readNpy(readFileSync(p('onnx-out/y.npy'))))).toEqual([1.5, 1]);
  });

  it('picks a function with `function`', () => {
    const r = runModel(p('two.mlir'), { function: 'g', inputs: [`0=${p('one.npy')}`] });
    expect((r.function.attr('sym_name') as { value: string }).value).toBe('g');
    expect(values(r.outputs[0]!.tensor)).toEqual([7]);
  });

  const bad: [string, string, Parameters<typeof runModel>[1], RegExp][] = [
    ['a missing input', 'add.mlir', { inputs: ['a=a.npy'] }, /^missing input for @main: 'arg1' \(tensor<1x3xi32>\); give each with --input NAME=FILE$/],
    ['an unknown input name', 'add.mlir', { inputs: ['a=a.npy', 'arg1=b.npy', 'c=b.npy'] }, /^@main has no input 'c' \(inputs: 'a', 'arg1'\)$/],
    ['two names for one input', 'add.mlir', { inputs: ['a=a.npy', 'arg0=a.npy', 'arg1=b.npy'] }, /both name input 0 \('a'\)/],
    ['a wrong shape', 'add.mlir', { inputs: ['a=a-2x4.npy', 'arg1=b.npy'] }, /^input 'a' has shape \[2, 4\], expected tensor<2x3xi32> \(shape \[2, 3\]\)$/],
    ['a wrong dtype', 'add.mlir', { inputs: ['a=a-f32.npy', 'arg1=b.npy'] }, /^input 'a' has element type f32, expected i32 \(argument type tensor<2x3xi32>\)$/],
    ['a corrupt .npy', 'add.mlir', { inputs: ['a=corrupt.npy', 'arg1=b.npy'] }, /^invalid \.npy file: not a \.npy file \(bad magic\)$/],
    ['a truncated .npy', 'add.mlir', { inputs: ['a=truncated.npy', 'arg1=b.npy'] }, /^invalid \.npy file: data has \d+ bytes, shape \(2, 3\) of '<i4' needs 24$/],
    ['a corrupt .pb', 'add.mlir', { inputs: ['a=a.npy', 'arg1=corrupt.pb'] }, /^invalid TensorProto file: not a TensorProto: /],
    ['a .pb with too few values', 'add.mlir', { inputs: ['a=a.npy', 'arg1=short.pb'] }, /^invalid TensorProto file: tensor \(unnamed\) has 2 values in int32_data, shape \[2, 3\] needs 6$/],
    ['a non-existent file', 'add.mlir', { inputs: ['a=nope.npy', 'arg1=b.npy'] }, /^cannot read '.*nope\.npy': no such file$/],
    ['a directory', 'add.mlir', { inputs: ['a=adir.npy', 'arg1=b.npy'] }, /^cannot read '.*adir\.npy': is a directory$/],
    ['a function not found', 'add.mlir', { function: 'nope' }, /^function @nope not found \(functions: @main\)$/],
    ['no @main among several functions', 'two.mlir', {}, /^no @main and several functions \(@f, @g\): choose one with --function$/],
    ['an op without eval', 'opaque.mlir', { inputs: ['0=a.npy'], allowUnregistered: true }, /^'foo\.bar' has no reference semantics to evaluate$/],
    ['an unparsable module', 'bad.mlir', {}, /./],
    ['a non-existent model', 'nope.mlir', {}, /^cannot read '.*nope\.mlir': no such file$/],
  ];
  for (const [what, model, opts, message] of bad) {
    it(`reports ${what} as a DiagnosticError`, () => {
      const o = { ...opts, inputs: opts?.inputs?.map((e) => e.replace(/=(.*)$/, (_, f: string) => `=${p(f)}`)) };
      let err: unknown;
      try {
        runModel(p(model), o);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(DiagnosticError);
      expect((err as DiagnosticError).message).toMatch(message);
    });
  }

  it('reports malformed and repeated flags as RunUsageError', () => {
    expect(() => runModel(p('add.mlir'), { inputs: ['a'] })).toThrow(RunUsageError);
    expect(() => runModel(p('add.mlir'), { inputs: ['=a.npy'] })).toThrow(/expected NAME=FILE/);
    expect(() => runModel(p('add.mlir'), { inputs: ['a=x', 'a=y'] })).toThrow(/--input gives 'a' twice/);
    expect(() => runModel(p('add.mlir'), { inputs: ['a=x'], binds: ['a=y'] })).toThrow(/both to --input and to --bind/);
  });

  it('writes no result file when one result cannot be written', () => {
    const out = p('i48-out');
    expect(() => runModel(p('i48.mlir'), { inputs: [`0=${p('a.npy')}`], outputDir: out })).toThrow(/cannot write result 'result1' \(tensor<1xi48>\) as \.npy/);
    expect(existsSync(out)).toBe(false);
  });

  it.skipIf(!lookupOp('onnx.Relu')?.eval || !existsSync(relu))('runs ONNX test_relu and matches output_0.pb', () => {
    const r = runModel(join(relu, 'model.onnx'), { inputs: [`x=${join(relu, 'test_data_set_0', 'input_0.pb')}`] });
    const expected = readTensorProtoFile(readFileSync(join(relu, 'test_data_set_0', 'output_0.pb'))).tensor;
    expect(r.outputs.map((o) => o.name)).toEqual(['y']);
    expect(r.outputs[0]!.tensor.shape).toEqual(expected.shape);
    expect(Array.from(r.outputs[0]!.tensor.data as Float32Array)).toEqual(Array.from(expected.data as Float32Array));
  });
});

describe('npuc run', () => {
  it('prints a summary without --output-dir', () => {
    const r = npuc(['run', 'add.mlir', '--input', 'a=a.npy', '-i', 'arg1=b.pb']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('out_sum: tensor<2x3xi32> = [100, 201, 302, 103, 204, 305]\nresult1: tensor<2x3xi32> = [-100, -199, -298, -97, -196, -295]\n');
  });

  it('writes results to --output-dir and prints nothing', () => {
    const r = npuc(['run', 'conv.mlir', '-i', 'arg0=x.npy', '--bind', 'arg1=w.npy', '--output-dir', 'cli-out']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('');
    expect(r.code).toBe(0);
    expect(values(readNpy(readFileSync(p('cli-out/result0.npy'))))).toEqual([16, 19, 24, 26]);
  });

  const failures: [string, string[], RegExp][] = [
    ['missing input', ['run', 'add.mlir', '-i', 'a=a.npy'], /^add\.mlir: error: missing input for @main: 'arg1'/],
    ['unknown input', ['run', 'add.mlir', '-i', 'z=a.npy'], /^add\.mlir: error: @main has no input 'z'/],
    ['wrong shape', ['run', 'add.mlir', '-i', 'a=a-2x4.npy', '-i', 'arg1=b.npy'], /^a-2x4\.npy: error: input 'a' has shape \[2, 4\]/],
    ['wrong dtype', ['run', 'add.mlir', '-i', 'a=a-f32.npy', '-i', 'arg1=b.npy'], /^a-f32\.npy: error: input 'a' has element type f32/],
    ['corrupt .npy', ['run', 'add.mlir', '-i', 'a=corrupt.npy', '-i', 'arg1=b.npy'], /^corrupt\.npy: error: invalid \.npy file/],
    ['corrupt .pb', ['run', 'add.mlir', '-i', 'a=a.npy', '-i', 'arg1=corrupt.pb'], /^corrupt\.pb: error: invalid TensorProto file/],
    ['non-existent file', ['run', 'add.mlir', '-i', 'a=nope.npy', '-i', 'arg1=b.npy'], /^nope\.npy: error: cannot read 'nope\.npy': no such file/],
    ['function not found', ['run', 'add.mlir', '--function', 'nope'], /^add\.mlir: error: function @nope not found/],
    ['op without eval', ['run', 'opaque.mlir', '--allow-unregistered-dialect', '-i', '0=a.npy', '-d', 'opaque-out'], /error: 'foo\.bar' has no reference semantics to evaluate/],
    ['unwritable result', ['run', 'i48.mlir', '-i', '0=a.npy', '-d', 'i48-cli-out'], /^i48\.mlir: error: cannot write result 'result1'/],
  ];
  for (const [what, args, message] of failures) {
    it(`exits 1 for ${what}, without a stack trace or output files`, () => {
      const r = npuc(args);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/at .*\.js|internal error/);
      expect(existsSync(p('opaque-out'))).toBe(false);
      expect(existsSync(p('i48-cli-out'))).toBe(false);
    });
  }

  for (const args of [['run', 'add.mlir', '-i', 'a'], ['run', 'add.mlir', '-i', 'a=x', '-i', 'a=y'], ['run', 'add.mlir', '--bogus'], ['run']]) {
    it(`exits 2 for ${args.slice(1).join(' ')}`, () => {
      const r = npuc(args);
      expect(r.code).toBe(2);
      expect(r.stderr).not.toMatch(/at .*\.js/);
    });
  }
});
