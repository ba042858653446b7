// Property: fold-pad-into-conv is exact and fires exactly when it should.
// Random layers `op(tosa.pad(%x))` are evaluated with the reference
// interpreter before and after the pass; results must agree bit for bit and
// the rewritten IR must verify (so the output shape is unchanged).
//   - conv2d / depthwise_conv2d (random shapes, strides, dilations, conv
//     padding, i8 with non-zero input and weight zero points, i16, f32 with
//     multiples of 1/4 or arbitrary float32 data): padded with the input zero
//     point (f32: 0 or -0) they fold; padded with anything else they stay.
//   - max_pool2d (i8, i16, f32 with NaN, Inf and -0 in the data, both NaN
//     modes): padded with the lowest value they fold when every folded pad is
//     still less than the kernel; otherwise they stay.
//   - avg_pool2d never folds.
// IR the pass leaves alone must come out exactly as it went in, and a pad
// with another user stays for it.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PassManager, parseModule, parsePipeline, printOp, verify, type Operation, type Value } from '../../src/index.js';
import { enumAttr } from '../../src/ir/assembly-format.js';
import { DenseArrayAttr, TypeAttr, UnknownLoc } from '../../src/ir/attributes.js';
import { Builder } from '../../src/ir/builder.js';
import { PatternRewriter } from '../../src/ir/rewrite.js';
import { Tensor } from '../../src/ir/tensor.js';
import { FloatType, IntegerType, RankedTensorType, type Type } from '../../src/ir/types.js';
import { NAN_MODE, i64Array } from '../../src/dialects/tosa/common.js';
import { TosaBuilder } from '../../src/passes/onnx-to-tosa/tosa-builder.js';
import { evalFunction, functionsOf } from './support/interp.js';
import {
  bitDifference,
  convLayerArb,
  describeLayer,
  layerTypes,
  outputChannels,
  prng,
  randomTensor,
  type ConvLayerSpec,
} from './support/random-tosa-layers.js';

const runs = Number(process.env.NPUC_PROPERTY_RUNS ?? 300);

const i8 = IntegerType.get(8);
const i16 = IntegerType.get(16);
const i32 = IntegerType.get(32);
const f32 = FloatType.get('f32');

function run(module: Operation, pipeline = 'fold-pad-into-conv'): Map<string, number> {
  const report = new PassManager(parsePipeline(pipeline)).run(module);
  const stats = new Map<string, number>();
  for (const { values } of report.statistics) for (const [k, v] of values) stats.set(k, (stats.get(k) ?? 0) + v);
  return stats;
}

function evalLayer(module: Operation, inputs: readonly Tensor[]): Tensor[] {
  return evalFunction(functionsOf(module).get('layer')!, inputs) as Tensor[];
}

function ops(module: Operation, name: string): Operation[] {
  const found: Operation[] = [];
  module.walk((op) => void (op.name === name && found.push(op)));
  return found;
}

/** Explicit padding [top, bottom, left, right] that leaves at least one row and column of an h x w tensor. */
function explicitArb(h: number, w: number): fc.Arbitrary<[number, number, number, number]> {
  const split = (total: number) => fc.integer({ min: 0, max: Math.min(total, 6) }).chain((a) => fc.tuple(fc.constant(a), fc.integer({ min: 0, max: Math.min(total - a, 6) })));
  return fc.tuple(split(h - 1), split(w - 1)).map(([[t, b], [l, r]]) => [t, b, l, r]);
}

/**
 * `func.func @layer(%x) -> op(tosa.pad(%x, explicit, padValue))`, plus the
 * padded tensor itself as a second result when `shared`. `padded` is the
 * shape the pad produces (the op's input).
 */
