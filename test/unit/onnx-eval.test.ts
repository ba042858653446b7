// Reference semantics of the onnx dialect's ops on small hand-computed cases
// (the arithmetic is in the comments), never taken from npuc's own output.

import { describe, expect, it } from 'vitest';
import { FloatType, IntegerType, parseModule, verify, type Type } from '../../src/index.js';
import { Tensor, type TensorData } from '../../src/ir/tensor.js';
import { evalFunction, functionsOf } from './support/interp.js';

const i8 = IntegerType.get(8);
const u8 = IntegerType.get(8, 'unsigned');
const i32 = IntegerType.get(32);
const f32 = FloatType.get('f32');

function tensor(shape: number[], et: Type, values: number[]): Tensor {
  let data: TensorData;
  if (et === i8) data = Int8Array.from(values);
  else if (et === u8) data = Uint8Array.from(values);
  else if (et === i32) data = Int32Array.from(values);
  else data = Float32Array.from(values);
  return new Tensor(shape, et, data);
}

function run(signature: string, body: string, args: Tensor[]): Tensor[] {
  const m = parseModule(`func.func @main${signature} {\n${body}\n}`, { file: 'onnx-eval.mlir' });
  expect(verify(m).map(String)).toEqual([]);
  return evalFunction(functionsOf(m).get('main')!, args) as Tensor[];
}

describe('onnx.QuantizeLinear', () => {
  it('rounds half to even and saturates', () => {
    // scale 1, zero point 0: y = saturate(rint(x)).
    // 2.5 -> 2 (tie to even), 3.5 -> 4, -2.5 -> -2, 0.5 -> 0, 1.5 -> 2,
    // 300 -> 127 and -300 -> -128 (int8 saturation), 2.6 -> 3.
    const [y] = run(
      '(%x: tensor<8xf32>, %s: tensor<f32>, %z: tensor<i8>) -> tensor<8xi8>',
      '  %0 = "onnx.QuantizeLinear"(%x, %s, %z) : (tensor<8xf32>, tensor<f32>, tensor<i8>) -> tensor<8xi8>\n  func.return %0 : tensor<8xi8>',
      [tensor([8], f32, [2.5, 3.5, -2.5, 0.5, 1.5, 300, -300, 2.6]), tensor([], f32, [1]), tensor([], i8, [0])],
    );
    expect(Array.from(y!.data as Int8Array)).toEqual([2, 4, -2, 0, 2, 127, -128, 3]);
  });

  it('adds the zero point after rounding and saturates to uint8', () => {
    // scale 2, zero point 128: x/2 = 1.25 -> 1 -> 129; 5/2 = 2.5 -> 2 -> 130;
    // 7/2 = 3.5 -> 4 -> 132; -1000/2 = -500 -> -372 -> 0; 1000/2 = 500 -> 628 -> 255.
    const [y] = run(
      '(%x: tensor<5xf32>, %s: tensor<f32>, %z: tensor<ui8>) -> tensor<5xui8>',
      '  %0 = "onnx.QuantizeLinear"(%x, %s, %z) : (tensor<5xf32>, tensor<f32>, tensor<ui8>) -> tensor<5xui8>\n  func.return %0 : tensor<5xui8>',
      [tensor([5], f32, [2.5, 5, 7, -1000, 1000]), tensor([], f32, [2]), tensor([], u8, [128])],
    );
    expect(Array.from(y!.data as Uint8Array)).toEqual([129, 130, 132, 0, 255]);
  });

  it('quantizes per axis', () => {
    // x is 2x2, axis 0: row 0 uses scale 1 / zp 0, row 1 scale 4 / zp 10.
    // row 0: [3, -3]; row 1: [8/4 + 10, -6/4 = -1.5 -> -2, + 10] = [12, 8].
    const [y] = run(
      '(%x: tensor<2x2xf32>, %s: tensor<2xf32>, %z: tensor<2xi8>) -> tensor<2x2xi8>',
      '  %0 = "onnx.QuantizeLinear"(%x, %s, %z) {axis = 0 : i64} : (tensor<2x2xf32>, tensor<2xf32>, tensor<2xi8>) -> tensor<2x2xi8>\n  func.return %0 : tensor<2x2xi8>',
      [tensor([2, 2], f32, [3, -3, 8, -6]), tensor([2], f32, [1, 4]), tensor([2], i8, [0, 10])],
    );
    expect(Array.from(y!.data as Int8Array)).toEqual([3, -3, 12, 8]);
  });
});

