// The ONNX importer: real models from ONNX's own backend test data (Debian
// libonnx-testdata), checked against the models' node attributes and the ONNX
// operator spec's defaults; malformed models built here with
// onnx.ModelProto.encode, each checked for its exact error form.

import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import onnxProto from 'onnx-proto';
import { describe, expect, it } from 'vitest';
import '../../src/dialects/index.js';
import { DenseArrayAttr, FloatAttr, IntegerAttr, NameLoc, StringAttr, type Attribute } from '../../src/ir/attributes.js';
import { DiagnosticError, SourceManager } from '../../src/ir/diagnostics.js';
import type { Operation } from '../../src/ir/operation.js';
import { parseModule } from '../../src/ir/parser.js';
import { printOp } from '../../src/ir/printer.js';
import { verify } from '../../src/ir/verifier.js';
import { importOnnxFile, importOnnxModel, parseInputShape, type ImportOptions } from '../../src/frontends/onnx/import.js';
import { lookupOnnxSpec, onnxAttr, onnxOperand, onnxResult } from '../../src/dialects/onnx/ops.js';

const { onnx } = onnxProto;
const testdata = '/usr/share/libonnx-testdata/data/node';
const haveTestdata = existsSync(testdata);

// ---------------------------------------------------------------------------
// Helpers.

function bodyOps(module: Operation): Operation[] {
  const fn = module.regions[0]!.blocks[0]!.ops.find((o) => o.name === 'func.func')!;
  return fn.regions[0]!.blocks[0]!.ops;
}
function mainArgs(module: Operation): string[] {
  const fn = module.regions[0]!.blocks[0]!.ops.find((o) => o.name === 'func.func')!;
  return fn.regions[0]!.blocks[0]!.args.map((a) => String(a.type));
}
/** The imported ops other than constants and the return. */
function computeOps(module: Operation): Operation[] {
  return bodyOps(module).filter((o) => o.name !== 'onnx.Constant' && o.name !== 'func.return');
}

function importTest(name: string): { module: Operation; model: onnxProto.onnx.ModelProto } {
  const path = join(testdata, name, 'model.onnx');
  const model = onnx.ModelProto.decode(readFileSync(path));
  const module = importOnnxFile(path, { fileName: 'model.onnx' });
  expect(verify(module)).toEqual([]);
  return { module, model };
}