function buildPadded(
  inputType: RankedTensorType,
  explicit: readonly number[],
  padValue: number,
  shared: boolean,
  resultType: RankedTensorType,
  emit: (b: TosaBuilder, padded: Value) => Value,
): Operation {
  const { module, body } = Builder.module();
  const [n, h, w, c] = inputType.shape as [number, number, number, number];
  const [t, bo, l, r] = explicit as [number, number, number, number];
  const paddedType = RankedTensorType.get([n, h + t + bo, w + l + r, c], inputType.elementType);
  const { args, body: fnBody } = Builder.atEnd(body).func('layer', [inputType], shared ? [resultType, paddedType] : [resultType]);
  const rewriter = new PatternRewriter();
  rewriter.setInsertionPointToEnd(fnBody);
  const b = new TosaBuilder(rewriter, UnknownLoc.instance);
  const padded = b.op('tosa.pad', [args[0]!, b.shape([0, 0, t, bo, l, r, 0, 0]), b.scalar(inputType.elementType, padValue)], paddedType);
  const out = emit(b, padded);
  Builder.atEnd(fnBody).return(shared ? [out, padded] : [out]);
  return module;
}

// ---------------------------------------------------------------------------
// Convolutions.

type ConvPadMode = 'zp' | 'negzero' | 'other';

interface ConvCase {
  /** The convolution as it reads the padded tensor: spec.ih x spec.iw is the padded extent. */
  readonly spec: ConvLayerSpec;
  readonly explicit: readonly [number, number, number, number];
  readonly mode: ConvPadMode;
  readonly shared: boolean;
}

function convPadValue(c: ConvCase): number {
  const zp = c.spec.inputZp;
  switch (c.mode) {
    case 'zp':
      return zp;
    case 'negzero':
      return c.spec.dtype === 'f32' ? -0 : zp;
    default:
      // Anything but the zero point: the next i8 value, or 1 for i16 and f32.
      return c.spec.dtype === 'i8' ? (zp === 127 ? -128 : zp + 1) : 1;
  }
}

function convCaseArb(anyFloats: boolean): fc.Arbitrary<ConvCase> {
  const layer = convLayerArb({ dtypes: anyFloats ? ['f32'] : undefined, maxStride: 3, maxDilation: 2, maxMultiplier: 2, anyFloats });
  return layer.chain((spec) =>
    fc.record({
      spec: fc.constant(spec),
      explicit: explicitArb(spec.ih, spec.iw),
      mode: fc.constantFrom<ConvPadMode>('zp', 'zp', 'negzero', 'other'),
      shared: fc.boolean(),
    }),
  );
}

function describeConv(c: ConvCase): string {
  return `${describeLayer(c.spec)} explicit ${c.explicit.join(',')} pad value ${Object.is(convPadValue(c), -0) ? '-0' : convPadValue(c)}${c.shared ? ' shared' : ''}`;
}

function realInputType(c: ConvCase): RankedTensorType {
  const [t, b, l, r] = c.explicit;
  const { spec } = c;
  return RankedTensorType.get([spec.n, spec.ih - t - b, spec.iw - l - r, spec.c], layerTypes(spec).input);
}

function buildConvCase(c: ConvCase): Operation {
  const { spec } = c;
  const types = layerTypes(spec);
  const oc = outputChannels(spec);
  const resultType = RankedTensorType.get([spec.n, spec.oh, spec.ow, oc], types.acc);
  return buildPadded(realInputType(c), c.explicit, convPadValue(c), c.shared, resultType, (b, padded) => {
    const rand = prng(spec.seed);
    const wShape = spec.kind === 'conv2d' ? [spec.oc, spec.kh, spec.kw, spec.c] : [spec.kh, spec.kw, spec.c, spec.oc];
    const w = b.const(randomTensor(wShape, types.weight, rand, undefined, spec.anyFloats));
    const bias = b.const(randomTensor([spec.biasPerChannel ? oc : 1], types.acc, rand, [-5000, 5000], spec.anyFloats));
    return b.op(`tosa.${spec.kind}`, [padded, w, bias, b.scalar(types.input, spec.inputZp), b.scalar(types.weight, spec.weightZp)], resultType, {
      pad: DenseArrayAttr.i64([...spec.pad]),
      stride: DenseArrayAttr.i64([...spec.stride]),
      dilation: DenseArrayAttr.i64([...spec.dilation]),
      acc_type: new TypeAttr(types.acc),
    });
  });
}

function convInputs(c: ConvCase, k: number): Tensor[] {
  const t = realInputType(c);
  return [randomTensor(t.shape, t.elementType, prng(c.spec.seed ^ (0x9e3779b9 * (k + 1))), undefined, c.spec.anyFloats)];
}