describe('onnx.DequantizeLinear', () => {
  it('computes (x - zero point) * scale', () => {
    // (0 - 128) * 0.5 = -64; (128 - 128) * 0.5 = 0; (255 - 128) * 0.5 = 63.5.
    const [y] = run(
      '(%x: tensor<3xui8>, %s: tensor<f32>, %z: tensor<ui8>) -> tensor<3xf32>',
      '  %0 = "onnx.DequantizeLinear"(%x, %s, %z) : (tensor<3xui8>, tensor<f32>, tensor<ui8>) -> tensor<3xf32>\n  func.return %0 : tensor<3xf32>',
      [tensor([3], u8, [0, 128, 255]), tensor([], f32, [0.5]), tensor([], u8, [128])],
    );
    expect(Array.from(y!.data as Float32Array)).toEqual([-64, 0, 63.5]);
  });
});

describe('onnx.MatMulInteger and QLinearMatMul', () => {
  it('subtracts zero points before the exact product', () => {
    // A - 1 = [[0, 1], [2, 3]], B - 2 = [[1, -2], [0, 3]]:
    // [[0*1 + 1*0, 0*-2 + 1*3], [2*1 + 3*0, 2*-2 + 3*3]] = [[0, 3], [2, 5]].
    const [y] = run(
      '(%a: tensor<2x2xui8>, %b: tensor<2x2xui8>, %za: tensor<ui8>, %zb: tensor<ui8>) -> tensor<2x2xi32>',
      '  %0 = "onnx.MatMulInteger"(%a, %b, %za, %zb) {operandSegmentSizes = array<i32: 1, 1, 1, 1>} : (tensor<2x2xui8>, tensor<2x2xui8>, tensor<ui8>, tensor<ui8>) -> tensor<2x2xi32>\n  func.return %0 : tensor<2x2xi32>',
      [tensor([2, 2], u8, [1, 2, 3, 4]), tensor([2, 2], u8, [3, 0, 2, 5]), tensor([], u8, [1]), tensor([], u8, [2])],
    );
    expect(Array.from(y!.data as Int32Array)).toEqual([0, 3, 2, 5]);
  });

  it('requantizes with round half to even', () => {
    // a = [1, 3], b = [[1], [1]] (zero points 0): acc = 4.
    // scale a_scale * b_scale / y_scale = 1 * 0.625 / 1: 4 * 0.625 = 2.5 -> 2, + y_zero_point 1 = 3.
    const [y] = run(
      '(%a: tensor<1x2xi8>, %as: tensor<f32>, %az: tensor<i8>, %b: tensor<2x1xi8>, %bs: tensor<f32>, %bz: tensor<i8>, %ys: tensor<f32>, %yz: tensor<i8>) -> tensor<1x1xi8>',
      '  %0 = "onnx.QLinearMatMul"(%a, %as, %az, %b, %bs, %bz, %ys, %yz) : (tensor<1x2xi8>, tensor<f32>, tensor<i8>, tensor<2x1xi8>, tensor<f32>, tensor<i8>, tensor<f32>, tensor<i8>) -> tensor<1x1xi8>\n  func.return %0 : tensor<1x1xi8>',
      [
        tensor([1, 2], i8, [1, 3]),
        tensor([], f32, [1]),
        tensor([], i8, [0]),
        tensor([2, 1], i8, [1, 1]),
        tensor([], f32, [0.625]),
        tensor([], i8, [0]),
        tensor([], f32, [1]),
        tensor([], i8, [1]),
      ],
    );
    expect(Array.from(y!.data as Int8Array)).toEqual([3]);
  });
});

