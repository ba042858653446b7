// Reference semantics of the tosa ops. Expected values are either worked out
// by hand (the arithmetic is in the comments) or computed by the naive BigInt
// reimplementations of the TOSA 1.0 pseudocode in this file, never taken from
// npuc's own output.

import { describe, expect, it } from 'vitest';
import { FloatType, IntegerType, IndexType, parseModule, verify, type Type } from '../../src/index.js';
import { Tensor, type TensorData } from '../../src/ir/tensor.js';
import { TosaRequireError } from '../../src/dialects/tosa/numerics.js';
import { mulRoundShift } from '../../src/dialects/tosa/elementwise.js';
import { evalFunction, functionsOf } from './support/interp.js';

const i1 = IntegerType.get(1);
const i8 = IntegerType.get(8);
const i16 = IntegerType.get(16);
const i32 = IntegerType.get(32);
const i48 = IntegerType.get(48);
const f32 = FloatType.get('f32');

function tensor(shape: number[], et: Type, values: ArrayLike<number>): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  let data: TensorData;
  if (et === i8) data = Int8Array.from(values);
  else if (et === i16) data = Int16Array.from(values);
  else if (et === i32) data = Int32Array.from(values);
  else if (et === i48) data = Float64Array.from(values);
  else if (et === i1) data = Uint8Array.from(values);
  else if (et === f32) data = Float32Array.from(values);
  else throw new Error(`no test storage for ${et}`);
  expect(data.length).toBe(n);
  return new Tensor(shape, et, data);
}

/** Parses and verifies `body` wrapped in a function, then evaluates it. */
function run(signature: string, body: string, args: Tensor[]): Tensor[] {
  const m = parseModule(`func.func @main${signature} {\n${body}\n}`, { file: 'tosa-eval.mlir' });
  const diags = verify(m);
  expect(diags.map(String)).toEqual([]);
  const fn = functionsOf(m).get('main')!;
  return evalFunction(fn, args) as Tensor[];
}
const values = (t: Tensor): number[] => Array.from(t.data as ArrayLike<number>, Number);

/** A deterministic PRNG (mulberry32), so failures reproduce. */
function rng(seed: number): (lo: number, hi: number) => number {
  let s = seed >>> 0;
  return (lo, hi) => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const r = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    return lo + Math.floor(r * (hi - lo + 1));
  };
}
const randomArray = (rand: (lo: number, hi: number) => number, n: number, lo: number, hi: number): number[] =>
  Array.from({ length: n }, () => rand(lo, hi));
const dims = (s: readonly number[]): string => s.join('x');
const zpConst = (name: string, v: number | string, t: string): string =>
  `  %${name} = "tosa.const"() <{values = dense<${v}> : tensor<1x${t}>}> : () -> tensor<1x${t}>`;

/** Flat index of `idx` in a row-major tensor of `shape` (independent of npuc's helpers). */
function flat(shape: readonly number[], idx: readonly number[]): number {
  let f = 0;
  for (let d = 0; d < shape.length; d++) f = f * shape[d]! + idx[d]!;
  return f;
}

// ---------------------------------------------------------------------------
// RESCALE

/** TOSA 1.0 RESCALE for one element, in BigInt (spec pseudocode, signed in/out). */
function refRescale(v: bigint, izp: bigint, m: bigint, s: bigint, doubleRound: boolean, ozp: bigint, outBits: number): bigint {
  const value = v - izp;
  let round = 1n << (s - 1n);
  if (doubleRound && s > 31n) round += value >= 0n ? 1n << 30n : -(1n << 30n);
  let r = (value * m + round) >> s;
  r += ozp;
  const lo = -(1n << BigInt(outBits - 1));
  const hi = (1n << BigInt(outBits - 1)) - 1n;
  return r < lo ? lo : r > hi ? hi : r;
}

function rescaleText(mode: string, opts: { perChannel?: boolean; inUnsigned?: boolean; outUnsigned?: boolean; scale32?: boolean } = {}): string {
  return `{input_unsigned = ${opts.inUnsigned ?? false}, output_unsigned = ${opts.outUnsigned ?? false}, per_channel = ${opts.perChannel ?? false}, rounding_mode = ${mode}, scale32 = ${opts.scale32 ?? true}}`;
}