// ---------------------------------------------------------------------------
// Pools.

type PoolKind = 'max_pool2d' | 'avg_pool2d';
type PoolDType = 'i8' | 'i16' | 'f32';

interface PoolCase {
  readonly kind: PoolKind;
  readonly dtype: PoolDType;
  readonly n: number;
  readonly c: number;
  /** Extent of the padded tensor (the pool's input). */
  readonly ph: number;
  readonly pw: number;
  readonly kernel: readonly [number, number];
  readonly stride: readonly [number, number];
  readonly pad: readonly [number, number, number, number];
  readonly oh: number;
  readonly ow: number;
  readonly explicit: readonly [number, number, number, number];
  readonly lowest: boolean;
  readonly ignoreNaN: boolean;
  readonly shared: boolean;
  readonly seed: number;
}

/** One pool dimension: kernel, stride, pads below the kernel, an output size that divides exactly. */
const poolDimArb = fc
  .record({
    o: fc.integer({ min: 1, max: 4 }),
    k: fc.integer({ min: 1, max: 4 }),
    s: fc.integer({ min: 1, max: 3 }),
    p0: fc.integer({ min: 0, max: 3 }),
    p1: fc.integer({ min: 0, max: 3 }),
  })
  .map(({ o, k, s, p0, p1 }) => {
    // padded + p0 + p1 - k = (o - 1) * s, padded >= 1, p < k.
    const base = (o - 1) * s + k;
    const a = Math.min(p0, k - 1, base - 1);
    const b = Math.min(p1, k - 1, base - 1 - a);
    return { o, k, s, p0: a, p1: b, i: base - a - b };
  });

/** Explicit pads that keep each folded pad below the kernel (and at least one real row and column). */
function fittingArb(y: { k: number; p0: number; p1: number; i: number }, x: { k: number; p0: number; p1: number; i: number }): fc.Arbitrary<[number, number, number, number]> {
  const side = (k: number, p: number) => fc.integer({ min: 0, max: k - 1 - p });
  return fc.tuple(side(y.k, y.p0), side(y.k, y.p1), side(x.k, x.p0), side(x.k, x.p1)).map(([t, b, l, r]): [number, number, number, number] => {
    const t2 = Math.min(t, y.i - 1);
    const l2 = Math.min(l, x.i - 1);
    return [t2, Math.min(b, y.i - 1 - t2), l2, Math.min(r, x.i - 1 - l2)];
  });
}

const poolCaseArb: fc.Arbitrary<PoolCase> = fc
  .record({
    kind: fc.constantFrom<PoolKind>('max_pool2d', 'max_pool2d', 'max_pool2d', 'avg_pool2d'),
    dtype: fc.constantFrom<PoolDType>('i8', 'i16', 'f32'),
    n: fc.integer({ min: 1, max: 2 }),
    c: fc.integer({ min: 1, max: 3 }),
    y: poolDimArb,
    x: poolDimArb,
    lowest: fc.boolean(),
    ignoreNaN: fc.boolean(),
    shared: fc.boolean(),
    seed: fc.integer({ min: 0, max: 0x7fffffff }),
  })
  .chain((r) =>
    // Half the time the explicit pads keep every folded pad below the kernel.
    fc.oneof(explicitArb(r.y.i, r.x.i), fittingArb(r.y, r.x)).map(
      (explicit): PoolCase => ({
        kind: r.kind,
        // avg_pool2d stays float here: its integer form needs zero points and i32 accumulation only.
        dtype: r.kind === 'avg_pool2d' ? 'f32' : r.dtype,
        n: r.n,
        c: r.c,
        ph: r.y.i,
        pw: r.x.i,
        kernel: [r.y.k, r.x.k],
        stride: [r.y.s, r.x.s],
        pad: [r.y.p0, r.y.p1, r.x.p0, r.x.p1],
        oh: r.y.o,
        ow: r.x.o,
        explicit,
        lowest: r.lowest,
        ignoreNaN: r.ignoreNaN,
        shared: r.shared,
        seed: r.seed,
      }),
    ),
  );