describe('onnx.AveragePool', () => {
  it('counts padding only with count_include_pad', () => {
    // x = [[1, 2], [3, 4]] (1x1x2x2), kernel 2x2, pads 1 on every side, stride 2: output 2x2.
    // Each window holds one real element: without count_include_pad it is the element
    // itself (1, 2, 3, 4); with it, the window has 4 padded positions: 1/4, 2/4, 3/4, 4/4.
    const sig = '(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32>';
    const body = (cip: number): string =>
      `  %0 = "onnx.AveragePool"(%x) {count_include_pad = ${cip} : i64, kernel_shape = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32>\n  func.return %0 : tensor<1x1x2x2xf32>`;
    const x = tensor([1, 1, 2, 2], f32, [1, 2, 3, 4]);
    expect(Array.from(run(sig, body(0), [x])[0]!.data as Float32Array)).toEqual([1, 2, 3, 4]);
    expect(Array.from(run(sig, body(1), [x])[0]!.data as Float32Array)).toEqual([0.25, 0.5, 0.75, 1]);
  });
});

describe('onnx.Add', () => {
  it('broadcasts and wraps uint8', () => {
    // [[250], [1]] + [10, 20] -> [[260 mod 256 = 4, 270 mod 256 = 14], [11, 21]].
    const [y] = run(
      '(%a: tensor<2x1xui8>, %b: tensor<2xui8>) -> tensor<2x2xui8>',
      '  %0 = "onnx.Add"(%a, %b) : (tensor<2x1xui8>, tensor<2xui8>) -> tensor<2x2xui8>\n  func.return %0 : tensor<2x2xui8>',
      [tensor([2, 1], u8, [250, 1]), tensor([2], u8, [10, 20])],
    );
    expect(Array.from(y!.data as Uint8Array)).toEqual([4, 14, 11, 21]);
  });
});

describe('onnx.QLinearConv and GlobalAveragePool', () => {
  it('requantizes per output channel', () => {
    // x = [2, 4] (1x1x1x2, zero point 0, scale 1); 1x1 kernels w = [1, 3] with
    // per-channel zero points [0, 1] and scales [0.25, 0.625]; y_scale 1, y_zero_point 0.
    // channel 0: acc = [2*1, 4*1] = [2, 4]; * 0.25 = [0.5 -> 0, 1].
    // channel 1: acc = [2*(3-1), 4*(3-1)] = [4, 8]; * 0.625 = [2.5 -> 2, 5].
    const [y] = run(
      '(%x: tensor<1x1x1x2xi8>, %xs: tensor<f32>, %xz: tensor<i8>, %w: tensor<2x1x1x1xi8>, %ws: tensor<2xf32>, %wz: tensor<2xi8>, %ys: tensor<f32>, %yz: tensor<i8>) -> tensor<1x2x1x2xi8>',
      '  %0 = "onnx.QLinearConv"(%x, %xs, %xz, %w, %ws, %wz, %ys, %yz) : (tensor<1x1x1x2xi8>, tensor<f32>, tensor<i8>, tensor<2x1x1x1xi8>, tensor<2xf32>, tensor<2xi8>, tensor<f32>, tensor<i8>) -> tensor<1x2x1x2xi8>\n  func.return %0 : tensor<1x2x1x2xi8>',
      [
        tensor([1, 1, 1, 2], i8, [2, 4]),
        tensor([], f32, [1]),
        tensor([], i8, [0]),
        tensor([2, 1, 1, 1], i8, [1, 3]),
        tensor([2], f32, [0.25, 0.625]),
        tensor([2], i8, [0, 1]),
        tensor([], f32, [1]),
        tensor([], i8, [0]),
      ],
    );
    expect(Array.from(y!.data as Int8Array)).toEqual([0, 1, 2, 5]);
  });

  it('averages over the spatial axes', () => {
    // channel 0: (1 + 2) / 2 = 1.5; channel 1: (3 + 5) / 2 = 4.
    const [y] = run(
      '(%x: tensor<1x2x1x2xf32>) -> tensor<1x2x1x1xf32>',
      '  %0 = "onnx.GlobalAveragePool"(%x) : (tensor<1x2x1x2xf32>) -> tensor<1x2x1x1xf32>\n  func.return %0 : tensor<1x2x1x1xf32>',
      [tensor([1, 2, 1, 2], f32, [1, 2, 3, 5])],
    );
    expect(Array.from(y!.data as Float32Array)).toEqual([1.5, 4]);
  });
});
