// Differential tests of the nir evaluator against the tosa evaluator. For
// each intrinsic, random small shapes, values, zero points and
// requantization parameters (SINGLE_ROUND and DOUBLE_ROUND, scale32 true and
// false, per channel and per tensor, i8 and ui8) give two functions:
//   * a tosa function computing the operation the way TOSA 1.0 spells it
//     (conv2d -> rescale -> clamp, rescale each input to i32 -> add ->
//     rescale, pad/reshape/transpose/reshape for space-to-depth, ...), and
//   * the equivalent nir function, with hand-placed buffers and views in
//     random layouts: dense NHWC, strided sub-views with permuted strides
//     and padding, NHCWB16 and NC1HWC2 bricks, views at offsets; constants
//     stored in those layouts too, with junk between their elements.
// (The case builders live in test/support/nir-random-cases.ts, shared with
// the backend tests; here they run with their default options.)
// Both are parsed, verified and evaluated on the same inputs; the outputs
// must be bit-identical, or both evaluations must fail a TOSA REQUIRE
// (accumulator overflow, apply_scale_32 input range, ...). Seeds are fixed,
// so every failure reproduces; NPUC_PROPERTY_RUNS sets the count.

import { describe, expect, it } from 'vitest';
import '../../src/dialects/index.js';
import { parseModule } from '../../src/ir/parser.js';
import { verify } from '../../src/ir/verifier.js';
import { Tensor } from '../../src/ir/tensor.js';
import { IntegerType } from '../../src/ir/types.js';
import { reciprocalScale } from '../../src/dialects/nir/intrinsics.js';
import { MemBuffer, MemRegion, MemView, elementIndex, spanElements } from '../../src/dialects/nir/memory.js';
import { evalFunction, functionsOf } from './support/interp.js';
import {
  NirFn,
  RANGE,
  Rand,
  TosaFn,
  arr,
  casesFor,
  convCase,
  copyCase,
  dmaCase,
  eltwiseCase,
  evaluate,
  fillCase,
  isRequire,
  layoutUse,
  lutCase,
  matmulCase,
  poolCase,
  reshuffleCase,
  rqProps,
  tensor,
  transposeCase,
  type Case,
  type ET,
  type Rq,
} from '../support/nir-random-cases.js';

const RUNS = Number(process.env.NPUC_PROPERTY_RUNS ?? 60);

// ---------------------------------------------------------------------------
// Running a case.

/** Evaluates both functions; returns whether they failed (both) or agreed (throws otherwise). */
function compare(c: Case): 'same' | 'both-failed' {
  const t = evaluate(c.tosa, 'tosa.mlir', c.args);
  const n = evaluate(c.nir, 'nir.mlir', c.args);
  const context = `${c.what}\n--- tosa\n${c.tosa}\n--- nir\n${c.nir}`;
  if (!t.ok || !n.ok) {
    if (t.ok || n.ok) throw new Error(`only one evaluation failed: tosa ${t.ok ? 'ok' : t.error.message}, nir ${n.ok ? 'ok' : n.error.message}\n${context}`);
    if (!isRequire(t.error) || !isRequire(n.error)) throw new Error(`not a REQUIRE failure: tosa ${t.error.message}, nir ${n.error.message}\n${context}`);
    return 'both-failed';
  }
  const a = t.out;
  const b = n.out;
  if (String(a.type) !== String(b.type) || Array.from(a.data as ArrayLike<number>).join() !== Array.from(b.data as ArrayLike<number>).join()) {
    throw new Error(`outputs differ:\ntosa ${a.type} [${Array.from(a.data as ArrayLike<number>).join(', ')}]\nnir  ${b.type} [${Array.from(b.data as ArrayLike<number>).join(', ')}]\n${context}`);
  }
  if (process.env.NIR_TALLY) {
    const [lo, hi] = RANGE[String(a.elementType) as ET] ?? [0, 0];
    const inside = Array.from(a.data as ArrayLike<number>).filter((v) => v > lo && v < hi).length;
    stats.inside += inside;
    stats.total += a.size;
  }
  return 'same';
}
const stats = { inside: 0, total: 0 };

function runCases(gen: (r: Rand) => Case, seed0: number, runs = RUNS): { same: number; failed: number } {
  const tally = { same: 0, failed: 0 };
  for (const c of casesFor(gen, seed0, runs)) {
    if (compare(c) === 'same') tally.same++;
    else tally.failed++;
  }
  return tally;
}

// ---------------------------------------------------------------------------
// Tests.