describe('tosa.rescale', () => {
  // multiplier 2^30, shift 40: the scale is 2^30 / 2^40 = 1/1024. Output zero point 3.
  //   -1536/1024 = -1.5:    SINGLE floor(-1.5 + 0.5) = -1;  DOUBLE floor(-1.5 + 0.5 - 2^30/2^40) = -2
  //     511/1024 = 0.499:   SINGLE floor(0.499 + 0.5) = 0;   DOUBLE floor(0.499 + 0.5 + 1/1024) = floor(1.0) = 1
  //    1536/1024 = 1.5:     both 2
  //     100/1024 = 0.098:   both 0
  //  1000000/1024 = 976.6:  saturates to 127 (after + 3)
  const body = (mode: string): string => `
  %m = "tosa.const"() <{values = dense<1073741824> : tensor<1xi32>}> : () -> tensor<1xi32>
  %s = "tosa.const"() <{values = dense<40> : tensor<1xi8>}> : () -> tensor<1xi8>
${zpConst('iz', 0, 'i32')}
${zpConst('oz', 3, 'i8')}
  %0 = tosa.rescale %x, %m, %s, %iz, %oz ${rescaleText(mode)} : (tensor<5xi32>, tensor<1xi32>, tensor<1xi8>, tensor<1xi32>, tensor<1xi8>) -> tensor<5xi8>
  return %0 : tensor<5xi8>`;
  const x = tensor([5], i32, [-1536, 511, 1536, 100, 1000000]);

  it('SINGLE_ROUND and DOUBLE_ROUND differ as the spec says', () => {
    const [single] = run('(%x: tensor<5xi32>) -> tensor<5xi8>', body('SINGLE_ROUND'), [x]);
    const [double] = run('(%x: tensor<5xi32>) -> tensor<5xi8>', body('DOUBLE_ROUND'), [x]);
    expect(values(single!)).toEqual([-1 + 3, 0 + 3, 2 + 3, 0 + 3, 127]);
    expect(values(double!)).toEqual([-2 + 3, 1 + 3, 2 + 3, 0 + 3, 127]);
  });

  it('applies per-channel multipliers and shifts along the last axis', () => {
    // channel 0: x * 2^30 >> 31 = x/2; channel 1: x * 2^30 >> 30 = x. zp 0.
    // [[7, 7], [-7, -7]] -> [[floor(3.5 + .5) = 4, 7], [floor(-3.5 + .5) = -3, -7]]
    const [r] = run(
      '(%x: tensor<2x2xi32>) -> tensor<2x2xi8>',
      `
  %m = "tosa.const"() <{values = dense<1073741824> : tensor<2xi32>}> : () -> tensor<2xi32>
  %s = "tosa.const"() <{values = dense<[31, 30]> : tensor<2xi8>}> : () -> tensor<2xi8>
${zpConst('iz', 0, 'i32')}
${zpConst('oz', 0, 'i8')}
  %0 = tosa.rescale %x, %m, %s, %iz, %oz ${rescaleText('SINGLE_ROUND', { perChannel: true })} : (tensor<2x2xi32>, tensor<2xi32>, tensor<2xi8>, tensor<1xi32>, tensor<1xi8>) -> tensor<2x2xi8>
  return %0 : tensor<2x2xi8>`,
      [tensor([2, 2], i32, [7, 7, -7, -7])],
    );
    expect(values(r!)).toEqual([4, 7, -3, -7]);
  });

  it('reads unsigned input and writes unsigned output by zero extension', () => {
    // uint8 -> int8: stored i8 -56 is uint8 200; input_zp stored -128 is 128. (200 - 128) * 1 = 72.
    // stored 0 is uint8 0: 0 - 128 = -128.
    const [a] = run(
      '(%x: tensor<2xi8>) -> tensor<2xi8>',
      `
  %m = "tosa.const"() <{values = dense<1073741824> : tensor<1xi32>}> : () -> tensor<1xi32>
  %s = "tosa.const"() <{values = dense<30> : tensor<1xi8>}> : () -> tensor<1xi8>
${zpConst('iz', -128, 'i8')}
${zpConst('oz', 0, 'i8')}
  %0 = tosa.rescale %x, %m, %s, %iz, %oz ${rescaleText('SINGLE_ROUND', { inUnsigned: true })} : (tensor<2xi8>, tensor<1xi32>, tensor<1xi8>, tensor<1xi8>, tensor<1xi8>) -> tensor<2xi8>
  return %0 : tensor<2xi8>`,
      [tensor([2], i8, [-56, 0])],
    );
    expect(values(a!)).toEqual([72, -128]);
    // int8 -> uint8: -100 - (-100) = 0, + output_zp 128 = 128, stored as i8 -128;
    // 127 + 100 = 227 + 128 = 355 clips to 255, stored as -1; -128 + 100 = -28 + 128 = 100.
    const [b] = run(
      '(%x: tensor<3xi8>) -> tensor<3xi8>',
      `
  %m = "tosa.const"() <{values = dense<1073741824> : tensor<1xi32>}> : () -> tensor<1xi32>
  %s = "tosa.const"() <{values = dense<30> : tensor<1xi8>}> : () -> tensor<1xi8>
${zpConst('iz', -100, 'i8')}
${zpConst('oz', -128, 'i8')}
  %0 = tosa.rescale %x, %m, %s, %iz, %oz ${rescaleText('SINGLE_ROUND', { outUnsigned: true })} : (tensor<3xi8>, tensor<1xi32>, tensor<1xi8>, tensor<1xi8>, tensor<1xi8>) -> tensor<3xi8>
  return %0 : tensor<3xi8>`,
      [tensor([3], i8, [-100, 127, -128])],
    );
    expect(values(b!)).toEqual([-128, -1, 100]);
  });

  it('uses apply_scale_16 for scale32 = false on int48 input', () => {
    // 2^40 * 16384 >> 30 = 2^40 * 2^14 / 2^30 = 2^24 = 16777216 -> saturates to int16 32767.
    // 3 * 16384 >> 15 = 1.5 -> floor(1.5 + 0.5) = 2;  -3 -> floor(-1.5 + 0.5) = -1.
    const sig = '(%x: tensor<3xi48>) -> tensor<3xi16>';
    const body2 = (shift: number): string => `
  %m = "tosa.const"() <{values = dense<16384> : tensor<1xi16>}> : () -> tensor<1xi16>
  %s = "tosa.const"() <{values = dense<${shift}> : tensor<1xi8>}> : () -> tensor<1xi8>
${zpConst('iz', 0, 'i48')}
${zpConst('oz', 0, 'i16')}
  %0 = tosa.rescale %x, %m, %s, %iz, %oz ${rescaleText('SINGLE_ROUND', { scale32: false })} : (tensor<3xi48>, tensor<1xi16>, tensor<1xi8>, tensor<1xi48>, tensor<1xi16>) -> tensor<3xi16>
  return %0 : tensor<3xi16>`;
    expect(values(run(sig, body2(30), [tensor([3], i48, [2 ** 40, 0, -(2 ** 40)])])[0]!)).toEqual([32767, 0, -32768]);
    expect(values(run(sig, body2(15), [tensor([3], i48, [3, -3, 0])])[0]!)).toEqual([2, -1, 0]);
  });

  it('matches a BigInt reference on random int32 -> int8 rescales, both rounding modes', () => {
    const rand = rng(1234);
    for (let trial = 0; trial < 40; trial++) {
      const n = 64;
      const xs = randomArray(rand, n, -(2 ** 31), 2 ** 31 - 1);
      const m = rand(2 ** 30, 2 ** 31 - 1);
      const s = rand(32, 62);
      const ozp = rand(-128, 127);
      const mode = trial % 2 ? 'DOUBLE_ROUND' : 'SINGLE_ROUND';
      const [r] = run(
        `(%x: tensor<${n}xi32>) -> tensor<${n}xi8>`,
        `
  %m = "tosa.const"() <{values = dense<${m}> : tensor<1xi32>}> : () -> tensor<1xi32>
  %s = "tosa.const"() <{values = dense<${s}> : tensor<1xi8>}> : () -> tensor<1xi8>
${zpConst('iz', 0, 'i32')}
${zpConst('oz', ozp, 'i8')}
  %0 = tosa.rescale %x, %m, %s, %iz, %oz ${rescaleText(mode)} : (tensor<${n}xi32>, tensor<1xi32>, tensor<1xi8>, tensor<1xi32>, tensor<1xi8>) -> tensor<${n}xi8>
  return %0 : tensor<${n}xi8>`,
        [tensor([n], i32, xs)],
      );
      const want = xs.map((v) => Number(refRescale(BigInt(v), 0n, BigInt(m), BigInt(s), mode === 'DOUBLE_ROUND', BigInt(ozp), 8)));
      expect(values(r!)).toEqual(want);
    }
  });

  it('matches the reference on random int8 -> int16 rescales with zero points', () => {
    const rand = rng(99);
    for (let trial = 0; trial < 40; trial++) {
      const n = 32;
      const xs = randomArray(rand, n, -128, 127);
      const m = rand(0, 2 ** 31 - 1);
      const s = rand(10, 45); // |x - zp| <= 255 < 2^(s-1)
      const izp = rand(-128, 127);
      const mode = trial % 2 ? 'DOUBLE_ROUND' : 'SINGLE_ROUND';
      const [r] = run(
        `(%x: tensor<${n}xi8>) -> tensor<${n}xi16>`,
        `
  %m = "tosa.const"() <{values = dense<${m}> : tensor<1xi32>}> : () -> tensor<1xi32>
  %s = "tosa.const"() <{values = dense<${s}> : tensor<1xi8>}> : () -> tensor<1xi8>
${zpConst('iz', izp, 'i8')}
${zpConst('oz', 0, 'i16')}
  %0 = tosa.rescale %x, %m, %s, %iz, %oz ${rescaleText(mode)} : (tensor<${n}xi8>, tensor<1xi32>, tensor<1xi8>, tensor<1xi8>, tensor<1xi16>) -> tensor<${n}xi16>
  return %0 : tensor<${n}xi16>`,
        [tensor([n], i8, xs)],
      );
      const want = xs.map((v) => Number(refRescale(BigInt(v), BigInt(izp), BigInt(m), BigInt(s), mode === 'DOUBLE_ROUND', 0n, 16)));
      expect(values(r!)).toEqual(want);
    }
  });

  it('REQUIREs the value to fit the shift (apply_scale_32)', () => {
    // shift 10 allows |value| < 2^9 = 512; 600 does not fit.
    expect(() =>
      run(
        '(%x: tensor<1xi32>) -> tensor<1xi8>',
        `
  %m = "tosa.const"() <{values = dense<1073741824> : tensor<1xi32>}> : () -> tensor<1xi32>
  %s = "tosa.const"() <{values = dense<10> : tensor<1xi8>}> : () -> tensor<1xi8>
${zpConst('iz', 0, 'i32')}
${zpConst('oz', 0, 'i8')}
  %0 = tosa.rescale %x, %m, %s, %iz, %oz ${rescaleText('SINGLE_ROUND')} : (tensor<1xi32>, tensor<1xi32>, tensor<1xi8>, tensor<1xi32>, tensor<1xi8>) -> tensor<1xi8>
  return %0 : tensor<1xi8>`,
        [tensor([1], i32, [600])],
      ),
    ).toThrow(TosaRequireError);
  });
});