function poolElement(p: PoolCase): Type {
  return p.dtype === 'i8' ? i8 : p.dtype === 'i16' ? i16 : f32;
}

function poolPadValue(p: PoolCase): number {
  const lowest = p.dtype === 'i8' ? -128 : p.dtype === 'i16' ? -32768 : -Infinity;
  if (p.lowest) return lowest;
  // The next value up: the smallest value that is not the lowest.
  return p.dtype === 'f32' ? -3.4028234663852886e38 : lowest + 1;
}

/** Whether the pass must fold this pool's pad. */
function poolShouldFold(p: PoolCase): boolean {
  if (p.kind !== 'max_pool2d' || !p.lowest) return false;
  const [ky, kx] = p.kernel;
  const folded = p.pad.map((v, i) => v + p.explicit[i]!);
  return folded[0]! < ky && folded[1]! < ky && folded[2]! < kx && folded[3]! < kx;
}

function describePool(p: PoolCase): string {
  return (
    `${p.kind} ${p.dtype} padded ${p.n}x${p.ph}x${p.pw}x${p.c} kernel ${p.kernel.join('x')} stride ${p.stride.join('x')} ` +
    `pad ${p.pad.join(',')} explicit ${p.explicit.join(',')} pad value ${poolPadValue(p)} nan ${p.ignoreNaN ? 'IGNORE' : 'PROPAGATE'}${p.shared ? ' shared' : ''} seed ${p.seed}`
  );
}

function poolInputType(p: PoolCase): RankedTensorType {
  const [t, b, l, r] = p.explicit;
  return RankedTensorType.get([p.n, p.ph - t - b, p.pw - l - r, p.c], poolElement(p));
}

function buildPoolCase(p: PoolCase): Operation {
  const et = poolElement(p);
  const resultType = RankedTensorType.get([p.n, p.oh, p.ow, p.c], et);
  return buildPadded(poolInputType(p), p.explicit, poolPadValue(p), p.shared, resultType, (b, padded) => {
    const geometry = { kernel: DenseArrayAttr.i64([...p.kernel]), stride: DenseArrayAttr.i64([...p.stride]), pad: DenseArrayAttr.i64([...p.pad]) };
    if (p.kind === 'max_pool2d') return b.op('tosa.max_pool2d', [padded], resultType, { ...geometry, nan_mode: enumAttr(NAN_MODE, p.ignoreNaN ? 'IGNORE' : 'PROPAGATE') });
    const zp = b.scalar(et, 0);
    return b.op('tosa.avg_pool2d', [padded, zp, zp], resultType, { ...geometry, acc_type: new TypeAttr(et === f32 ? f32 : i32) });
  });
}

/** Pool inputs; float data also hold NaN, +-Inf and +-0 (max_pool2d only: avg_pool2d gets plain values). */
function poolInputs(p: PoolCase, k: number): Tensor[] {
  const t = poolInputType(p);
  const rand = prng(p.seed ^ (0x9e3779b9 * (k + 1)));
  const x = randomTensor(t.shape, t.elementType, rand);
  if (p.dtype === 'f32' && p.kind === 'max_pool2d') {
    const specials = [NaN, -Infinity, Infinity, -0, 0];
    const d = x.data as Float32Array;
    for (let i = 0; i < d.length; i++) if (rand() < 0.2) d[i] = specials[Math.floor(rand() * specials.length)]!;
  }
  return [x];
}

// ---------------------------------------------------------------------------

/** Runs the pass on a fresh copy and checks results, statistics and the IR against the original. */
function checkCase(build: () => Operation, inputs: (k: number) => Tensor[], shouldFold: boolean, shared: boolean, what: string): void {
  const before = build();
  expect(verify(before), what).toEqual([]);
  const text = printOp(before);
  const after = build();
  const stats = run(after);
  if (shouldFold) {
    expect(stats.get('num-folded'), what).toBe(1);
    expect(stats.get('num-skipped'), what).toBe(0);
    // The pad stays only for its other user; its shape and value go with it.
    expect(ops(after, 'tosa.pad').length, what).toBe(shared ? 1 : 0);
    expect(ops(after, 'tosa.const_shape').length, what).toBe(shared ? 1 : 0);
    expect(verify(after), `${what}\n${printOp(after)}`).toEqual([]);
    expect(verify(parseModule(printOp(after))), what).toEqual([]);
  } else {
    expect(stats.get('num-folded'), what).toBe(0);
    expect(printOp(after), what).toBe(text);
  }
  for (let k = 0; k < 2; k++) {
    const xs = inputs(k);
    const want = evalLayer(before, xs);
    const got = evalLayer(after, xs);
    expect(got.length).toBe(want.length);
    for (let i = 0; i < want.length; i++) expect(bitDifference(got[i]!, want[i]!), `${what}\n${printOp(after)}`).toBeNull();
  }
}