describe('nir evaluation agrees with tosa', () => {
  const cases: [string, (r: Rand) => Case, number][] = [
    ['conv2d -> rescale -> clamp', (r) => convCase(r, false), 1000],
    ['depthwise_conv2d -> rescale -> clamp', (r) => convCase(r, true), 2000],
    ['matmul -> rescale', matmulCase, 3000],
    ['avg_pool2d', (r) => poolCase(r, 'avg'), 4000],
    ['max_pool2d -> clamp', (r) => poolCase(r, 'max'), 5000],
    ['eltwise add: rescale, rescale, add, rescale', (r) => eltwiseCase(r, 'add'), 6000],
    ['eltwise sub', (r) => eltwiseCase(r, 'sub'), 7000],
    ['eltwise mul', (r) => eltwiseCase(r, 'mul'), 8000],
    ['eltwise min', (r) => eltwiseCase(r, 'min'), 9000],
    ['eltwise max', (r) => eltwiseCase(r, 'max'), 10000],
    ['eltwise copy (a standalone rescale)', copyCase, 11000],
    ['lut (table)', lutCase, 12000],
    ['transpose', transposeCase, 13000],
    ['reshuffle (pad, reshape, transpose, reshape)', reshuffleCase, 14000],
    ['dma', dmaCase, 15000],
    ['fill', fillCase, 16000],
  ];
  for (const [name, gen, seed] of cases) {
    it(name, () => {
      const tally = runCases(gen, seed);
      if (process.env.NIR_TALLY) console.log(name, tally, stats.inside / stats.total), (stats.inside = stats.total = 0);
      // Most cases must compute something (not fail a REQUIRE).
      expect(tally.same).toBeGreaterThan(RUNS / 2);
    });
  }

  it('used every layout: dense, strided sub-views, NHCWB16, NC1HWC2', () => {
    for (const l of ['dense', 'strided', 'NHCWB16', 'NC1HWC2']) expect(layoutUse.get(l) ?? 0).toBeGreaterThan(0);
  });
});

describe('nir REQUIREs fail where tosa fails', () => {
  it('random cases include REQUIRE failures of both', () => {
    // The generators give small shifts, large biases and large products now and then.
    let failed = 0;
    for (const [gen, seed] of [
      [(r: Rand) => convCase(r, false), 21000],
      [(r: Rand) => eltwiseCase(r, 'mul'), 22000],
      [(r: Rand) => eltwiseCase(r, 'add'), 23000],
    ] as const) {
      failed += runCases(gen, seed, Math.max(RUNS, 60)).failed;
    }
    expect(failed).toBeGreaterThan(0);
  });

  const conv = (shift: number, bias: number): Case => {
    const t = new TosaFn();
    const w = t.const([1], [1, 1, 1, 1], 'i8');
    const b = t.const([bias], [1], 'i32');
    const z = t.scalar(0, 'i8');
    const acc = t.name();
    t.line(
      `${acc} = tosa.conv2d %x, ${w}, ${b}, ${z}, ${z} {acc_type = i32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x1x1x1xi8>, tensor<1x1x1x1xi8>, tensor<1xi32>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x1x1x1xi32>`,
    );
    const rq: Rq = { m: [2 ** 30], s: [shift], scale32: true, dr: false, clamp: null };
    const ty = t.requant(acc, [1, 1, 1, 1], rq, 'i8', 0);
    const n = new NirFn(new Rand(shift));
    const vx = n.place('io', [1, 1, 1, 1], 'i8');
    const vw = n.constant([1], [1, 1, 1, 1], 'i8');
    const vb = n.constant([bias], [1], 'i32');
    const vo = n.place('scratch', [1, 1, 1, 1], 'i8');
    n.input('%x', vx, [1, 1, 1, 1], 'i8');
    n.op('conv2d', [vx, vw, vb, vo], `stride = ${arr([1, 1])}, pad = ${arr([0, 0, 0, 0])}, dilation = ${arr([1, 1])}${rqProps(rq)}`);
    const ny = n.output(vo, [1, 1, 1, 1], 'i8');
    const args: [string, string][] = [['%x', 'tensor<1x1x1x1xi8>']];
    return {
      what: `conv shift ${shift} bias ${bias}`,
      tosa: t.text(args, [ty, 'tensor<1x1x1x1xi8>']),
      nir: n.text(args, [ny, 'tensor<1x1x1x1xi8>']),
      args: [tensor([1, 1, 1, 1], 'i8', [100])],
    };
  };

  it('apply_scale_32 input range: [-2^(shift-1), 2^(shift-1))', () => {
    // x = 100, w = 1: acc = 100 + bias. With shift 8 the input range is [-128, 128).
    expect(compare(conv(8, 27))).toBe('same'); // 127
    expect(compare(conv(8, 28))).toBe('both-failed'); // 128
    expect(compare(conv(8, -228))).toBe('same'); // -128
    expect(compare(conv(8, -229))).toBe('both-failed'); // -129
  });

  it('accumulator overflow: adding the bias must stay in int32', () => {
    expect(compare(conv(40, 2 ** 31 - 101))).toBe('same'); // 2^31 - 1
    expect(compare(conv(40, 2 ** 31 - 100))).toBe('both-failed'); // 2^31
  });
});