// ---------------------------------------------------------------------------
// Convolutions and matmul against naive BigInt loops.

interface ConvCase {
  N: number;
  IH: number;
  IW: number;
  IC: number;
  OC: number;
  KH: number;
  KW: number;
  pad: [number, number, number, number];
  stride: [number, number];
  dil: [number, number];
}

function randomConvCase(rand: (lo: number, hi: number) => number, depthMultiplier = false): ConvCase & { OH: number; OW: number } {
  for (;;) {
    const c: ConvCase = {
      N: rand(1, 2),
      IH: rand(1, 7),
      IW: rand(1, 7),
      IC: rand(1, 4),
      OC: rand(1, depthMultiplier ? 3 : 5),
      KH: rand(1, 3),
      KW: rand(1, 3),
      pad: [rand(0, 2), rand(0, 2), rand(0, 2), rand(0, 2)],
      stride: [rand(1, 3), rand(1, 3)],
      dil: [rand(1, 2), rand(1, 2)],
    };
    const sy = c.IH - 1 + c.pad[0] + c.pad[1] - (c.KH - 1) * c.dil[0];
    const sx = c.IW - 1 + c.pad[2] + c.pad[3] - (c.KW - 1) * c.dil[1];
    if (sy < 0 || sx < 0 || sy % c.stride[0] || sx % c.stride[1]) continue;
    return { ...c, OH: sy / c.stride[0] + 1, OW: sx / c.stride[1] + 1 };
  }
}

/** TOSA 1.0 CONV2D, seven nested loops, BigInt accumulation. Weight [OC, KH, KW, IC]. */
function refConv2d(c: ConvCase & { OH: number; OW: number }, x: number[], w: number[], b: number[], izp: number, wzp: number): bigint[] {
  const out: bigint[] = [];
  for (let n = 0; n < c.N; n++)
    for (let oy = 0; oy < c.OH; oy++)
      for (let ox = 0; ox < c.OW; ox++)
        for (let oc = 0; oc < c.OC; oc++) {
          let acc = 0n;
          for (let ky = 0; ky < c.KH; ky++)
            for (let kx = 0; kx < c.KW; kx++)
              for (let ic = 0; ic < c.IC; ic++) {
                const y = oy * c.stride[0] - c.pad[0] + ky * c.dil[0];
                const xx = ox * c.stride[1] - c.pad[2] + kx * c.dil[1];
                if (y < 0 || y >= c.IH || xx < 0 || xx >= c.IW) continue; // padding is real zero
                const v = BigInt(x[flat([c.N, c.IH, c.IW, c.IC], [n, y, xx, ic])]!) - BigInt(izp);
                const wt = BigInt(w[flat([c.OC, c.KH, c.KW, c.IC], [oc, ky, kx, ic])]!) - BigInt(wzp);
                acc += v * wt;
              }
          acc += BigInt(b[b.length === 1 ? 0 : oc]!);
          out.push(acc);
        }
  return out;
}

function convText(op: string, c: ConvCase & { OH: number; OW: number }, wShape: number[], oc: number, bc: number, t: { x: string; b: string; acc: string }): { sig: string; body: string } {
  const xT = `tensor<${dims([c.N, c.IH, c.IW, c.IC])}x${t.x}>`;
  const wT = `tensor<${dims(wShape)}xi8>`;
  const bT = `tensor<${bc}x${t.b}>`;
  const oT = `tensor<${dims([c.N, c.OH, c.OW, oc])}x${t.acc}>`;
  return {
    sig: `(%x: ${xT}, %w: ${wT}, %b: ${bT}, %iz: tensor<1x${t.x}>, %wz: tensor<1xi8>) -> ${oT}`,
    body: `  %0 = tosa.${op} %x, %w, %b, %iz, %wz {acc_type = ${t.acc}, dilation = array<i64: ${c.dil.join(', ')}>, pad = array<i64: ${c.pad.join(', ')}>, stride = array<i64: ${c.stride.join(', ')}>} : (${xT}, ${wT}, ${bT}, tensor<1x${t.x}>, tensor<1xi8>) -> ${oT}
  return %0 : ${oT}`,
  };
}