describe('fold-pad-into-conv', () => {
  it.each([false, true])('conv2d and depthwise_conv2d give bit-identical results with the pad folded (arbitrary floats: %s)', (anyFloats) => {
    fc.assert(
      fc.property(convCaseArb(anyFloats), (c) => {
        const what = describeConv(c);
        checkCase(() => buildConvCase(c), (k) => convInputs(c, k), c.mode !== 'other', c.shared, what);
        if (c.mode !== 'other') {
          // The folded pad is the conv's pad plus the explicit one; nothing else changes.
          const after = buildConvCase(c);
          run(after);
          const conv = ops(after, `tosa.${c.spec.kind}`)[0]!;
          expect(i64Array(conv, 'pad'), what).toEqual(c.spec.pad.map((p, i) => p + c.explicit[i]!));
          expect(i64Array(conv, 'stride')).toEqual([...c.spec.stride]);
          expect(i64Array(conv, 'dilation')).toEqual([...c.spec.dilation]);
          expect(conv.operand(0).definingOp).toBeNull();
        }
      }),
      { numRuns: anyFloats ? Math.ceil(runs / 3) : runs },
    );
  });

  it('max_pool2d folds a lowest-value pad while every pad stays below the kernel; avg_pool2d never folds', () => {
    let folded = 0;
    fc.assert(
      fc.property(poolCaseArb, (p) => {
        if (poolShouldFold(p)) folded++;
        checkCase(() => buildPoolCase(p), (k) => poolInputs(p, k), poolShouldFold(p), p.shared, describePool(p));
      }),
      { numRuns: runs },
    );
    // The generator reaches both outcomes (about a quarter of the cases fold).
    if (runs >= 100) {
      expect(folded).toBeGreaterThan(runs / 10);
      expect(folded).toBeLessThan(runs);
    }
  });

  it('leaves a pad that would exceed max-pad, and folds it at the limit', () => {
    const layers = convLayerArb({ kinds: ['conv2d'], dtypes: ['i8'] }).filter((s) => s.ih >= 2);
    const spec = fc.sample(layers, { numRuns: 1, seed: 7 })[0]!;
    const c: ConvCase = { spec, explicit: [0, 1, 0, 0], mode: 'zp', shared: false };
    const limit = Math.max(...spec.pad.map((p, i) => p + c.explicit[i]!));
    const m = buildConvCase(c);
    const text = printOp(m);
    expect(run(m, `fold-pad-into-conv{max-pad=${limit - 1}}`).get('num-skipped')).toBe(1);
    expect(printOp(m)).toBe(text);
    expect(run(m, `fold-pad-into-conv{max-pad=${limit}}`).get('num-folded')).toBe(1);
  });

  it('leaves float convolutions with non-finite weights alone', () => {
    const spec = fc.sample(convLayerArb({ kinds: ['conv2d'], dtypes: ['f32'] }), { numRuns: 1, seed: 3 })[0]!;
    const c: ConvCase = { spec, explicit: [0, 0, 0, 0], mode: 'zp', shared: false };
    const m = buildConvCase(c);
    const w = ops(m, 'tosa.conv2d')[0]!.operand(1).definingOp!;
    const t = Tensor.fromAttr(w.attr('values') as never);
    (t.data as Float32Array)[0] = Infinity;
    w.setAttr('values', t.toAttr());
    const text = printOp(m);
    expect(run(m).get('num-skipped')).toBe(1);
    expect(printOp(m)).toBe(text);
  });
});