type Dim = number | string;
const vi = (name: string, elemType: number, dims: Dim[] | null): onnxProto.onnx.IValueInfoProto => ({
  name,
  type: {
    tensorType: {
      elemType,
      shape: dims === null ? undefined : { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
    },
  },
});
const node = (
  opType: string,
  input: string[],
  output: string[],
  extra: { name?: string; domain?: string; attribute?: onnxProto.onnx.IAttributeProto[] } = {},
): onnxProto.onnx.INodeProto => ({ opType, input, output, ...extra });
const ints = (name: string, v: number[]): onnxProto.onnx.IAttributeProto => ({ name, type: 7, ints: v });
const int = (name: string, v: number): onnxProto.onnx.IAttributeProto => ({ name, type: 2, i: v });
const floatsInit = (name: string, dims: number[], values: number[]): onnxProto.onnx.ITensorProto => ({ name, dataType: 1, dims, floatData: values });

interface ModelSpec {
  nodes: onnxProto.onnx.INodeProto[];
  inputs?: onnxProto.onnx.IValueInfoProto[];
  outputs?: onnxProto.onnx.IValueInfoProto[];
  initializers?: onnxProto.onnx.ITensorProto[];
  valueInfo?: onnxProto.onnx.IValueInfoProto[];
  opset?: number;
  opsets?: onnxProto.onnx.IOperatorSetIdProto[];
}
function model(s: ModelSpec): Uint8Array {
  return onnx.ModelProto.encode(
    onnx.ModelProto.create({
      irVersion: 8,
      opsetImport: s.opsets ?? [{ domain: '', version: s.opset ?? 13 }],
      graph: {
        name: 'g',
        node: s.nodes,
        input: s.inputs ?? [],
        output: s.outputs ?? [],
        initializer: s.initializers ?? [],
        valueInfo: s.valueInfo ?? [],
      },
    }),
  ).finish();
}

/** The rendered diagnostic of a failing import. */
function importError(bytes: Uint8Array, opts: ImportOptions = {}): string {
  try {
    importOnnxModel(bytes, { fileName: 'model.onnx', ...opts });
  } catch (e) {
    if (e instanceof DiagnosticError) return new SourceManager().render(e.diagnostic);
    throw e;
  }
  throw new Error('import succeeded');
}

/** An attribute as its plain JS value, for comparison with the model's AttributeProto. */
function plain(a: Attribute | undefined): unknown {
  if (a instanceof IntegerAttr) return Number(a.value);
  if (a instanceof FloatAttr) return a.value;
  if (a instanceof DenseArrayAttr) return [...a.values];
  if (a instanceof StringAttr) return a.value;
  return a === undefined ? undefined : String(a);
}
function protoValue(a: onnxProto.onnx.IAttributeProto): unknown {
  switch (a.type) {
    case 1:
      return a.f;
    case 2:
      return Number(a.i);
    case 3:
      return new TextDecoder().decode(a.s!);
    case 6:
      return [...a.floats!];
    case 7:
      return a.ints!.map(Number);
    default:
      return undefined;
  }
}

const x1x3 = [vi('x', 1, [1, 3])];
const relu = (opset = 13): Uint8Array => model({ nodes: [node('Relu', ['x'], ['y'], { name: 'r' })], inputs: x1x3, outputs: [vi('y', 1, [1, 3])], opset });

// ---------------------------------------------------------------------------

describe.runIf(haveTestdata)('ONNX import of libonnx-testdata models', () => {
  const models = [
    'test_qlinearconv',
    'test_qlinearmatmul_2D',
    'test_convinteger_with_padding',
    'test_matmulinteger',
    'test_quantizelinear',
    'test_dequantizelinear_axis',
    'test_conv_with_strides_padding',
    'test_maxpool_2d_pads',
    'test_averagepool_2d_pads',
    'test_gemm_default_matrix_bias',
    'test_relu',
    'test_clip',
    'test_concat_2d_axis_0',
    'test_reshape_reordered_all_dims',
    'test_softmax_axis_1',
  ];

  it.each(models)('%s: one op per node, attributes as in the model, arguments typed from the graph inputs', (name) => {
    const { module, model } = importTest(name);
    const g = model.graph!;
    const ops = computeOps(module);
    expect(ops.map((o) => o.name)).toEqual(g.node.map((n) => `onnx.${n.opType}`));
    g.node.forEach((n, i) => {
      const op = ops[i]!;
      for (const a of n.attribute) expect(plain(op.attr(a.name!)), `${name}: attribute ${a.name}`).toEqual(protoValue(a));
      // Unnamed nodes are located at their output.
      expect(op.loc).toEqual(new NameLoc(n.name || n.output[0]!));
      expect(op.results.length).toBe(n.output.length);
    });
    const inits = new Set(g.initializer.map((t) => t.name));
    const argInputs = g.input.filter((i) => !inits.has(i.name));
    expect(mainArgs(module).length).toBe(argInputs.length);
    // Every argument's type is the graph input's: element type and static dims.
    const onnxElem: Record<number, string> = { 1: 'f32', 2: 'ui8', 3: 'i8', 6: 'i32', 7: 'i64' };
    argInputs.forEach((inp, i) => {
      const dims = inp.type!.tensorType!.shape!.dim!.map((d) => Number(d.dimValue));
      const et = onnxElem[inp.type!.tensorType!.elemType!]!;
      expect(mainArgs(module)[i]).toBe(`tensor<${dims.map((d) => `${d}x`).join('')}${et}>`);
    });
    // And the printed module parses back to the same text, verified.
    const text = printOp(module, { debugInfo: true });
    const again = parseModule(text, { file: 'x.mlir' });
    expect(verify(again)).toEqual([]);
    expect(printOp(again, { debugInfo: true })).toBe(text);
  });

  it('QLinearConv: eight required inputs, the optional bias absent, uint8 result', () => {
    const op = computeOps(importTest('test_qlinearconv').module)[0]!;
    expect(op.numOperands).toBe(8);
    expect(onnxOperand(op, 'B')).toBeNull();
    expect(String(onnxOperand(op, 'w_scale')!.type)).toBe('tensor<1xf32>');
    expect(String(op.result().type)).toBe('tensor<1x1x7x7xui8>');
    // ONNX defaults: group 1, auto_pad NOTSET.
    expect(plain(onnxAttr(op, 'group'))).toBe(1);
    expect(plain(onnxAttr(op, 'auto_pad'))).toBe('NOTSET');
    expect(op.attr('group')).toBeUndefined(); // defaults are not written into the IR
  });

  it('QLinearMatMul, MatMulInteger and ConvInteger results', () => {
    expect(String(computeOps(importTest('test_qlinearmatmul_2D').module)[0]!.result().type)).toBe('tensor<2x3xui8>');
    const mmi = computeOps(importTest('test_matmulinteger').module)[0]!;
    expect(String(mmi.result().type)).toBe('tensor<4x2xi32>');
    expect(String(mmi.attr('operandSegmentSizes'))).toBe('array<i32: 1, 1, 1, 1>');
    const ci = computeOps(importTest('test_convinteger_with_padding').module)[0]!;
    expect(String(ci.result().type)).toBe('tensor<1x1x4x4xi32>');
    expect(String(ci.attr('pads'))).toBe('array<i64: 1, 1, 1, 1>');
    // ConvInteger(x, w, x_zero_point): w_zero_point is absent.
    expect(String(ci.attr('operandSegmentSizes'))).toBe('array<i32: 1, 1, 1, 0>');
    expect(onnxOperand(ci, 'w_zero_point')).toBeNull();
    expect(String(onnxOperand(ci, 'x_zero_point')!.type)).toBe('tensor<ui8>');
  });

  it('QuantizeLinear / DequantizeLinear: axis and saturate defaults from the spec', () => {
    const q = computeOps(importTest('test_quantizelinear').module)[0]!;
    expect(String(q.result().type)).toBe('tensor<6xui8>');
    expect(plain(onnxAttr(q, 'axis'))).toBe(1);
    expect(plain(onnxAttr(q, 'saturate'))).toBe(1);
    const d = computeOps(importTest('test_dequantizelinear_axis').module)[0]!;
    expect(String(d.result().type)).toBe('tensor<1x3x3x2xf32>');
    expect(String(onnxOperand(d, 'x_scale')!.type)).toBe('tensor<3xf32>');
    expect(plain(onnxAttr(d, 'axis'))).toBe(1);
  });

  it('Conv, pools and Gemm: attribute values and spec defaults', () => {
    const conv = computeOps(importTest('test_conv_with_strides_padding').module)[0]!;
    expect(plain(conv.attr('kernel_shape'))).toEqual([3, 3]);
    expect(plain(conv.attr('pads'))).toEqual([1, 1, 1, 1]);
    expect(plain(conv.attr('strides'))).toEqual([2, 2]);
    expect(String(conv.result().type)).toBe('tensor<1x1x4x3xf32>');
    expect(onnxAttr(conv, 'dilations')).toBeUndefined(); // computed default: 1 per spatial axis
    const mp = computeOps(importTest('test_maxpool_2d_pads').module)[0]!;
    expect(plain(mp.attr('pads'))).toEqual([2, 2, 2, 2]);
    expect(plain(onnxAttr(mp, 'ceil_mode'))).toBe(0);
    expect(plain(onnxAttr(mp, 'storage_order'))).toBe(0);
    expect(onnxResult(mp, 'Indices')).toBeNull();
    expect(String(mp.result().type)).toBe('tensor<1x3x30x30xf32>');
    const ap = computeOps(importTest('test_averagepool_2d_pads').module)[0]!;
    expect(plain(onnxAttr(ap, 'count_include_pad'))).toBe(0);
    const gemm = computeOps(importTest('test_gemm_default_matrix_bias').module)[0]!;
    expect(plain(onnxAttr(gemm, 'alpha'))).toBe(1);
    expect(plain(onnxAttr(gemm, 'beta'))).toBe(1);
    expect(plain(onnxAttr(gemm, 'transA'))).toBe(0);
    expect(plain(onnxAttr(gemm, 'transB'))).toBe(0);
    expect(String(gemm.result().type)).toBe('tensor<3x4xf32>');
  });

  it('Relu, Clip, Concat, Reshape, Softmax', () => {
    expect(String(computeOps(importTest('test_relu').module)[0]!.result().type)).toBe('tensor<3x4x5xf32>');
    const clip = computeOps(importTest('test_clip').module)[0]!;
    expect(String(clip.attr('operandSegmentSizes'))).toBe('array<i32: 1, 1, 1>');
    const concat = computeOps(importTest('test_concat_2d_axis_0').module)[0]!;
    expect(String(concat.attr('axis'))).toBe('0 : i64');
    expect(String(concat.result().type)).toBe('tensor<4x2xf32>');
    const reshape = computeOps(importTest('test_reshape_reordered_all_dims').module)[0]!;
    expect(String(onnxOperand(reshape, 'shape')!.type)).toBe('tensor<3xi64>');
    expect(String(reshape.result().type)).toBe('tensor<4x2x3xf32>');
    const sm = computeOps(importTest('test_softmax_axis_1').module)[0]!;
    expect(String(sm.attr('axis'))).toBe('1 : i64');
    expect(plain(onnxAttr(computeOps(importTest('test_relu').module)[0]!, 'alpha'))).toBeUndefined();
  });
});

describe.runIf(haveTestdata)('ONNX import of every supported libonnx-testdata model', () => {
  // Models whose operators are all in the onnx dialect, at opsets 10 to 21. Each
  // must import, pass the verifier (so declared output types agree with shape
  // inference), and print text that parses back to the same text; the few that
  // cannot are listed with the reason npuc rejects them.
  const expectedErrors: Record<string, RegExp> = {
    test_identity_opt: /is an optional; only tensors are supported/,
    test_identity_sequence: /is a sequence; only tensors are supported/,
    test_reshape_allowzero_reordered: /zero-size tensor/,
    test_reduce_sum_default_axes_keepdims_example: /zero-size tensor/,
    test_reduce_sum_default_axes_keepdims_random: /zero-size tensor/,
    test_reduce_sum_empty_axes_input_noop_example: /zero-size tensor/,
    test_reduce_sum_empty_axes_input_noop_random: /zero-size tensor/,
    test_reduce_sum_negative_axes_keepdims_random: /zero-size tensor/,
  };
  it('imports, verifies and round-trips them all', () => {
    const failures: string[] = [];
    let imported = 0;
    for (const name of readdirSync(testdata).sort()) {
      const path = join(testdata, name, 'model.onnx');
      if (!existsSync(path)) continue;
      const m = onnx.ModelProto.decode(readFileSync(path));
      const opset = Number(m.opsetImport.find((o) => !o.domain || o.domain === 'ai.onnx')?.version ?? 0);
      if (opset < 10 || opset > 21) continue;
      const supported = m.graph!.node.every((n) => lookupOnnxSpec(n.domain === 'ai.onnx' ? '' : (n.domain ?? ''), n.opType!) || (n.opType === 'Constant' && !n.domain));
      if (!supported) continue;
      try {
        const module = importOnnxFile(path, { fileName: 'model.onnx' });
        const text = printOp(module, { debugInfo: true });
        const again = parseModule(text, { file: 'x.mlir' });
        const problems = verify(again);
        if (problems.length) throw new Error(problems[0]!.message);
        if (printOp(again, { debugInfo: true }) !== text) throw new Error('printed text changed after parsing');
        if (expectedErrors[name]) failures.push(`${name}: imported, but expected ${expectedErrors[name]}`);
        imported++;
      } catch (e) {
        const msg = e instanceof DiagnosticError ? new SourceManager().render(e.diagnostic) : String(e);
        if (!expectedErrors[name]?.test(msg)) failures.push(`${name}: ${msg}`);
      }
    }
    expect(failures).toEqual([]);
    expect(imported).toBeGreaterThan(200);
  });
});

describe('ONNX import of built models', () => {
  it('imports initializers as onnx.Constant located at their names, and a Constant node', () => {
    const m = importOnnxModel(
      model({
        nodes: [
          node('Constant', [], ['k'], { name: 'kc', attribute: [{ name: 'value_floats', type: 6, floats: [1, 2, 3] }] }),
          node('Add', ['x', 'b'], ['s'], { name: 'add1' }),
          node('Mul', ['s', 'k'], ['y'], { name: 'mul1' }),
        ],
        inputs: x1x3,
        initializers: [floatsInit('b', [3], [0.5, 1.5, 2.5])],
        outputs: [vi('y', 1, [1, 3])],
      }),
    );
    const ops = bodyOps(m);
    expect(ops.map((o) => o.name)).toEqual(['onnx.Constant', 'onnx.Add', 'onnx.Constant', 'onnx.Mul', 'func.return']);
    expect(String(ops[0]!.attr('value'))).toBe('dense<[5.000000e-01, 1.500000e+00, 2.500000e+00]> : tensor<3xf32>');
    expect(ops[0]!.loc).toEqual(new NameLoc('b'));
    expect(ops[2]!.loc).toEqual(new NameLoc('kc'));
    expect(ops[1]!.loc).toEqual(new NameLoc('add1'));
    // Intermediate type from broadcasting (no value_info given).
    expect(String(ops[1]!.result().type)).toBe('tensor<1x3xf32>');
    expect(verify(m)).toEqual([]);
    const text = printOp(m);
    expect(text).toContain('func.func @main(%arg0: tensor<1x3xf32> {onnx.name = "x"}) -> (tensor<1x3xf32> {onnx.name = "y"})');
  });

  it('sorts nodes that are out of order, and uses value_info for intermediate types', () => {
    const m = importOnnxModel(
      model({
        nodes: [node('Relu', ['t'], ['y'], { name: 'second' }), node('Reshape', ['x', 'shape'], ['t'], { name: 'first' })],
        inputs: [vi('x', 1, [2, 3]), vi('shape', 7, [2])],
        valueInfo: [vi('t', 1, [3, 2])],
        outputs: [vi('y', 1, [3, 2])],
      }),
    );
    expect(computeOps(m).map((o) => (o.loc as NameLoc).name)).toEqual(['first', 'second']);
    expect(String(computeOps(m)[0]!.result().type)).toBe('tensor<3x2xf32>');
  });

  it('a node without a name is located at its outputs (fused when several)', () => {
    const m = importOnnxModel(
      model({
        nodes: [node('MaxPool', ['x'], ['y', 'idx'], { attribute: [ints('kernel_shape', [2, 2])] })],
        inputs: [vi('x', 1, [1, 1, 4, 4])],
        outputs: [vi('y', 1, [1, 1, 3, 3]), vi('idx', 7, [1, 1, 3, 3])],
      }),
    );
    const op = computeOps(m)[0]!;
    expect(String(op.loc)).toBe('loc(fused["y", "idx"])');
    expect(String(onnxResult(op, 'Indices')!.type)).toBe('tensor<1x1x3x3xi64>');
  });

  it('--input-shape fixes dynamic dimensions', () => {
    const bytes = model({ nodes: [node('Relu', ['x'], ['y'])], inputs: [vi('x', 1, ['N', 3, 'H', 'W'])], outputs: [vi('y', 1, ['N', 3, 'H', 'W'])] });
    const m = importOnnxModel(bytes, { inputShapes: new Map([['x', [1, 3, 8, 8]]]) });
    expect(mainArgs(m)).toEqual(['tensor<1x3x8x8xf32>']);
    expect(String(computeOps(m)[0]!.result().type)).toBe('tensor<1x3x8x8xf32>');
    expect(importError(bytes, { inputShapes: new Map([['x', [1, 3, 8]]]) })).toBe(
      "model.onnx: error: --input-shape x=1x3x8 has rank 3, but the model's input has rank 4",
    );
    expect(importError(bytes, { inputShapes: new Map([['x', [1, 4, 8, 8]]]) })).toBe(
      "model.onnx: error: --input-shape x=1x4x8x8 conflicts with the model's static dimension 1 (3)",
    );
    expect(importError(bytes, { inputShapes: new Map([['z', [1]]]) })).toContain("--input-shape names 'z', which is not a graph input (inputs: 'x')");
    expect(parseInputShape('x=1x3x224x224')).toEqual(['x', [1, 3, 224, 224]]);
    expect(parseInputShape('a=b=2')).toEqual(['a=b', [2]]);
    expect(() => parseInputShape('x=1x-3')).toThrow(/positive integers/);
    expect(() => parseInputShape('x')).toThrow(/NAME=DIMS/);
  });

  it('normalizes older operator versions: Clip-6 attributes, Squeeze-11 axes, ReduceMean-13 axes', () => {
    const clip = importOnnxModel(
      model({
        opset: 10,
        nodes: [node('Clip', ['x'], ['y'], { attribute: [{ name: 'max', type: 1, f: 6 }] })],
        inputs: x1x3,
        outputs: [vi('y', 1, [1, 3])],
      }),
    );
    const c = computeOps(clip)[0]!;
    expect(String(c.attr('operandSegmentSizes'))).toBe('array<i32: 1, 0, 1>');
    expect(String(onnxOperand(c, 'max')!.definingOp!.attr('value'))).toBe('dense<6.000000e+00> : tensor<f32>');
    expect(c.attr('max')).toBeUndefined();

    const sq = importOnnxModel(
      model({ opset: 11, nodes: [node('Squeeze', ['x'], ['y'], { attribute: [ints('axes', [0])] })], inputs: x1x3, outputs: [vi('y', 1, [3])] }),
    );
    expect(String(onnxOperand(computeOps(sq)[0]!, 'axes')!.definingOp!.attr('value'))).toBe('dense<0> : tensor<1xi64>');

    const rm = importOnnxModel(
      model({
        opset: 13,
        nodes: [node('ReduceMean', ['x'], ['y'], { attribute: [ints('axes', [1]), int('keepdims', 0)] })],
        inputs: x1x3,
        outputs: [vi('y', 1, [1])],
      }),
    );
    const r = computeOps(rm)[0]!;
    expect(String(onnxOperand(r, 'axes')!.definingOp!.attr('value'))).toBe('dense<1> : tensor<1xi64>');
    expect(String(r.result().type)).toBe('tensor<1xf32>');
  });

  it('opset 10: Pad-2 attributes become inputs; Resize-10 gets asymmetric coordinates and floor rounding', () => {
    const pad = importOnnxModel(
      model({
        opset: 10,
        nodes: [node('Pad', ['x'], ['y'], { attribute: [ints('pads', [0, 1, 0, 2]), { name: 'value', type: 1, f: 0.5 }] })],
        inputs: x1x3,
        outputs: [vi('y', 1, [1, 6])],
      }),
    );
    const p = computeOps(pad)[0]!;
    expect(String(onnxOperand(p, 'pads')!.definingOp!.attr('value'))).toBe('dense<[0, 1, 0, 2]> : tensor<4xi64>');
    expect(String(onnxOperand(p, 'constant_value')!.definingOp!.attr('value'))).toBe('dense<5.000000e-01> : tensor<f32>');
    expect(String(p.result().type)).toBe('tensor<1x6xf32>');
    const resize = importOnnxModel(
      model({
        opset: 10,
        nodes: [node('Resize', ['x', 's'], ['y'])],
        inputs: [vi('x', 1, [1, 1, 2, 2])],
        initializers: [floatsInit('s', [4], [1, 1, 2, 3])],
        outputs: [vi('y', 1, null)],
      }),
    );
    const r = computeOps(resize)[0]!;
    expect(String(r.attr('operandSegmentSizes'))).toBe('array<i32: 1, 0, 1, 0>');
    expect(plain(r.attr('coordinate_transformation_mode'))).toBe('asymmetric');
    expect(plain(r.attr('nearest_mode'))).toBe('floor');
    expect(String(r.result().type)).toBe('tensor<1x1x4x6xf32>');
  });

  it('float16 constants keep their exact bits (raw_data and int32_data)', () => {
    const m = importOnnxModel(
      model({
        nodes: [node('Add', ['x', 'h'], ['t']), node('Add', ['t', 'g'], ['y'])],
        inputs: [vi('x', 10, [2])],
        initializers: [
          { name: 'h', dataType: 10, dims: [2], rawData: Uint8Array.from([0x00, 0x3c, 0x01, 0x7e]) },
          { name: 'g', dataType: 10, dims: [2], int32Data: [0xc000, 0x7e01] },
        ],
        outputs: [vi('y', 10, [2])],
      }),
    );
    const consts = bodyOps(m).filter((o) => o.name === 'onnx.Constant');
    // 0x3C00 = 1.0, 0x7E01 = a NaN with a payload, 0xC000 = -2.0.
    expect(Array.from((consts[0]!.attr('value') as unknown as { raw: Uint8Array }).raw)).toEqual([0x00, 0x3c, 0x01, 0x7e]);
    expect(Array.from((consts[1]!.attr('value') as unknown as { raw: Uint8Array }).raw)).toEqual([0x00, 0xc0, 0x01, 0x7e]);
  });

  it('Softmax before opset 13 over a non-last axis becomes Flatten, Softmax(axis=1), Reshape', () => {
    const m = importOnnxModel(
      model({
        opset: 11,
        nodes: [node('Softmax', ['x'], ['y'], { name: 'sm' })],
        inputs: [vi('x', 1, [2, 3, 4])],
        outputs: [vi('y', 1, [2, 3, 4])],
      }),
    );
    const ops = computeOps(m);
    expect(ops.map((o) => o.name)).toEqual(['onnx.Flatten', 'onnx.Softmax', 'onnx.Reshape']);
    expect(String(ops[0]!.result().type)).toBe('tensor<2x12xf32>');
    expect(String(ops[1]!.attr('axis'))).toBe('1 : i64');
    expect(String(ops[2]!.result().type)).toBe('tensor<2x3x4xf32>');
    expect(verify(m)).toEqual([]);
    // axis = last: one Softmax, unchanged semantics.
    const last = importOnnxModel(
      model({ opset: 11, nodes: [node('Softmax', ['x'], ['y'], { attribute: [int('axis', -1)] })], inputs: x1x3, outputs: [vi('y', 1, [1, 3])] }),
    );
    expect(computeOps(last).map((o) => o.name)).toEqual(['onnx.Softmax']);
  });

  it('Resize: empty roi/scales initializers mean absent inputs; output size from constant sizes', () => {
    const m = importOnnxModel(
      model({
        nodes: [node('Resize', ['x', 'roi', 'scales', 'sizes'], ['y'], { name: 'up' })],
        inputs: [vi('x', 1, [1, 1, 2, 2])],
        initializers: [floatsInit('roi', [0], []), floatsInit('scales', [0], []), { name: 'sizes', dataType: 7, dims: [4], int64Data: [1, 1, 4, 4] }],
        outputs: [vi('y', 1, null)],
      }),
    );
    const op = computeOps(m)[0]!;
    expect(String(op.attr('operandSegmentSizes'))).toBe('array<i32: 1, 0, 0, 1>');
    expect(String(op.result().type)).toBe('tensor<1x1x4x4xf32>');
  });

  it('com.microsoft QLinearAdd imports as onnx.com.microsoft.QLinearAdd', () => {
    const q = (n: string, shape: number[]): onnxProto.onnx.IValueInfoProto => vi(n, 2, shape);
    const s = (n: string): onnxProto.onnx.IValueInfoProto => vi(n, 1, []);
    const m = importOnnxModel(
      model({
        opsets: [{ domain: '', version: 13 }, { domain: 'com.microsoft', version: 1 }],
        nodes: [node('QLinearAdd', ['a', 'as', 'az', 'b', 'bs', '', 'cs', 'cz'], ['c'], { name: 'qadd', domain: 'com.microsoft' })],
        inputs: [q('a', [1, 4]), s('as'), q('az', []), q('b', [4]), s('bs'), s('cs'), q('cz', [])],
        outputs: [q('c', [1, 4])],
      }),
    );
    const op = computeOps(m)[0]!;
    expect(op.name).toBe('onnx.com.microsoft.QLinearAdd');
    expect(String(op.attr('operandSegmentSizes'))).toBe('array<i32: 1, 1, 1, 1, 1, 0, 1, 1>');
    expect(onnxOperand(op, 'B_zero_point')).toBeNull();
    expect(verify(m)).toEqual([]);
    const text = printOp(m);
    expect(verify(parseModule(text, { file: 'x' }))).toEqual([]);
  });

  it('reads external-data initializers relative to the model directory', () => {
    const dir = mkdtempSync(join(tmpdir(), 'npuc-onnx-'));
    writeFileSync(join(dir, 'weights.bin'), new Uint8Array(new Float32Array([9, 1, 2, 3]).buffer));
    const bytes = model({
      nodes: [node('Add', ['x', 'w'], ['y'])],
      inputs: x1x3,
      initializers: [
        { name: 'w', dataType: 1, dims: [3], dataLocation: 1, externalData: [{ key: 'location', value: 'weights.bin' }, { key: 'offset', value: '4' }, { key: 'length', value: '12' }] },
      ],
      outputs: [vi('y', 1, [1, 3])],
    });
    writeFileSync(join(dir, 'm.onnx'), bytes);
    const m = importOnnxFile(join(dir, 'm.onnx'));
    expect(String(bodyOps(m)[0]!.attr('value'))).toBe('dense<[1.000000e+00, 2.000000e+00, 3.000000e+00]> : tensor<3xf32>');
  });
});

describe('ONNX import errors', () => {
  it('a truncated model or a file that is not protobuf', () => {
    const bytes = model({ nodes: [node('Add', ['x', 'b'], ['y'])], inputs: x1x3, initializers: [floatsInit('b', [3], [1, 2, 3])], outputs: [vi('y', 1, [1, 3])] });
    expect(importError(bytes.slice(0, bytes.length - 7))).toMatch(/^model\.onnx: error: not a valid ONNX model: /);
    expect(importError(new TextEncoder().encode('this is not a protobuf file\n'))).toMatch(/^model\.onnx: error: not a valid ONNX model: /);
    expect(importError(new Uint8Array())).toBe('model.onnx: error: not a valid ONNX model: it has no graph');
  });

  it('a graph with a cycle', () => {
    const bytes = model({
      nodes: [node('Add', ['x', 'c'], ['a'], { name: 'add' }), node('Relu', ['a'], ['c'], { name: 'relu' })],
      inputs: x1x3,
      outputs: [vi('a', 1, [1, 3])],
    });
    expect(importError(bytes)).toBe("model.onnx: node 'add' (Add): error: the graph has a cycle: 'add' (Add) -> 'relu' (Relu) -> 'add' (Add)");
    const self = model({ nodes: [node('Add', ['x', 'a'], ['a'], { name: 'self' })], inputs: x1x3, outputs: [vi('a', 1, [1, 3])] });
    expect(importError(self)).toBe("model.onnx: node 'self' (Add): error: the graph has a cycle: 'self' (Add) -> 'self' (Add)");
  });

  it('a missing initializer / dangling input name', () => {
    const bytes = model({
      nodes: [node('Conv', ['x', 'W'], ['y'], { name: 'conv1' })],
      inputs: [vi('x', 1, [1, 1, 4, 4])],
      outputs: [vi('y', 1, [1, 1, 2, 2])],
    });
    expect(importError(bytes)).toBe("model.onnx: node 'conv1' (Conv): error: input 'W' is not a graph input, an initializer or the output of any node");
    const out = model({ nodes: [node('Relu', ['x'], ['y'])], inputs: x1x3, outputs: [vi('z', 1, [1, 3])] });
    expect(importError(out)).toBe("model.onnx: error: graph output 'z' is not produced by any node, graph input or initializer");
  });

  it('an unsupported operator names the op type, the node and the domain', () => {
    const custom = model({
      opsets: [{ domain: '', version: 13 }, { domain: 'com.example', version: 1 }],
      nodes: [node('FooBar', ['x'], ['y'], { name: 'mystery', domain: 'com.example' })],
      inputs: x1x3,
      outputs: [vi('y', 1, [1, 3])],
    });
    expect(importError(custom)).toBe("model.onnx: node 'mystery' (com.example.FooBar): error: unsupported operator 'FooBar' (domain 'com.example')");
    const std = model({
      nodes: [node('Relu', ['x'], ['r']), node('NonMaxSuppression', ['r'], ['y'], { name: 'nms' }), node('TopK', ['r'], ['z', 'i'], { name: 'topk' })],
      inputs: x1x3,
      outputs: [vi('y', 1, [1, 3])],
    });
    expect(importError(std)).toBe(
      "model.onnx: node 'nms' (NonMaxSuppression): error: unsupported operator 'NonMaxSuppression' (domain 'ai.onnx', opset 13)\n" +
        "model.onnx: node 'nms' (NonMaxSuppression): note: the model also uses unsupported operators: TopK",
    );
  });

  it('dynamic dimensions without --input-shape name the input', () => {
    const bytes = model({ nodes: [node('Relu', ['images'], ['y'])], inputs: [vi('images', 1, ['batch', 3, 224, 224])], outputs: [vi('y', 1, ['batch', 3, 224, 224])] });
    expect(importError(bytes)).toBe(
      "model.onnx: error: input 'images' has dynamic dimension 0 ('batch'); give its shape with --input-shape images=Nx3x224x224",
    );
    const noShape = model({ nodes: [node('Relu', ['x'], ['y'])], inputs: [vi('x', 1, null)], outputs: [vi('y', 1, null)] });
    expect(importError(noShape)).toContain("model.onnx: error: input 'x' has no shape; give it with --input-shape x=<dims>");
  });

  it('an unsupported data type', () => {
    const input = model({ nodes: [node('Identity', ['s'], ['y'])], inputs: [vi('s', 8, [2])], outputs: [vi('y', 8, [2])] });
    expect(importError(input)).toBe("model.onnx: error: input 's' has unsupported element type STRING");
    const init = model({
      nodes: [node('Identity', ['s'], ['y'])],
      initializers: [{ name: 's', dataType: 8, dims: [1], stringData: [new TextEncoder().encode('hi')] }],
      outputs: [vi('y', 8, [1])],
    });
    expect(importError(init)).toBe("model.onnx: error: initializer 's': unsupported tensor element type STRING");
    const cnode = model({
      nodes: [node('Constant', [], ['k'], { name: 'k', attribute: [{ name: 'value_string', type: 3, s: new Uint8Array([65]) }] })],
      outputs: [vi('k', 1, [])],
    });
    expect(importError(cnode)).toBe("model.onnx: node 'k' (Constant): error: unsupported tensor element type STRING");
  });

  it('a zero-size tensor', () => {
    const bytes = model({
      nodes: [node('Add', ['x', 'e'], ['y'], { name: 'add' })],
      inputs: x1x3,
      initializers: [floatsInit('e', [0, 3], [])],
      outputs: [vi('y', 1, [1, 3])],
    });
    expect(importError(bytes)).toBe("model.onnx: node 'add' (Add): error: initializer 'e' is a zero-size tensor (tensor<0x3xf32>); zero-size tensors are not supported");
    const input = model({ nodes: [node('Relu', ['x'], ['y'])], inputs: [vi('x', 1, [0, 3])], outputs: [vi('y', 1, [0, 3])] });
    expect(importError(input)).toBe("model.onnx: error: input 'x' is a zero-size tensor (shape [0, 3]); zero-size tensors are not supported");
  });

  it('a 2 GB declared tensor in a 1 KB file is an error, not an allocation', () => {
    const bytes = model({
      nodes: [node('Add', ['x', 'big'], ['y'])],
      inputs: [vi('x', 1, [1024, 1024, 512])],
      initializers: [{ name: 'big', dataType: 1, dims: [1024, 1024, 512], rawData: new Uint8Array(16) }],
      outputs: [vi('y', 1, [1024, 1024, 512])],
    });
    expect(bytes.length).toBeLessThan(1024);
    const before = process.memoryUsage().arrayBuffers;
    expect(importError(bytes)).toBe(
      "model.onnx: error: initializer 'big': tensor 'big' has 16 bytes of data, shape [1024, 1024, 512] needs 2147483648",
    );
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(64 << 20);
    // The same through typed fields.
    const typed = model({
      nodes: [node('Add', ['x', 'big'], ['y'])],
      inputs: [vi('x', 1, [1024, 1024, 512])],
      initializers: [{ name: 'big', dataType: 1, dims: [1024, 1024, 512], floatData: [1, 2] }],
      outputs: [vi('y', 1, [1024, 1024, 512])],
    });
    expect(importError(typed)).toContain('has 2 values in float_data, shape [1024, 1024, 512] needs 536870912');
  });

  it('an unsupported opset', () => {
    expect(importError(relu(9))).toBe('model.onnx: error: unsupported ai.onnx opset version 9 (supported: 10 to 21)');
    expect(importError(relu(22))).toBe('model.onnx: error: unsupported ai.onnx opset version 22 (supported: 10 to 21)');
    const none = model({ opsets: [{ domain: 'com.microsoft', version: 1 }], nodes: [node('Relu', ['x'], ['y'])], inputs: x1x3, outputs: [vi('y', 1, [1, 3])] });
    expect(importError(none)).toBe('model.onnx: error: the model imports no ai.onnx opset (supported: 10 to 21)');
    // An operator newer than the model's opset.
    const hs = model({ opset: 13, nodes: [node('HardSwish', ['x'], ['y'], { name: 'hs' })], inputs: x1x3, outputs: [vi('y', 1, [1, 3])] });
    expect(importError(hs)).toBe("model.onnx: node 'hs' (HardSwish): error: operator 'HardSwish' does not exist in opset 13 (added in opset 14)");
  });

  it('bad attributes, inputs and declared types are node errors', () => {
    const unknownAttr = model({ nodes: [node('Relu', ['x'], ['y'], { name: 'r', attribute: [int('alpha', 1)] })], inputs: x1x3, outputs: [vi('y', 1, [1, 3])] });
    expect(importError(unknownAttr)).toBe("model.onnx: node 'r' (Relu): error: unknown attribute 'alpha' for Relu");
    const wrongKind = model({ nodes: [node('Concat', ['x', 'x'], ['y'], { name: 'c', attribute: [{ name: 'axis', type: 1, f: 1 }] })], inputs: x1x3, outputs: [vi('y', 1, [1, 6])] });
    expect(importError(wrongKind)).toBe("model.onnx: node 'c' (Concat): error: attribute 'axis' must be INT, got FLOAT");
    const missingAttr = model({ nodes: [node('Concat', ['x', 'x'], ['y'], { name: 'c' })], inputs: x1x3, outputs: [vi('y', 1, [1, 6])] });
    expect(importError(missingAttr)).toBe("model.onnx: node 'c' (Concat): error: missing required attribute 'axis'");
    const tooMany = model({ nodes: [node('Relu', ['x', 'x'], ['y'], { name: 'r' })], inputs: x1x3, outputs: [vi('y', 1, [1, 3])] });
    expect(importError(tooMany)).toBe("model.onnx: node 'r' (Relu): error: has 2 inputs, but Relu takes at most 1");
    const badType = model({ nodes: [node('Relu', ['x'], ['y'], { name: 'r' })], inputs: x1x3, outputs: [vi('y', 1, [3, 1])] });
    expect(importError(badType)).toBe("model.onnx: node 'r' (Relu): error: output 'y' is declared as tensor<3x1xf32>, but the inputs imply tensor<1x3xf32>");
    const bcast = model({ nodes: [node('Add', ['x', 'z'], ['y'], { name: 'a' })], inputs: [vi('x', 1, [2, 3]), vi('z', 1, [4])], outputs: [vi('y', 1, [2, 3])] });
    expect(importError(bcast)).toBe("model.onnx: node 'a' (Add): error: shapes [2x3], [4] do not broadcast");
    const dup = model({ nodes: [node('Relu', ['x'], ['y'], { name: 'a' }), node('Relu', ['x'], ['y'], { name: 'b' })], inputs: x1x3, outputs: [vi('y', 1, [1, 3])] });
    expect(importError(dup)).toBe("model.onnx: node 'b' (Relu): error: output 'y' is already produced by node 'a' (Relu)");
    const unnamed = model({ nodes: [node('Relu', ['x', 'x'], ['y'])], inputs: x1x3, outputs: [vi('y', 1, [1, 3])] });
    expect(importError(unnamed)).toBe('model.onnx: node #0 (Relu): error: has 2 inputs, but Relu takes at most 1');
    const noShape = model({ nodes: [node('Reshape', ['x', 's'], ['y'], { name: 'rs' })], inputs: [vi('x', 1, [1, 3]), vi('s', 7, [1])], outputs: [vi('y', 1, null)] });
    expect(importError(noShape)).toContain("model.onnx: node 'rs' (Reshape): error: cannot determine the shape of output 'y'");
    const seq = model({ nodes: [node('Identity', ['x'], ['y'])], inputs: [{ name: 'x', type: { sequenceType: { elemType: { tensorType: { elemType: 1 } } } } }], outputs: [vi('y', 1, [1])] });
    expect(importError(seq)).toBe("model.onnx: error: input 'x' is a sequence; only tensors are supported");
  });

  it('a missing file is a located error', () => {
    expect(() => importOnnxFile('/nonexistent/model.onnx')).toThrowError(DiagnosticError);
    try {
      importOnnxFile('/nonexistent/model.onnx');
    } catch (e) {
      expect(new SourceManager().render((e as DiagnosticError).diagnostic)).toBe(
        "/nonexistent/model.onnx: error: cannot read '/nonexistent/model.onnx': no such file",
      );
    }
  });

  it('onnx ops verify their types against shape inference after parsing', () => {
    const bad = `func.func @f(%x: tensor<1x3xf32>) -> tensor<3x3xf32> {
  %0 = "onnx.Relu"(%x) : (tensor<1x3xf32>) -> tensor<3x3xf32>
  return %0 : tensor<3x3xf32>
}`;
    const problems = verify(parseModule(bad, { file: 'x.mlir' }));
    expect(problems.map((d) => d.message)).toEqual([
      "'onnx.Relu' op result #0 ('Y') has type tensor<3x3xf32>, but the operands imply tensor<1x3xf32>",
    ]);
    const seg = `func.func @f(%x: tensor<1x3xf32>) -> tensor<1x3xf32> {
  %0 = "onnx.Clip"(%x) <{operandSegmentSizes = array<i32: 1, 1, 0>}> : (tensor<1x3xf32>) -> tensor<1x3xf32>
  return %0 : tensor<1x3xf32>
}`;
    expect(verify(parseModule(seg, { file: 'x.mlir' })).map((d) => d.message)[0]).toContain("'operandSegmentSizes' must have 3 entries");
  });
});