describe('tosa.conv2d', () => {
  it('treats padding as real zero: the input zero point is subtracted first', () => {
    // 1x1 input of 7 with input_zp 5 (real value 2), 3x3 kernel of ones, pad 1 on every side:
    // only the centre tap sees the input, so out = (7 - 5) * (1 - 0) + bias 10 = 12.
    // (Padding with the stored value 0 instead would add 8 * (0 - 5) = -40.)
    const c = { N: 1, IH: 1, IW: 1, IC: 1, OC: 1, KH: 3, KW: 3, pad: [1, 1, 1, 1] as [number, number, number, number], stride: [1, 1] as [number, number], dil: [1, 1] as [number, number], OH: 1, OW: 1 };
    const { sig, body } = convText('conv2d', c, [1, 3, 3, 1], 1, 1, { x: 'i8', b: 'i32', acc: 'i32' });
    const [r] = run(sig, body, [
      tensor([1, 1, 1, 1], i8, [7]),
      tensor([1, 3, 3, 1], i8, Array(9).fill(1)),
      tensor([1], i32, [10]),
      tensor([1], i8, [5]),
      tensor([1], i8, [0]),
    ]);
    expect(values(r!)).toEqual([12]);
  });

  it('matches a naive BigInt conv on random int8 cases (shapes, pads, strides, dilations, zero points)', () => {
    const rand = rng(42);
    for (let trial = 0; trial < 60; trial++) {
      const c = randomConvCase(rand);
      const x = randomArray(rand, c.N * c.IH * c.IW * c.IC, -128, 127);
      const w = randomArray(rand, c.OC * c.KH * c.KW * c.IC, -128, 127);
      const bc = rand(0, 1) ? c.OC : 1;
      const b = randomArray(rand, bc, -50000, 50000);
      const izp = rand(-128, 127);
      const wzp = rand(-128, 127);
      const { sig, body } = convText('conv2d', c, [c.OC, c.KH, c.KW, c.IC], c.OC, bc, { x: 'i8', b: 'i32', acc: 'i32' });
      const [r] = run(sig, body, [
        tensor([c.N, c.IH, c.IW, c.IC], i8, x),
        tensor([c.OC, c.KH, c.KW, c.IC], i8, w),
        tensor([bc], i32, b),
        tensor([1], i8, [izp]),
        tensor([1], i8, [wzp]),
      ]);
      expect(r!.shape).toEqual([c.N, c.OH, c.OW, c.OC]);
      expect(values(r!)).toEqual(refConv2d(c, x, w, b, izp, wzp).map(Number));
    }
  });

  it('accumulates int16 x int8 in int48, beyond 2^31, exactly', () => {
    // 3x3 input of 32767 in 64 channels, 3x3 weights of 127, no padding: one output of
    //   576 taps * 32767 * 127 + 5 = 576 * 4161409 + 5 = 2396971584 + 5 = 2396971589 > 2^31 = 2147483648
    // and with weights of -128: 32767 * 128 = 4194176, 576 * 4194176 = 2415845376, so -2415845376 - 5 = -2415845381.
    const c = { N: 1, IH: 3, IW: 3, IC: 64, OC: 2, KH: 3, KW: 3, pad: [0, 0, 0, 0] as [number, number, number, number], stride: [1, 1] as [number, number], dil: [1, 1] as [number, number], OH: 1, OW: 1 };
    const { sig, body } = convText('conv2d', c, [2, 3, 3, 64], 2, 2, { x: 'i16', b: 'i48', acc: 'i48' });
    const w = [...Array(576).fill(127), ...Array(576).fill(-128)];
    const [r] = run(sig, body, [
      tensor([1, 3, 3, 64], i16, Array(576).fill(32767)),
      tensor([2, 3, 3, 64], i8, w),
      tensor([2], i48, [5, -5]),
      tensor([1], i16, [0]),
      tensor([1], i8, [0]),
    ]);
    expect(r!.data).toBeInstanceOf(Float64Array);
    expect(values(r!)).toEqual([2396971589, -2415845381]);
  });

  it('matches a naive BigInt conv on random int16 cases', () => {
    const rand = rng(7);
    for (let trial = 0; trial < 30; trial++) {
      const c = randomConvCase(rand);
      const x = randomArray(rand, c.N * c.IH * c.IW * c.IC, -32768, 32767);
      const w = randomArray(rand, c.OC * c.KH * c.KW * c.IC, -128, 127);
      const b = randomArray(rand, c.OC, -(2 ** 40), 2 ** 40);
      const wzp = rand(-128, 127);
      const { sig, body } = convText('conv2d', c, [c.OC, c.KH, c.KW, c.IC], c.OC, c.OC, { x: 'i16', b: 'i48', acc: 'i48' });
      const [r] = run(sig, body, [
        tensor([c.N, c.IH, c.IW, c.IC], i16, x),
        tensor([c.OC, c.KH, c.KW, c.IC], i8, w),
        tensor([c.OC], i48, b),
        tensor([1], i16, [0]),
        tensor([1], i8, [wzp]),
      ]);
      expect(values(r!)).toEqual(refConv2d(c, x, w, b, 0, wzp).map(Number));
    }
  });

  it('accumulates floats in f32', () => {
    // [1.5, 2] . [2, 3] + 0.25 = 3 + 6 + 0.25 = 9.25
    const c = { N: 1, IH: 1, IW: 1, IC: 2, OC: 1, KH: 1, KW: 1, pad: [0, 0, 0, 0] as [number, number, number, number], stride: [1, 1] as [number, number], dil: [1, 1] as [number, number], OH: 1, OW: 1 };
    const xT = 'tensor<1x1x1x2xf32>';
    const [r] = run(
      `(%x: ${xT}, %w: ${xT}, %b: tensor<1xf32>) -> tensor<1x1x1x1xf32>`,
      `${zpConst('z', '0.0', 'f32')}
  %0 = tosa.conv2d %x, %w, %b, %z, %z {acc_type = f32, dilation = array<i64: ${c.dil.join(', ')}>, pad = array<i64: ${c.pad.join(', ')}>, stride = array<i64: 1, 1>} : (${xT}, ${xT}, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x1x1xf32>
  return %0 : tensor<1x1x1x1xf32>`,
      [tensor([1, 1, 1, 2], f32, [1.5, 2]), tensor([1, 1, 1, 2], f32, [2, 3]), tensor([1], f32, [0.25])],
    );
    expect(values(r!)).toEqual([9.25]);
  });

  it('REQUIREs the int32 accumulator not to overflow', () => {
    // 64 channels * 3x3 taps of (-128 - 127) * (-128 - 127) = 576 * 65025 = 37454400 fits; with a bias of
    // 2^31 - 1 - 37454400 + 1 the final add overflows int32.
    const c = { N: 1, IH: 3, IW: 3, IC: 64, OC: 1, KH: 3, KW: 3, pad: [0, 0, 0, 0] as [number, number, number, number], stride: [1, 1] as [number, number], dil: [1, 1] as [number, number], OH: 1, OW: 1 };
    const { sig, body } = convText('conv2d', c, [1, 3, 3, 64], 1, 1, { x: 'i8', b: 'i32', acc: 'i32' });
    const args = (bias: number): Tensor[] => [
      tensor([1, 3, 3, 64], i8, Array(576).fill(-128)),
      tensor([1, 3, 3, 64], i8, Array(576).fill(-128)),
      tensor([1], i32, [bias]),
      tensor([1], i8, [127]),
      tensor([1], i8, [127]),
    ];
    expect(values(run(sig, body, args(2 ** 31 - 1 - 37454400))[0]!)).toEqual([2 ** 31 - 1]);
    expect(() => run(sig, body, args(2 ** 31 - 1 - 37454400 + 1))).toThrow(TosaRequireError);
  });
});