describe('nir memory', () => {
  it('element indices of the layouts', () => {
    // NHCWB16 [1, 2, 3, 20]: (((n*H + h)*ceil(C/16) + c/16)*W + w)*16 + c%16.
    expect(elementIndex('NHCWB16', [1, 2, 3, 20], null, [0, 1, 2, 17])).toBe(((1 * 2 + 1) * 3 + 2) * 16 + 1);
    // NC1HWC2 [2, 2, 3, 20]: (((n*ceil(C/16) + c/16)*H + h)*W + w)*16 + c%16.
    expect(elementIndex('NC1HWC2', [2, 2, 3, 20], null, [1, 1, 2, 17])).toBe((((1 * 2 + 1) * 2 + 1) * 3 + 2) * 16 + 1);
    expect(elementIndex('NHWC', [2, 3], [1, 5], [1, 2])).toBe(11);
    expect(spanElements('NHWC', [2, 3], [1, 5])).toBe(12);
    expect(spanElements('NHCWB16', [1, 2, 2, 17], null)).toBe(113);
    expect(spanElements('NHWC', [0, 3], [3, 1])).toBe(0);
  });

  it('reads and writes little-endian i8, ui8, i16, i32, i48 (8 bytes) and i64', () => {
    const region = new MemRegion('scratch', 64);
    const buf = new MemBuffer(region, 8, 48);
    const i48 = new MemView(buf, { offset: 0, shape: [2], strides: [1], layout: 'NHWC', elementType: IntegerType.get(48), zeroPoint: 0 });
    i48.write([-(2 ** 47), 2 ** 47 - 1]);
    expect(Array.from(region.bytes.slice(8, 24))).toEqual([0, 0, 0, 0, 0, 0x80, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, 0, 0]);
    expect(Array.from(i48.read())).toEqual([-(2 ** 47), 2 ** 47 - 1]);
    const t48 = i48.toTensor();
    expect(t48.data).toBeInstanceOf(Float64Array);
    const i64 = new MemView(buf, { offset: 16, shape: [2], strides: [1], layout: 'NHWC', elementType: IntegerType.get(64), zeroPoint: 0 });
    i64.fromTensor(new Tensor([2], IntegerType.get(64), BigInt64Array.from([-(2n ** 63n), 0x0102030405060708n])));
    expect(Array.from(region.bytes.slice(24, 40))).toEqual([0, 0, 0, 0, 0, 0, 0, 0x80, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect(Array.from(i64.toTensor().data as BigInt64Array)).toEqual([-(2n ** 63n), 0x0102030405060708n]);
    const i16 = new MemView(buf, { offset: 32, shape: [2], strides: [1], layout: 'NHWC', elementType: IntegerType.get(16), zeroPoint: 0 });
    i16.write([-2, 0x1234]);
    expect(Array.from(region.bytes.slice(40, 44))).toEqual([0xfe, 0xff, 0x34, 0x12]);
    const i32 = new MemView(buf, { offset: 36, shape: [1], strides: [1], layout: 'NHWC', elementType: IntegerType.get(32), zeroPoint: 0 });
    i32.write([-(2 ** 31)]);
    expect(Array.from(region.bytes.slice(44, 48))).toEqual([0, 0, 0, 0x80]);
    const u8 = new MemView(buf, { offset: 40, shape: [2], strides: [1], layout: 'NHWC', elementType: IntegerType.get(8, 'unsigned'), zeroPoint: 0 });
    u8.write([255, 128]);
    expect(Array.from(u8.read())).toEqual([255, 128]);
    // Fresh regions are zeroed.
    const untouched = new MemView(new MemBuffer(region, 56, 8), { offset: 0, shape: [2, 2], strides: [4, 1], layout: 'NHWC', elementType: IntegerType.get(8), zeroPoint: 0 });
    expect(Array.from(untouched.read())).toEqual([0, 0, 0, 0]);
    expect(() => new MemView(buf, { offset: 44, shape: [2], strides: [1], layout: 'NHWC', elementType: IntegerType.get(32), zeroPoint: 0 })).toThrow(/outside its buffer/);
  });

  it('i48 and i64 views round trip through nir.input, nir.dma and nir.output', () => {
    for (const et of ['i48', 'i64'] as const) {
      const text = [
        `func.func @main(%x: tensor<3x${et}>) -> tensor<3x${et}> {`,
        '  %io = "nir.region"() <{kind = "io", size = 64 : i64}> : () -> !nir.region',
        '  %a = "nir.buffer"(%io) <{offset = 0 : i64, size = 24 : i64}> : (!nir.region) -> !nir.buffer',
        '  %b = "nir.buffer"(%io) <{offset = 32 : i64, size = 32 : i64}> : (!nir.region) -> !nir.buffer',
        `  %va = "nir.view"(%a) <{offset = 0 : i64, shape = array<i64: 3>, strides = array<i64: 1>, element_type = ${et}, layout = "NHWC", zero_point = 0 : i64}> : (!nir.buffer) -> !nir.view`,
        `  %vb = "nir.view"(%b) <{offset = 8 : i64, shape = array<i64: 3>, strides = array<i64: 1>, element_type = ${et}, layout = "NHWC", zero_point = 0 : i64}> : (!nir.buffer) -> !nir.view`,
        `  "nir.input"(%x, %va) : (tensor<3x${et}>, !nir.view) -> ()`,
        '  "nir.dma"(%va, %vb) : (!nir.view, !nir.view) -> ()',
        `  %y = "nir.output"(%vb) : (!nir.view) -> tensor<3x${et}>`,
        `  return %y : tensor<3x${et}>`,
        '}',
      ].join('\n');
      const m = parseModule(text, { file: `${et}.mlir` });
      expect(verify(m).map((d) => d.message)).toEqual([]);
      const x =
        et === 'i48'
          ? new Tensor([3], IntegerType.get(48), Float64Array.from([-(2 ** 47), -1, 2 ** 47 - 1]))
          : new Tensor([3], IntegerType.get(64), BigInt64Array.from([-(2n ** 63n), -1n, 2n ** 63n - 1n]));
      const [y] = evalFunction(functionsOf(m).get('main')!, [x]) as Tensor[];
      expect(String(y!.type)).toBe(`tensor<3x${et}>`);
      expect(Array.from(y!.data as ArrayLike<unknown>)).toEqual(Array.from(x.data as ArrayLike<unknown>));
    }
  });

  it('constants are written little-endian into the coefficients region, i48 sign-extended to 8 bytes', () => {
    const text = [
      'func.func @main() -> tensor<2xi48> {',
      '  %c = "nir.region"() <{kind = "coefficients", size = 32 : i64}> : () -> !nir.region',
      '  %k = "nir.constant"(%c) <{offset = 8 : i64, alignment = 8 : i64, values = dense<[-2, 5]> : tensor<2xi48>}> : (!nir.region) -> !nir.buffer',
      '  %v = "nir.view"(%k) <{offset = 0 : i64, shape = array<i64: 2>, strides = array<i64: 1>, element_type = i48, layout = "NHWC", zero_point = 0 : i64}> : (!nir.buffer) -> !nir.view',
      '  %y = "nir.output"(%v) : (!nir.view) -> tensor<2xi48>',
      '  return %y : tensor<2xi48>',
      '}',
    ].join('\n');
    const m = parseModule(text, { file: 'const.mlir' });
    expect(verify(m).map((d) => d.message)).toEqual([]);
    const [y] = evalFunction(functionsOf(m).get('main')!, []) as Tensor[];
    expect(Array.from(y!.data as Float64Array)).toEqual([-2, 5]);
  });

  it('reciprocal_scale matches TOSA: multiplier in [2^30, 2^31), shift 30 + ceil(log2(count))', () => {
    expect(reciprocalScale(1)).toEqual({ multiplier: 2 ** 30 + 1, shift: 30 });
    // count 3: k = 2, ((2^30 + 1) * 4) / 3 = 1431655766 (floor of 1431655765.33...).
    expect(reciprocalScale(3)).toEqual({ multiplier: 1431655766, shift: 32 });
    for (let c = 1; c < 300; c++) {
      const { multiplier, shift } = reciprocalScale(c);
      const k = BigInt(shift - 30);
      expect(BigInt(multiplier)).toBe((((1n << 30n) + 1n) << k) / BigInt(c));
      expect(multiplier).toBeGreaterThanOrEqual(2 ** 30);
      expect(multiplier).toBeLessThan(2 ** 31);
    }
  });
});