describe('tosa.depthwise_conv2d', () => {
  it('matches a naive BigInt depthwise conv on random cases', () => {
    const rand = rng(5);
    for (let trial = 0; trial < 40; trial++) {
      const c = randomConvCase(rand, true);
      const M = c.OC; // depth multiplier
      const C = c.IC;
      const x = randomArray(rand, c.N * c.IH * c.IW * C, -128, 127);
      const w = randomArray(rand, c.KH * c.KW * C * M, -128, 127);
      const b = randomArray(rand, C * M, -1000, 1000);
      const izp = rand(-128, 127);
      const wzp = rand(-128, 127);
      const { sig, body } = convText('depthwise_conv2d', c, [c.KH, c.KW, C, M], C * M, C * M, { x: 'i8', b: 'i32', acc: 'i32' });
      const [r] = run(sig, body, [
        tensor([c.N, c.IH, c.IW, C], i8, x),
        tensor([c.KH, c.KW, C, M], i8, w),
        tensor([C * M], i32, b),
        tensor([1], i8, [izp]),
        tensor([1], i8, [wzp]),
      ]);
      // TOSA 1.0 DEPTHWISE_CONV2D: output channel c * M + m sees input channel c, weight [ky, kx, c, m].
      const want: number[] = [];
      for (let n = 0; n < c.N; n++)
        for (let oy = 0; oy < c.OH; oy++)
          for (let ox = 0; ox < c.OW; ox++)
            for (let ch = 0; ch < C; ch++)
              for (let m = 0; m < M; m++) {
                let acc = 0n;
                for (let ky = 0; ky < c.KH; ky++)
                  for (let kx = 0; kx < c.KW; kx++) {
                    const y = oy * c.stride[0] - c.pad[0] + ky * c.dil[0];
                    const xx = ox * c.stride[1] - c.pad[2] + kx * c.dil[1];
                    if (y < 0 || y >= c.IH || xx < 0 || xx >= c.IW) continue;
                    acc += (BigInt(x[flat([c.N, c.IH, c.IW, C], [n, y, xx, ch])]!) - BigInt(izp)) * (BigInt(w[flat([c.KH, c.KW, C, M], [ky, kx, ch, m])]!) - BigInt(wzp));
                  }
                want.push(Number(acc + BigInt(b[ch * M + m]!)));
              }
      expect(values(r!)).toEqual(want);
    }
  });
});

describe('tosa.matmul', () => {
  it('computes a small product by hand', () => {
    // A = [[1, 2], [3, 4]] - 1, B = [[5, 6], [7, 8]] - 2:
    // [[0, 1], [2, 3]] x [[3, 4], [5, 6]] = [[5, 6], [21, 26]]
    const [r] = run(
      '(%a: tensor<1x2x2xi8>, %b: tensor<1x2x2xi8>) -> tensor<1x2x2xi32>',
      `${zpConst('az', 1, 'i8')}
${zpConst('bz', 2, 'i8')}
  %0 = tosa.matmul %a, %b, %az, %bz : (tensor<1x2x2xi8>, tensor<1x2x2xi8>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x2x2xi32>
  return %0 : tensor<1x2x2xi32>`,
      [tensor([1, 2, 2], i8, [1, 2, 3, 4]), tensor([1, 2, 2], i8, [5, 6, 7, 8])],
    );
    expect(values(r!)).toEqual([5, 6, 21, 26]);
  });

  it('matches a naive BigInt matmul on random int8 and int16 cases', () => {
    const rand = rng(11);
    for (let trial = 0; trial < 30; trial++) {
      const wide = trial % 2 === 1;
      const [N, H, C, W] = [rand(1, 3), rand(1, 5), rand(1, 40), rand(1, 5)];
      const [lo, hi] = wide ? [-32768, 32767] : [-128, 127];
      const a = randomArray(rand, N * H * C, lo, hi);
      const b = randomArray(rand, N * C * W, lo, hi);
      const azp = wide ? 0 : rand(-128, 127);
      const bzp = wide ? 0 : rand(-128, 127);
      const et = wide ? 'i16' : 'i8';
      const acc = wide ? 'i48' : 'i32';
      const aT = `tensor<${N}x${H}x${C}x${et}>`;
      const bT = `tensor<${N}x${C}x${W}x${et}>`;
      const oT = `tensor<${N}x${H}x${W}x${acc}>`;
      const [r] = run(
        `(%a: ${aT}, %b: ${bT}) -> ${oT}`,
        `${zpConst('az', azp, et)}
${zpConst('bz', bzp, et)}
  %0 = tosa.matmul %a, %b, %az, %bz : (${aT}, ${bT}, tensor<1x${et}>, tensor<1x${et}>) -> ${oT}
  return %0 : ${oT}`,
        [tensor([N, H, C], wide ? i16 : i8, a), tensor([N, C, W], wide ? i16 : i8, b)],
      );
      const want: number[] = [];
      for (let n = 0; n < N; n++)
        for (let h = 0; h < H; h++)
          for (let w = 0; w < W; w++) {
            let s = 0n;
            for (let c = 0; c < C; c++) s += (BigInt(a[flat([N, H, C], [n, h, c])]!) - BigInt(azp)) * (BigInt(b[flat([N, C, W], [n, c, w])]!) - BigInt(bzp));
            want.push(Number(s));
          }
      expect(values(r!)).toEqual(want);
    }
  });
});

// ---------------------------------------------------------------------------
// Pooling.

/** TOSA 1.0 reciprocal_scale and apply_scale_32 (single round), in BigInt. */
function refAverage(sum: bigint, count: number): bigint {
  const k = BigInt(32 - Math.clz32(count - 1));
  const multiplier = (((1n << 30n) + 1n) << k) / BigInt(count);
  const shift = 30n + k;
  return (sum * multiplier + (1n << (shift - 1n))) >> shift;
}

describe('tosa.avg_pool2d', () => {
  it('rounds the integer mean as reciprocal_scale does', () => {
    // Windows of 2x2 (stride 2): [1, 2, 3, 4] sum 10 / 4 = 2.5 -> 3; [1, 2, 3, 3] sum 9 / 4 = 2.25 -> 2;
    // [0, 0, 0, 1] -> 0.25 -> 0.
    // reciprocal_scale(4): k = 2, multiplier = (2^30 + 1) * 4 / 4 = 1073741825, shift = 32;
    // (10 * 1073741825 + 2^31) >> 32 = 12884901898 >> 32 = 3.
    // [-1, -2, -3, -4] sum -10: the multiplier is a hair above 2^30, so the tie does not round up:
    // -10 * 1073741825 + 2^31 = -8589934602 < -2 * 2^32 = -8589934592, and >> 32 gives -3.
    const [r] = run(
      '(%x: tensor<1x2x8x1xi8>) -> tensor<1x1x4x1xi8>',
      `${zpConst('z', 0, 'i8')}
  %0 = tosa.avg_pool2d %x, %z, %z {acc_type = i32, kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x2x8x1xi8>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x1x4x1xi8>
  return %0 : tensor<1x1x4x1xi8>`,
      [tensor([1, 2, 8, 1], i8, [1, 2, 1, 2, -1, -2, 0, 0, 3, 4, 3, 3, -3, -4, 0, 1])],
    );
    expect(values(r!)).toEqual([3, 2, -3, 0]);
  });

  it('excludes padding from the count and applies zero points (random cases vs BigInt)', () => {
    const rand = rng(3);
    for (let trial = 0; trial < 40; trial++) {
      const [KY, KX] = [rand(1, 3), rand(1, 3)];
      const pad = [rand(0, KY - 1), rand(0, KY - 1), rand(0, KX - 1), rand(0, KX - 1)];
      const [sy, sx] = [rand(1, 2), rand(1, 2)];
      let IH = rand(KY, 7);
      let IW = rand(KX, 7);
      while ((IH + pad[0]! + pad[1]! - KY) % sy) IH++;
      while ((IW + pad[2]! + pad[3]! - KX) % sx) IW++;
      const [N, C] = [rand(1, 2), rand(1, 3)];
      const OH = (IH + pad[0]! + pad[1]! - KY) / sy + 1;
      const OW = (IW + pad[2]! + pad[3]! - KX) / sx + 1;
      const x = randomArray(rand, N * IH * IW * C, -128, 127);
      const izp = rand(-128, 127);
      const ozp = rand(-128, 127);
      const xT = `tensor<${N}x${IH}x${IW}x${C}xi8>`;
      const oT = `tensor<${N}x${OH}x${OW}x${C}xi8>`;
      const [r] = run(
        `(%x: ${xT}) -> ${oT}`,
        `${zpConst('iz', izp, 'i8')}
${zpConst('oz', ozp, 'i8')}
  %0 = tosa.avg_pool2d %x, %iz, %oz {acc_type = i32, kernel = array<i64: ${KY}, ${KX}>, pad = array<i64: ${pad.join(', ')}>, stride = array<i64: ${sy}, ${sx}>} : (${xT}, tensor<1xi8>, tensor<1xi8>) -> ${oT}
  return %0 : ${oT}`,
        [tensor([N, IH, IW, C], i8, x)],
      );
      const want: number[] = [];
      for (let n = 0; n < N; n++)
        for (let oy = 0; oy < OH; oy++)
          for (let ox = 0; ox < OW; ox++)
            for (let c = 0; c < C; c++) {
              let sum = 0n;
              let count = 0;
              for (let ky = 0; ky < KY; ky++)
                for (let kx = 0; kx < KX; kx++) {
                  const y = oy * sy - pad[0]! + ky;
                  const xx = ox * sx - pad[2]! + kx;
                  if (y < 0 || y >= IH || xx < 0 || xx >= IW) continue;
                  count++;
                  sum += BigInt(x[flat([N, IH, IW, C], [n, y, xx, c])]!) - BigInt(izp);
                }
              const v = Number(refAverage(sum, count)) + ozp;
              want.push(Math.min(127, Math.max(-128, v)));
            }
      expect(values(r!)).toEqual(want);
    }
  });
});

describe('tosa.max_pool2d', () => {
  it('ignores padded positions (they are not zeros)', () => {
    // 2x2 input of negatives, 2x2 kernel, pad 1 on the bottom/right, stride 1 -> 2x2 output:
    //   [[-5, -3], [-7, -9]] -> [[max(-5,-3,-7,-9) = -3, max(-3,-9) = -3], [max(-7,-9) = -7, -9]]
    const [r] = run(
      '(%x: tensor<1x2x2x1xi8>) -> tensor<1x2x2x1xi8>',
      `  %0 = tosa.max_pool2d %x {kernel = array<i64: 2, 2>, pad = array<i64: 0, 1, 0, 1>, stride = array<i64: 1, 1>} : (tensor<1x2x2x1xi8>) -> tensor<1x2x2x1xi8>
  return %0 : tensor<1x2x2x1xi8>`,
      [tensor([1, 2, 2, 1], i8, [-5, -3, -7, -9])],
    );
    expect(values(r!)).toEqual([-3, -3, -7, -9]);
  });

  it('propagates or ignores NaN as nan_mode says', () => {
    const body = (mode: string): string => `  %0 = tosa.max_pool2d %x {kernel = array<i64: 1, 2>, nan_mode = ${mode}, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 2>} : (tensor<1x1x4x1xf32>) -> tensor<1x1x2x1xf32>
  return %0 : tensor<1x1x2x1xf32>`;
    const x = tensor([1, 1, 4, 1], f32, [NaN, 1, 2, 3]);
    expect(values(run('(%x: tensor<1x1x4x1xf32>) -> tensor<1x1x2x1xf32>', body('PROPAGATE'), [x])[0]!)).toEqual([NaN, 3]);
    expect(values(run('(%x: tensor<1x1x4x1xf32>) -> tensor<1x1x2x1xf32>', body('IGNORE'), [x])[0]!)).toEqual([1, 3]);
  });
});

// ---------------------------------------------------------------------------
// Elementwise.

describe('tosa elementwise ops', () => {
  it('adds with broadcasting and REQUIREs no int32 overflow', () => {
    // [[1, 2, 3], [4, 5, 6]] + [[10, 20, 30]] = [[11, 22, 33], [14, 25, 36]]
    const sig = '(%a: tensor<2x3xi32>, %b: tensor<1x3xi32>) -> tensor<2x3xi32>';
    const body = `  %0 = tosa.add %a, %b : (tensor<2x3xi32>, tensor<1x3xi32>) -> tensor<2x3xi32>
  return %0 : tensor<2x3xi32>`;
    const [r] = run(sig, body, [tensor([2, 3], i32, [1, 2, 3, 4, 5, 6]), tensor([1, 3], i32, [10, 20, 30])]);
    expect(values(r!)).toEqual([11, 22, 33, 14, 25, 36]);
    expect(() => run(sig, body, [tensor([2, 3], i32, [2 ** 31 - 1, 0, 0, 0, 0, 0]), tensor([1, 3], i32, [1, 0, 0])])).toThrow(TosaRequireError);
  });

  it('subtracts with broadcasting on the left', () => {
    // [[100], [200]] - [[1, 2]] = [[99, 98], [199, 198]]
    const [r] = run(
      '(%a: tensor<2x1xi32>, %b: tensor<1x2xi32>) -> tensor<2x2xi32>',
      `  %0 = tosa.sub %a, %b : (tensor<2x1xi32>, tensor<1x2xi32>) -> tensor<2x2xi32>
  return %0 : tensor<2x2xi32>`,
      [tensor([2, 1], i32, [100, 200]), tensor([1, 2], i32, [1, 2])],
    );
    expect(values(r!)).toEqual([99, 98, 199, 198]);
  });

  it('multiplies int32 with a rounding shift and int8 into int32', () => {
    // shift 1: (3 * 5 + 1) >> 1 = 8; (-3 * 5 + 1) >> 1 = floor(-7) = -7; (2^20 * 2^20 + 2^0) >> 1 overflows int32? 2^40 / 2 = 2^39: yes.
    const sig = '(%a: tensor<2xi32>, %b: tensor<2xi32>) -> tensor<2xi32>';
    const body = `  %s = "tosa.const"() <{values = dense<1> : tensor<1xi8>}> : () -> tensor<1xi8>
  %0 = tosa.mul %a, %b, %s : (tensor<2xi32>, tensor<2xi32>, tensor<1xi8>) -> tensor<2xi32>
  return %0 : tensor<2xi32>`;
    expect(values(run(sig, body, [tensor([2], i32, [3, -3]), tensor([2], i32, [5, 5])])[0]!)).toEqual([8, -7]);
    expect(() => run(sig, body, [tensor([2], i32, [2 ** 20, 0]), tensor([2], i32, [2 ** 20, 0])])).toThrow(TosaRequireError);
    // int8 * int8 -> int32, shift 0: -128 * -128 = 16384
    const [r] = run(
      '(%a: tensor<1xi8>) -> tensor<1xi32>',
      `  %s = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %0 = tosa.mul %a, %a, %s : (tensor<1xi8>, tensor<1xi8>, tensor<1xi8>) -> tensor<1xi32>
  return %0 : tensor<1xi32>`,
      [tensor([1], i8, [-128])],
    );
    expect(values(r!)).toEqual([16384]);
  });

  it('computes the int32 shifted product exactly (vs BigInt) across the whole range', () => {
    const rand = rng(17);
    for (let i = 0; i < 20000; i++) {
      const a = rand(-(2 ** 31), 2 ** 31 - 1);
      const b = rand(-(2 ** 31), 2 ** 31 - 1);
      const s = rand(1, 63);
      const want = (BigInt(a) * BigInt(b) + (1n << BigInt(s - 1))) >> BigInt(s);
      // Results beyond int32 only need to be detected as out of range; check exactness where it matters.
      if (want >= -(2n ** 31n) && want < 2n ** 31n) expect(mulRoundShift(a, b, s)).toBe(Number(want));
    }
    // An edge: (-2^31) * (-2^31) >> 62 = 2^62 / 2^62 = 1 (with rounding 2^61: floor(1.5) = 1)
    expect(mulRoundShift(-(2 ** 31), -(2 ** 31), 62)).toBe(1);
  });

  it('takes maximum/minimum with NaN modes, compares, and selects', () => {
    const sig = '(%a: tensor<3xf32>, %b: tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>, tensor<3xi1>, tensor<3xi1>, tensor<3xf32>)';
    const body = `  %0 = tosa.maximum %a, %b : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  %1 = tosa.minimum %a, %b {nan_mode = IGNORE} : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  %2 = tosa.equal %a, %b : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xi1>
  %3 = tosa.greater %a, %b : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xi1>
  %4 = tosa.select %3, %a, %b : (tensor<3xi1>, tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return %0, %1, %2, %3, %4 : tensor<3xf32>, tensor<3xf32>, tensor<3xi1>, tensor<3xi1>, tensor<3xf32>`;
    // a = [1, NaN, 5], b = [2, 3, 5]
    const [mx, mn, eq, gt, sel] = run(sig, body, [tensor([3], f32, [1, NaN, 5]), tensor([3], f32, [2, 3, 5])]);
    expect(values(mx!)).toEqual([2, NaN, 5]); // PROPAGATE
    expect(values(mn!)).toEqual([1, 3, 5]); // IGNORE: the non-NaN side
    expect(values(eq!)).toEqual([0, 0, 1]); // NaN == 3 is false
    expect(values(gt!)).toEqual([0, 0, 0]);
    expect(values(sel!)).toEqual([2, 3, 5]);
  });

  it('clamps integers and floats (IGNORE turns NaN into min_val)', () => {
    const [a] = run(
      '(%x: tensor<4xi8>) -> tensor<4xi8>',
      `  %0 = tosa.clamp %x {min_val = -5 : i8, max_val = 6 : i8} : (tensor<4xi8>) -> tensor<4xi8>
  return %0 : tensor<4xi8>`,
      [tensor([4], i8, [-128, -5, 3, 127])],
    );
    expect(values(a!)).toEqual([-5, -5, 3, 6]);
    const body = (mode: string): string => `  %0 = tosa.clamp %x {min_val = 0.0 : f32, max_val = 6.0 : f32, nan_mode = ${mode}} : (tensor<3xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>`;
    const x = tensor([3], f32, [NaN, -1, 7.5]);
    expect(values(run('(%x: tensor<3xf32>) -> tensor<3xf32>', body('PROPAGATE'), [x])[0]!)).toEqual([NaN, 0, 6]);
    expect(values(run('(%x: tensor<3xf32>) -> tensor<3xf32>', body('IGNORE'), [x])[0]!)).toEqual([0, 0, 6]);
  });

  it('looks up int8 tables and interpolates int16 tables', () => {
    // int8: out = table[x + 128], with table[i] = (7 * i mod 256) - 128.
    const t8 = Array.from({ length: 256 }, (_, i) => ((i * 7) % 256) - 128);
    const [a] = run(
      '(%x: tensor<3xi8>, %t: tensor<256xi8>) -> tensor<3xi8>',
      `  %0 = tosa.table %x, %t : (tensor<3xi8>, tensor<256xi8>) -> tensor<3xi8>
  return %0 : tensor<3xi8>`,
      [tensor([3], i8, [-128, 0, 127]), tensor([256], i8, t8)],
    );
    // table[0] = 0 - 128 = -128; table[128] = (896 % 256) - 128 = 128 - 128 = 0; table[255] = (1785 % 256) - 128 = 249 - 128 = 121
    expect(values(a!)).toEqual([-128, 0, 121]);
    // int16: table[i] = 10 * i. x = -32768 + 3 * 128 + 5: index 3, fraction 5 -> (30 << 7) + (40 - 30) * 5 = 3840 + 50 = 3890.
    // x = 32767: index (65535 >> 7) = 511, fraction 127 -> 5110 * 128 + (5120 - 5110) * 127 = 654080 + 1270 = 655350.
    // x = -1: index (32767 >> 7) = 255, fraction (-1 & 127) = 127 -> 2550 * 128 + 10 * 127 = 326400 + 1270 = 327670.
    const t16 = Array.from({ length: 513 }, (_, i) => 10 * i);
    const [b] = run(
      '(%x: tensor<3xi16>, %t: tensor<513xi16>) -> tensor<3xi32>',
      `  %0 = tosa.table %x, %t : (tensor<3xi16>, tensor<513xi16>) -> tensor<3xi32>
  return %0 : tensor<3xi32>`,
      [tensor([3], i16, [-32768 + 3 * 128 + 5, 32767, -1]), tensor([513], i16, t16)],
    );
    expect(values(b!)).toEqual([3890, 655350, 327670]);
  });

  it('casts: float to int rounds half to even and saturates; int to int wraps', () => {
    const [a, b] = run(
      '(%f: tensor<6xf32>, %i: tensor<3xi32>) -> (tensor<6xi8>, tensor<3xi8>)',
      `  %0 = tosa.cast %f : (tensor<6xf32>) -> tensor<6xi8>
  %1 = tosa.cast %i : (tensor<3xi32>) -> tensor<3xi8>
  return %0, %1 : tensor<6xi8>, tensor<3xi8>`,
      [tensor([6], f32, [0.5, 1.5, 2.5, -2.5, 300, -1000]), tensor([3], i32, [300, -129, 127])],
    );
    expect(values(a!)).toEqual([0, 2, 2, -2, 127, -128]);
    // 300 = 256 + 44 -> 44; -129 = -256 + 127 -> 127
    expect(values(b!)).toEqual([44, 127, 127]);
  });

  it('evaluates the float activations in f32', () => {
    const [s, t, e, r] = run(
      '(%x: tensor<2xf32>) -> (tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>)',
      `  %0 = tosa.sigmoid %x : (tensor<2xf32>) -> tensor<2xf32>
  %1 = tosa.tanh %x : (tensor<2xf32>) -> tensor<2xf32>
  %2 = tosa.exp %x : (tensor<2xf32>) -> tensor<2xf32>
  %3 = tosa.reciprocal %x : (tensor<2xf32>) -> tensor<2xf32>
  return %0, %1, %2, %3 : tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>`,
      [tensor([2], f32, [0, 4])],
    );
    expect(values(s!)).toEqual([0.5, Math.fround(1 / (1 + Math.exp(-4)))]);
    expect(values(t!)).toEqual([0, Math.fround(Math.tanh(4))]);
    expect(values(e!)).toEqual([1, Math.fround(Math.exp(4))]);
    expect(values(r!)).toEqual([Infinity, 0.25]);
  });
});

// ---------------------------------------------------------------------------
// Data layout and reductions.

describe('tosa data-layout ops and reductions', () => {
  it('reshapes, transposes, concatenates, pads and slices', () => {
    // x = [[0, 1, 2], [3, 4, 5]]
    const [rs, tr, cc, pd, sl] = run(
      '(%x: tensor<2x3xi32>) -> (tensor<3x2xi32>, tensor<3x2xi32>, tensor<2x6xi32>, tensor<3x5xi32>, tensor<2x2xi32>)',
      `  %s = tosa.const_shape {values = dense<[3, 2]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %0 = tosa.reshape %x, %s : (tensor<2x3xi32>, !tosa.shape<2>) -> tensor<3x2xi32>
  %1 = tosa.transpose %x {perms = array<i32: 1, 0>} : (tensor<2x3xi32>) -> tensor<3x2xi32>
  %2 = tosa.concat %x, %x {axis = 1 : i32} : (tensor<2x3xi32>, tensor<2x3xi32>) -> tensor<2x6xi32>
  %p = tosa.const_shape {values = dense<[1, 0, 0, 2]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %pc = "tosa.const"() <{values = dense<-7> : tensor<1xi32>}> : () -> tensor<1xi32>
  %3 = tosa.pad %x, %p, %pc : (tensor<2x3xi32>, !tosa.shape<4>, tensor<1xi32>) -> tensor<3x5xi32>
  %st = tosa.const_shape {values = dense<[0, 1]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %sz = tosa.const_shape {values = dense<[2, 2]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %4 = tosa.slice %x, %st, %sz : (tensor<2x3xi32>, !tosa.shape<2>, !tosa.shape<2>) -> tensor<2x2xi32>
  return %0, %1, %2, %3, %4 : tensor<3x2xi32>, tensor<3x2xi32>, tensor<2x6xi32>, tensor<3x5xi32>, tensor<2x2xi32>`,
      [tensor([2, 3], i32, [0, 1, 2, 3, 4, 5])],
    );
    expect(rs!.shape).toEqual([3, 2]);
    expect(values(rs!)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(values(tr!)).toEqual([0, 3, 1, 4, 2, 5]);
    expect(values(cc!)).toEqual([0, 1, 2, 0, 1, 2, 3, 4, 5, 3, 4, 5]);
    expect(values(pd!)).toEqual([-7, -7, -7, -7, -7, 0, 1, 2, -7, -7, 3, 4, 5, -7, -7]);
    expect(values(sl!)).toEqual([1, 2, 4, 5]);
  });

  it('transposes rank-4 tensors like a naive index permutation', () => {
    const rand = rng(8);
    const shape = [2, 3, 4, 5];
    const x = randomArray(rand, 120, -1000, 1000);
    const perms = [2, 0, 3, 1];
    const out = perms.map((p) => shape[p]!);
    const [r] = run(
      `(%x: tensor<2x3x4x5xi32>) -> tensor<${dims(out)}xi32>`,
      `  %0 = tosa.transpose %x {perms = array<i32: ${perms.join(', ')}>} : (tensor<2x3x4x5xi32>) -> tensor<${dims(out)}xi32>
  return %0 : tensor<${dims(out)}xi32>`,
      [tensor(shape, i32, x)],
    );
    const want: number[] = [];
    for (let a = 0; a < out[0]!; a++)
      for (let b = 0; b < out[1]!; b++)
        for (let c = 0; c < out[2]!; c++)
          for (let d = 0; d < out[3]!; d++) {
            const o = [a, b, c, d];
            const src = [0, 0, 0, 0];
            perms.forEach((p, i) => (src[p] = o[i]!));
            want.push(x[flat(shape, src)]!);
          }
    expect(values(r!)).toEqual(want);
  });

  it('reduces along an axis and finds the first maximum', () => {
    // x[2][3] = [[1, 9, 9], [4, -2, 0]]: sum over axis 1 = [19, 2]; max over axis 0 = [4, 9, 9];
    // argmax over axis 1 = [1 (first of the tied 9s), 0]
    const [s, m, a] = run(
      '(%x: tensor<2x3xi32>) -> (tensor<2x1xi32>, tensor<1x3xi32>, tensor<2xi32>)',
      `  %0 = tosa.reduce_sum %x {axis = 1 : i32} : (tensor<2x3xi32>) -> tensor<2x1xi32>
  %1 = tosa.reduce_max %x {axis = 0 : i32} : (tensor<2x3xi32>) -> tensor<1x3xi32>
  %2 = tosa.argmax %x {axis = 1 : i32} : (tensor<2x3xi32>) -> tensor<2xi32>
  return %0, %1, %2 : tensor<2x1xi32>, tensor<1x3xi32>, tensor<2xi32>`,
      [tensor([2, 3], i32, [1, 9, 9, 4, -2, 0])],
    );
    expect(values(s!)).toEqual([19, 2]);
    expect(values(m!)).toEqual([4, 9, 9]);
    expect(values(a!)).toEqual([1, 0]);
  });

  it('evaluates tosa.const and tosa.const_shape', () => {
    const [c, s] = run(
      '() -> (tensor<2x2xi8>, !tosa.shape<3>)',
      `  %0 = "tosa.const"() <{values = dense<[[1, -2], [3, -4]]> : tensor<2x2xi8>}> : () -> tensor<2x2xi8>
  %1 = tosa.const_shape {values = dense<[1, 2, 3]> : tensor<3xindex>} : () -> !tosa.shape<3>
  return %0, %1 : tensor<2x2xi8>, !tosa.shape<3>`,
      [],
    );
    expect(values(c!)).toEqual([1, -2, 3, -4]);
    expect(s!.elementType).toBe(IndexType.get());
    expect(values(s!)).toEqual([1, 2, 3]);
  });
});
