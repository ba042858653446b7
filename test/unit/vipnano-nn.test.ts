// The vipnano NN jobs (src/targets/vipnano/nn-encode.ts, nn-execute.ts):
// small nir functions with planar views (written here by hand: the random
// cases of test/support/nir-random-cases.ts are not planar) are evaluated by
// the nir evaluator, their intrinsic encoded into a descriptor and a weight
// stream, and the descriptor executed over regions holding the same inputs
// (and random junk around them); the output must be bit-identical and no
// other byte may change. Then malformed descriptors, encoder errors, and
// the fields of one convolution computed by hand.

import { describe, expect, it } from 'vitest';
import '../../src/dialects/index.js';
import { BackendError } from '../../src/codegen/backend.js';
import type { Operation, Value } from '../../src/ir/operation.js';
import { parseModule } from '../../src/ir/parser.js';
import type { Tensor } from '../../src/ir/tensor.js';
import { verify } from '../../src/ir/verifier.js';
import { MemBuffer, MemRegion, MemView } from '../../src/dialects/nir/memory.js';
import { regionInfoOf, viewInfoOf, type ViewInfo } from '../../src/dialects/nir/views.js';
import { NN_DESCRIPTOR_WORDS, NN_FIELDS, joinSplitFields, packDescriptor, splitJoinedFields, unpackDescriptor } from '../../src/targets/vipnano/descriptors.js';
import { REGION, packAddress, type JobContext } from '../../src/targets/vipnano/job.js';
import { encodeNnJob } from '../../src/targets/vipnano/nn-encode.js';
import { executeNnJob } from '../../src/targets/vipnano/nn-execute.js';
import { decodeWeights, headerBytes } from '../../src/targets/vipnano/zrl.js';
import { RANGE, Rand, arr, count, hexDense, isRequire, tensor, tt, type ET } from '../support/nir-random-cases.js';
import { evalFunction, functionsOf } from './support/interp.js';

// ---------------------------------------------------------------------------
// nir functions with planar views.

type ET8 = 'i8' | 'ui8';

interface Planar {
  /** Extra elements per row (x stride = W + padX) and rows per plane (y stride = H + padY). */
  readonly padX?: number;
  readonly padY?: number;
  /** Bytes from the buffer's start to the view's. */
  readonly offset?: number;
}

class PlanarFn {
  private readonly body: string[] = [];
  private readonly args: [string, string][] = [];
  readonly argValues: Tensor[] = [];
  private next = 0;
  private readonly used = { io: 0, scratch: 0, coefficients: 0 };
  private result: [string, string] | null = null;

  private name(p: string): string {
    return `%${p}${this.next++}`;
  }
  private alloc(region: keyof PlanarFn['used'], bytes: number): number {
    const off = Math.ceil(this.used[region] / 16) * 16;
    this.used[region] = off + bytes;
    return off;
  }
  /** A planar [1, H, W, C] view in a fresh buffer. */
  image(region: 'io' | 'scratch', shape: readonly number[], et: string, zp: number, p: Planar = {}): string {
    const [, H, W, C] = shape as [number, number, number, number];
    const X = W + (p.padX ?? 0);
    const Y = H + (p.padY ?? 0);
    const off = p.offset ?? 0;
    const bytes = off + (((C - 1) * Y + (H - 1)) * X + W) * (et === 'i16' ? 2 : et === 'i32' ? 4 : 1);
    const b = this.name('b');
    this.body.push(`${b} = "nir.buffer"(%${region}) <{offset = ${this.alloc(region, bytes)} : i64, size = ${bytes} : i64, alignment = 16 : i64}> : (!nir.region) -> !nir.buffer`);
    const v = this.name('v');
    this.body.push(
      `${v} = "nir.view"(${b}) <{offset = ${off} : i64, shape = ${arr(shape)}, strides = ${arr([C * X * Y, X, 1, X * Y])}, element_type = ${et}, layout = "NHWC", zero_point = ${zp} : i64}> : (!nir.buffer) -> !nir.view`,
    );
    return v;
  }
  /** A dense row-major constant. */
  constant(values: readonly number[], shape: readonly number[], et: ET, zp = 0): string {
    const c = this.name('c');
    this.body.push(
      `${c} = "nir.constant"(%coefficients) <{offset = ${this.alloc('coefficients', values.length * (et === 'i32' ? 4 : 1))} : i64, alignment = 16 : i64, values = ${hexDense(values, shape, et)}}> : (!nir.region) -> !nir.buffer`,
    );
    const strides = shape.map((_, i) => count(shape.slice(i + 1)));
    const v = this.name('v');
    this.body.push(
      `${v} = "nir.view"(${c}) <{offset = 0 : i64, shape = ${arr(shape)}, strides = ${arr(strides)}, element_type = ${et}, layout = "NHWC", zero_point = ${zp} : i64}> : (!nir.buffer) -> !nir.view`,
    );
    return v;
  }
  /** A planar input image holding `values`. */
  input(shape: readonly number[], et: ET8, zp: number, values: readonly number[], p: Planar = {}): string {
    const v = this.image('io', shape, et, zp, p);
    const a = `%arg${this.args.length}`;
    this.args.push([a, tt(shape, et)]);
    this.argValues.push(tensor(shape, et, values));
    this.body.push(`"nir.input"(${a}, ${v}) : (${tt(shape, et)}, !nir.view) -> ()`);
    return v;
  }
  op(name: string, views: readonly string[], props: string): void {
    this.body.push(`"nir.${name}"(${views.join(', ')}) <{${props}}> : (${views.map(() => '!nir.view').join(', ')}) -> () loc("job")`);
  }
  output(view: string, shape: readonly number[], et: string): void {
    const y = this.name('y');
    this.body.push(`${y} = "nir.output"(${view}) : (!nir.view) -> ${tt(shape, et)}`);
    this.result = [y, tt(shape, et)];
  }
  text(): string {
    const regions = (['io', 'scratch', 'coefficients'] as const).map(
      (k) => `%${k} = "nir.region"() <{kind = "${k}", size = ${Math.max(16, this.used[k])} : i64}> : () -> !nir.region`,
    );
    const [y, t] = this.result!;
    return [`func.func @main(${this.args.map(([n, ty]) => `${n}: ${ty}`).join(', ')}) -> ${t} {`, ...[...regions, ...this.body].map((l) => `  ${l}`), `  return ${y} : ${t}`, '}'].join('\n');
  }
  fn(): Operation {
    const m = parseModule(this.text(), { file: 'nn.mlir' });
    expect(verify(m).map((d) => d.message)).toEqual([]);
    return functionsOf(m).get('main')!;
  }
}

// ---------------------------------------------------------------------------
// Running: nir evaluator vs encode + execute.

const ops = (fn: Operation): Operation[] => [...fn.regions[0]!.entry!.ops];
const INTRINSICS = new Set(['nir.conv2d', 'nir.eltwise', 'nir.pool']);

function viewOf(v: Value): ViewInfo {
  const info = viewInfoOf(v.definingOp!);
  if (typeof info === 'string') throw new Error(info);
  return info;
}

/** The test's coefficients region (junk first, so offsets are not 0) and address map. */
class TestContext implements JobContext {
  private bytes = new Uint8Array(64).fill(0xa5);
  addressOf(view: Value): number {
    const info = viewOf(view);
    const b = info.buffer!;
    return packAddress(REGION[b.region!.kind], b.offset + info.offset);
  }
  addCoefficients(data: Uint8Array): number {
    const at = Math.ceil(this.bytes.length / 64) * 64;
    const next = new Uint8Array(at + data.length);
    next.set(this.bytes);
    next.set(data, at);
    this.bytes = next;
    return packAddress(REGION.coefficients, at);
  }
  region(): Uint8Array {
    return this.bytes;
  }
}

function memView(regions: Record<'io' | 'scratch', MemRegion>, info: ViewInfo): MemView {
  const b = info.buffer!;
  return new MemView(new MemBuffer(regions[b.region!.kind as 'io' | 'scratch'], b.offset, b.size), info);
}

interface Prepared {
  readonly fn: Operation;
  readonly op: Operation;
  readonly ctx: TestContext;
  readonly regions: Record<'io' | 'scratch', MemRegion>;
  readonly out: ViewInfo;
}

/** The function's regions filled with junk and its inputs, its intrinsic and output view. */
function prepare(f: PlanarFn, r: Rand): Prepared {
  const fn = f.fn();
  const sizes: Record<string, number> = {};
  for (const o of ops(fn)) {
    const info = regionInfoOf(o);
    if (info) sizes[info.kind] = info.size;
  }
  const regions = { io: new MemRegion('io', sizes.io!), scratch: new MemRegion('scratch', sizes.scratch!) };
  for (const reg of Object.values(regions)) for (let i = 0; i < reg.bytes.length; i++) reg.bytes[i] = r.int(0, 255);
  let arg = 0;
  let out: ViewInfo | null = null;
  for (const o of ops(fn)) {
    if (o.name === 'nir.input') memView(regions, viewOf(o.operand(1))).write(Array.from(f.argValues[arg++]!.data as ArrayLike<number>));
    if (o.name === 'nir.output') out = viewOf(o.operand(0));
  }
  const op = ops(fn).find((o) => INTRINSICS.has(o.name))!;
  return { fn, op, ctx: new TestContext(), regions, out: out! };
}

type Outcome = 'ok' | 'require';

/** Evaluates, encodes and executes; expects equal outputs and every other byte unchanged. */
function check(f: PlanarFn, r: Rand, what: string): Outcome {
  const p = prepare(f, r);
  let want: number[];
  try {
    want = Array.from((evalFunction(p.fn, f.argValues)[0] as Tensor).data as ArrayLike<number>);
  } catch (e) {
    if (isRequire(e as Error)) return 'require';
    throw e;
  }
  const job = encodeNnJob(p.op, p.ctx);
  expect(job.kind).toBe('NN');
  expect(job.location).toBe('loc("job")');
  expect(job.descriptor.length).toBe(NN_DESCRIPTOR_WORDS);
  const before = { io: p.regions.io.bytes.slice(), scratch: p.regions.scratch.bytes.slice() };
  executeNnJob(job.descriptor, [p.ctx.region(), p.regions.io.bytes, p.regions.scratch.bytes]);
  const outView = memView(p.regions, p.out);
  expect(Array.from(outView.read()), what).toEqual(want);
  // Nothing but the output's elements changed.
  const written = new Set(Array.from(outView.offsets));
  const outKind = p.out.buffer!.region!.kind as 'io' | 'scratch';
  for (const kind of ['io', 'scratch'] as const) {
    const now = p.regions[kind].bytes;
    for (let i = 0; i < now.length; i++) if (!(kind === outKind && written.has(i)) && now[i] !== before[kind][i]) throw new Error(`${what}: ${kind} byte ${i} changed`);
  }
  return 'ok';
}

// ---------------------------------------------------------------------------
// Random layers.

const et8 = (r: Rand): ET8 => r.pick(['ui8', 'i8'] as const);
const zpOf = (r: Rand, et: ET8): number => r.int(...RANGE[et]);
const planar = (r: Rand): Planar => ({ padX: r.bool(0.3) ? r.int(1, 3) : 0, padY: r.bool(0.3) ? r.int(1, 2) : 0, offset: r.bool(0.3) ? r.int(1, 5) : 0 });

/** `multiplier`, `shift`, `rounding`, `scale32` and maybe `clamp` for an accumulator of about 2^magnitude. */
function requant(r: Rand, outEt: ET8, outZp: number, magnitude: number): string {
  const m = r.int(2 ** 14, 2 ** 15 - 1);
  const s = Math.min(62, Math.max(2, 15 + magnitude - 7 + r.int(-2, 2)));
  let clamp = '';
  const [lo, hi] = RANGE[outEt];
  const c = r.int(0, 4);
  if (c === 1) clamp = `, clamp = ${arr([outZp, hi])}`; // relu
  else if (c === 2) {
    const a = r.int(lo, hi);
    const b = r.int(lo, hi);
    clamp = `, clamp = ${arr([Math.min(a, b), Math.max(a, b)])}`;
  } else if (c === 3) clamp = `, clamp = ${arr([lo, hi])}`;
  return `multiplier = ${arr([m])}, shift = ${arr([s])}, rounding = "SINGLE_ROUND", scale32 = false${clamp}`;
}

function convCase(r: Rand): { f: PlanarFn; what: string } {
  const iet = et8(r);
  const wet = et8(r);
  const oet = et8(r);
  const K = r.pick([1, 1, 2, 3, 3, 5]);
  const KW = r.bool(0.2) ? r.int(1, 4) : K;
  const H = r.int(1, 6);
  const W = r.int(1, 6);
  const C = r.bool(0.1) ? r.int(14, 20) : r.int(1, 5);
  const OC = r.int(1, 6);
  const pads = [0, 0, 0, 0].map(() => (r.bool(0.6) ? r.int(0, 2) : 0));
  const [pt, pb, pl, pr] = pads as [number, number, number, number];
  const OH = H + pt + pb - K + 1;
  const OW = W + pl + pr - KW + 1;
  if (OH < 1 || OW < 1) return convCase(r);
  const izp = zpOf(r, iet);
  const wzp = r.bool(0.5) ? zpOf(r, wet) : wet === 'ui8' ? 128 : 0;
  const ozp = zpOf(r, oet);
  const f = new PlanarFn();
  const xs = [1, H, W, C];
  const x = f.input(xs, iet, izp, r.values(count(xs), iet), planar(r));
  const ws = [OC, K, KW, C];
  const w = f.constant(r.values(count(ws), wet), ws, wet, wzp);
  const b = f.constant(Array.from({ length: OC }, () => r.int(-5000, 5000)), [OC], 'i32');
  const os = [1, OH, OW, OC];
  const o = f.image('scratch', os, oet, ozp, planar(r));
  f.op('conv2d', [x, w, b, o], `stride = ${arr([1, 1])}, pad = ${arr(pads)}, dilation = ${arr([1, 1])}, ${requant(r, oet, ozp, 14)}`);
  f.output(o, os, oet);
  return { f, what: `conv ${xs} ${iet} * ${ws} ${wet} pad ${pads} -> ${os} ${oet}` };
}

function addCase(r: Rand): { f: PlanarFn; what: string } {
  const [aet, bet, oet] = [et8(r), et8(r), et8(r)];
  const shape = [1, r.int(1, 5), r.int(1, 6), r.int(1, 5)];
  const f = new PlanarFn();
  const pl = planar(r);
  const a = f.input(shape, aet, zpOf(r, aet), r.values(count(shape), aet), pl);
  const b = f.input(shape, bet, zpOf(r, bet), r.values(count(shape), bet), { ...pl, offset: r.int(0, 3) });
  const ozp = zpOf(r, oet);
  const o = f.image('scratch', shape, oet, ozp, planar(r));
  const sa = r.int(2, 12);
  const sb = r.int(2, 12);
  const im = [r.bool(0.3) ? 16384 : r.int(1, 2 ** 15 - 1), r.int(2 ** 13, 2 ** 15 - 1)];
  f.op('eltwise', [a, b, o], `op = "add", input_multiplier = ${arr(im)}, input_shift = ${arr([sa, sb])}, ${requant(r, oet, ozp, 8 + 15 - Math.min(sa, sb))}`);
  f.output(o, shape, oet);
  return { f, what: `add ${shape} ${aet} + ${bet} -> ${oet}` };
}

function copyCase(r: Rand): { f: PlanarFn; what: string } {
  const [iet, oet] = [et8(r), et8(r)];
  const shape = [1, r.int(1, 5), r.int(1, 6), r.bool(0.1) ? r.int(16, 40) : r.int(1, 5)];
  const f = new PlanarFn();
  const a = f.input(shape, iet, zpOf(r, iet), r.values(count(shape), iet), planar(r));
  const ozp = zpOf(r, oet);
  const o = f.image(r.bool() ? 'scratch' : 'io', shape, oet, ozp, planar(r));
  f.op('eltwise', [a, o], `op = "copy", ${requant(r, oet, ozp, 8)}`);
  f.output(o, shape, oet);
  return { f, what: `copy ${shape} ${iet} -> ${oet}` };
}

function poolCase(r: Rand): { f: PlanarFn; what: string } {
  const et = et8(r);
  const shape = [1, 2 * r.int(1, 4), 2 * r.int(1, 4), r.int(1, 5)];
  const os = [1, shape[1]! / 2, shape[2]! / 2, shape[3]!];
  const f = new PlanarFn();
  const zp = zpOf(r, et);
  const a = f.input(shape, et, zp, r.values(count(shape), et), planar(r));
  const o = f.image('scratch', os, et, zp, planar(r));
  const [lo, hi] = RANGE[et];
  const c = r.int(0, 2);
  const x = r.int(lo, hi);
  const y = r.int(lo, hi);
  const clamp = c === 1 ? `, clamp = ${arr([Math.min(x, y), Math.max(x, y)])}` : c === 2 ? `, clamp = ${arr([0, hi])}` : '';
  f.op('pool', [a, o], `kind = "max", kernel = ${arr([2, 2])}, stride = ${arr([2, 2])}, pad = ${arr([0, 0, 0, 0])}${clamp}`);
  f.output(o, os, et);
  return { f, what: `max pool ${shape} ${et}` };
}

function runMany(gen: (r: Rand) => { f: PlanarFn; what: string }, seeds: number, minOk: number): void {
  let ok = 0;
  for (let seed = 1; seed <= seeds; seed++) {
    const r = new Rand(seed * 7919);
    const { f, what } = gen(r);
    if (check(f, r, `seed ${seed}: ${what}`) === 'ok') ok++;
  }
  expect(ok).toBeGreaterThanOrEqual(minOk);
}

describe('NN jobs equal the nir evaluator', () => {
  it('conv2d: 1x1 to 5x5 kernels, padding, zero points, relu and clamps', () => runMany(convCase, 300, 250));
  it('eltwise add with different input scales', () => runMany(addCase, 200, 180));
  it('eltwise copy', () => runMany(copyCase, 150, 140));
  it('2x2 max pool', () => runMany(poolCase, 150, 150));
});

// ---------------------------------------------------------------------------
// One convolution's fields, by hand.

/** conv 3x3 pad 1, ifm ui8 [1, 4, 5, 2] zp 3 at io 0, ofm ui8 [1, 4, 5, 3] zp 7 at scratch 64, relu. */
function handConv(): PlanarFn {
  const f = new PlanarFn();
  const x = f.input([1, 4, 5, 2], 'ui8', 3, Array.from({ length: 40 }, (_, i) => (i * 37) % 256));
  f.image('scratch', [1, 1, 1, 1], 'ui8', 0, { offset: 63 }); // scratch [0, 64): the ofm starts at 64
  // w[oc][ky][kx][ic] = 128 + oc + ic: sum(w - zp) per kernel = 9 * (2 oc + 1).
  const ws: number[] = [];
  for (let oc = 0; oc < 3; oc++) for (let i = 0; i < 9; i++) for (let ic = 0; ic < 2; ic++) ws.push(128 + oc + ic);
  const w = f.constant(ws, [3, 3, 3, 2], 'ui8', 128);
  const b = f.constant([100, -200, 300], [3], 'i32');
  const o = f.image('scratch', [1, 4, 5, 3], 'ui8', 7);
  f.op('conv2d', [x, w, b, o], `stride = ${arr([1, 1])}, pad = ${arr([1, 1, 1, 1])}, dilation = ${arr([1, 1])}, multiplier = ${arr([20000])}, shift = ${arr([20])}, rounding = "SINGLE_ROUND", scale32 = false, clamp = ${arr([7, 255])}`);
  f.output(o, [1, 4, 5, 3], 'ui8');
  return f;
}

describe('descriptor fields', () => {
  it('of a 3x3 convolution, computed by hand', () => {
    const f = handConv();
    const p = prepare(f, new Rand(1));
    const job = encodeNnJob(p.op, p.ctx);
    const v = joinSplitFields(unpackDescriptor(NN_FIELDS, job.descriptor));
    expect(v).toMatchObject({
      layer_type: 0,
      kernel_xy_size: 3,
      kernel_y_size: 3,
      kernel_z_size: 2,
      // Tiling (Mesa v7): tile 5 wide, interleave 2, tile height 4, one superblock of 3 kernels.
      kernels_per_core: 3,
      out_image_tile_x_size: 5,
      out_image_tile_y_size: 4,
      pooling: 0,
      pooling_xy_size: 1,
      relu: 1,
      kernel_data_type: 2,
      in_image_data_type: 2,
      out_image_data_type: 2,
      in_image_x_size: 5,
      in_image_y_size: 4,
      in_image_x_stride: 5,
      in_image_y_stride: 4,
      in_image_x_offset: -1,
      in_image_y_offset: -1,
      out_image_x_size: 5,
      out_image_y_size: 4,
      out_image_z_size: 3,
      out_image_x_stride: 5,
      out_image_y_stride: 4,
      in_image_address: 0x10000000,
      out_image_address: 0x20000040,
      // The test context's first coefficients land at offset 64.
      kernel_address: 1,
      in_image_border_const: 3,
      coef_zero_point: 128,
      out_zero_point: 7,
      // 20000 / 2^20 = 40000 / 2^21: M = 2^15 + 7232, S = 21.
      post_multiplier: 7232,
      post_shift: 21,
      unused12: 0,
      unused13: 0,
      nn_layer_flush: 1,
      rounding_mode: 1,
      further3: 0x3ffffff,
      further4: 0x7f800000,
      further5: 0xff800000,
    });
    // Word 0: kernel_xy_size 3 << 2 | kernel_z_size 2 << 6 | kernels_per_core 3 << 20 | pooling_xy_size 1 << 29 | nn_layer_flush 1 << 31.
    expect(job.descriptor[0]).toBe(0xa030008c);
    // in_image_x/y_offset -1: 7 in the low three bits and bit 3 set, as Mesa writes SAME padding.
    const raw = unpackDescriptor(NN_FIELDS, job.descriptor);
    expect([raw.in_image_x_offset, raw.in_image_x_offset_bit_3, raw.in_image_y_offset, raw.in_image_y_offset_bit_3]).toEqual([7, 1, 7, 1]);
    // post_multiplier 7232 = 0b111_0001_0000_0 split as bit 0, bits 1-6, bits 7-14.
    expect([raw.post_multiplier, raw.post_multiplier_1_to_6, raw.post_multiplier_7_to_14, raw.post_shift, raw.post_shift_bit_5_6]).toEqual([0, 32, 56, 21, 0]);
    // The weight stream: corrected bias = bias - 3 * 9 * (2 oc + 1); kernels [z][x][y]; output offsets k * 5 * 4.
    const coef = p.ctx.region();
    const stream = coef.subarray(64, 64 + headerBytes(1) + new DataView(coef.buffer).getUint32(64, true));
    const d = decodeWeights(stream, { kernels: 3, kernelSize: 18, cores: 1, zrlBits: stream[headerBytes(1)]!, zeroPoint: 128 });
    expect(Array.from(d.bias)).toEqual([73, -281, 165]);
    expect(Array.from(d.outputOffset)).toEqual([0, 20, 40]);
    expect(Array.from(d.kernels[1]!)).toEqual([...new Array(9).fill(129), ...new Array(9).fill(130)]);
    // And it runs like the nir evaluator.
    expect(check(handConv(), new Rand(2), 'hand conv')).toBe('ok');
  });
});

// ---------------------------------------------------------------------------
// Malformed descriptors.

function patch(desc: Uint32Array, changes: Record<string, number>): Uint32Array {
  const logical = joinSplitFields(unpackDescriptor(NN_FIELDS, desc));
  return packDescriptor(NN_FIELDS, splitJoinedFields({ ...logical, ...changes }));
}

describe('malformed descriptors are BackendErrors and touch nothing', () => {
  const p = prepare(handConv(), new Rand(3));
  const job = encodeNnJob(p.op, p.ctx);
  const regions = (): (Uint8Array | undefined)[] => [p.ctx.region().slice(), p.regions.io.bytes.slice(), p.regions.scratch.bytes.slice()];
  const expectError = (desc: Uint32Array, message: RegExp, regs = regions()): void => {
    const before = regs.map((b) => b?.slice());
    expect(() => executeNnJob(desc, regs)).toThrow(BackendError);
    expect(() => executeNnJob(desc, regs)).toThrow(message);
    regs.forEach((b, i) => expect(Buffer.from(b!).equals(Buffer.from(before[i]!)), `region ${i} changed`).toBe(true));
  };
  const cases: [string, Record<string, number>, RegExp][] = [
    ['input past its region', { in_image_address: packAddress(1, 20) }, /input image .* passes its end/],
    ['output in a missing region', { out_image_address: packAddress(5, 0) }, /region 5/],
    ['output past its region', { out_image_y_stride: 4000 }, /output image .* passes its end/],
    ['weights past the region', { kernel_address: 1000 }, /weight stream/],
    ['another kernel count than the stream', { out_image_z_size: 2 }, /vipnano weights/],
    ['another kernel size than the stream', { kernel_z_size: 1 }, /vipnano weights/],
    ['data type 1', { in_image_data_type: 1 }, /data type 1/],
    ['layer type FULLY_CONNECTED', { layer_type: 1 }, /layer_type/],
    ['pooling AVG', { pooling: 2 }, /pooling 2/],
    ['MAX pooling of an odd size', { pooling: 1, pooling_xy_size: 0 }, /even output size/],
    ['unknown npuc flags', { unused13: 4 }, /flags/],
    ['ADD fields without ADD', { further1: 5 }, /without the ADD flag/],
    ['clamp bounds without CLAMP', { unused12: 5 }, /without the CLAMP flag/],
    ['clamp bounds outside the output type', { unused13: 1, unused12: 0xffff0000 }, /clamp bound -1/],
    ['strides below the size', { in_image_x_stride: 4 }, /strides/],
    ['a zero size', { out_image_x_size: 0 }, /at least 1/],
    ['border constant above 8 bits', { in_image_border_const: 300 }, /border/],
    ['v8 multiplier bits', { post_multiplier: 1 << 16 }, /v8/],
  ];
  for (const [name, changes, message] of cases) it(name, () => expectError(patch(job.descriptor, changes), message));

  it('wrong word count', () => expectError(job.descriptor.subarray(0, 30), /30 words/));
  // The stream: the 64-byte header at coefficients offset 64, then core 0's block at 128.
  const corrupt = (at: number, value: number, message: RegExp): void => {
    const regs = regions();
    // 64 more bytes in the region, so that a longer block still fits it.
    const coef = new Uint8Array(regs[0]!.length + 64);
    coef.set(regs[0]!);
    coef[at] = value;
    regs[0] = coef;
    expectError(job.descriptor, message, regs);
  };
  it('a block length past the region', () => corrupt(66, 0x10, /its \d+ bytes pass the end/));
  it('a block length that is not the content', () => corrupt(64, regions()[0]![64]! + 64, /block of \d+ bytes, its content needs/));
  it('zrl_bits above the core', () => corrupt(128, 9, /zrl_bits 9/));
  it('another kernel count', () => corrupt(129, 2, /block holds 2 kernels, expected 3/));
  it('an output offset that is not planar', () => {
    // The output image's y stride differs from the one the offsets were made for.
    const regs = regions();
    regs[2] = new Uint8Array(1024);
    expectError(patch(job.descriptor, { out_image_y_stride: 5 }), /kernel 1's output offset is 20, the planar output needs 25/, regs);
  });
  it('work above the bound', () => {
    const big = patch(job.descriptor, {
      in_image_x_size: 1,
      in_image_y_size: 1,
      in_image_x_stride: 1,
      in_image_y_stride: 1,
      in_image_x_offset: 0,
      in_image_y_offset: 0,
      kernel_xy_size: 15,
      kernel_y_size: 15,
      kernel_z_size: 2 ** 20 - 1,
      out_image_x_size: 1,
      out_image_y_size: 1,
      out_image_x_stride: 1,
      out_image_y_stride: 1,
      out_image_z_size: 2 ** 14 - 1,
      in_image_address: packAddress(1, 0),
      out_image_address: packAddress(2, 0),
    });
    expectError(big, /multiply-accumulates/, [p.ctx.region().slice(), new Uint8Array(2 ** 20), new Uint8Array(2 ** 14)]);
  });
});

// ---------------------------------------------------------------------------
// What the encoder refuses.

describe('encoder errors name the op', () => {
  const encode = (f: PlanarFn): (() => void) => {
    const p = prepare(f, new Rand(4));
    return () => encodeNnJob(p.op, p.ctx);
  };
  const conv = (props: string, xs = [1, 4, 4, 2], o: Planar = {}, ifmEt: ET8 = 'ui8'): PlanarFn => {
    const f = new PlanarFn();
    const x = f.input(xs, ifmEt, 0, new Array(count(xs)).fill(1));
    const w = f.constant(new Array(2 * 9 * xs[3]!).fill(1), [2, 3, 3, xs[3]!], 'ui8', 0);
    const b = f.constant([0, 0], [2], 'i32');
    const m = props.match(/stride = array<i64: (\d)/);
    const s = m ? Number(m[1]) : 1;
    const os = [1, (xs[1]! - 1) / s + 1, (xs[2]! - 1) / s + 1, 2];
    const v = f.image('scratch', os, 'ui8', 0, o);
    f.op('conv2d', [x, w, b, v], `pad = ${arr([1, 1, 1, 1])}, dilation = ${arr([1, 1])}, ${props}`);
    f.output(v, os, 'ui8');
    return f;
  };
  const rq = (m = 20000, s = 20, rounding = 'SINGLE_ROUND', scale32 = false): string =>
    `multiplier = ${arr([m])}, shift = ${arr([s])}, rounding = "${rounding}", scale32 = ${scale32}`;

  it('stride 2', () => expect(encode(conv(`stride = ${arr([2, 2])}, ${rq()}`, [1, 5, 5, 2]))).toThrow(/loc\("job"\): nir.conv2d: stride \[2, 2\]/));
  it('DOUBLE_ROUND', () => expect(encode(conv(`stride = ${arr([1, 1])}, ${rq(2 ** 30, 40, 'DOUBLE_ROUND', true)}`))).toThrow(/DOUBLE_ROUND/));
  it('an inexact 32-bit multiplier', () => expect(encode(conv(`stride = ${arr([1, 1])}, ${rq(2 ** 30 + 1, 40, 'SINGLE_ROUND', true)}`))).toThrow(/no exact NN encoding/));
  it('an exact 32-bit multiplier is fine', () => expect(encode(conv(`stride = ${arr([1, 1])}, ${rq(2 ** 30, 40, 'SINGLE_ROUND', true)}`))).not.toThrow());
  it('multiplier 0', () => expect(encode(conv(`stride = ${arr([1, 1])}, ${rq(0, 20)}`))).toThrow(BackendError));

  it('a non-planar (NHWC) view', () => {
    const f = new PlanarFn();
    const x = f.input([1, 2, 2, 3], 'ui8', 0, new Array(12).fill(0));
    const o = f.image('scratch', [1, 2, 2, 3], 'ui8', 0);
    f.op('eltwise', [x, o], `op = "copy", ${rq(16384, 14)}`);
    f.output(o, [1, 2, 2, 3], 'ui8');
    // The output view (the line before the op) with NHWC strides instead.
    const lines = f.text().split('\n');
    const at = lines.findIndex((l) => l.includes('"nir.eltwise"')) - 1;
    lines[at] = lines[at]!.replace('array<i64: 12, 2, 1, 4>', 'array<i64: 12, 6, 3, 1>');
    const m = parseModule(lines.join('\n'), { file: 'nhwc.mlir' });
    expect(verify(m).map((d) => d.message)).toEqual([]);
    const op = ops(functionsOf(m).get('main')!).find((o) => o.name === 'nir.eltwise')!;
    expect(() => encodeNnJob(op, new TestContext())).toThrow(/ofm strides .* not planar: the x stride is not 1/);
  });

  it('i16 copies', () => {
    const f = new PlanarFn();
    const x = f.input([1, 2, 2, 1], 'ui8', 0, [1, 2, 3, 4]);
    const o = f.image('scratch', [1, 2, 2, 1], 'i16', 0);
    f.op('eltwise', [x, o], `op = "copy", ${rq(16384, 14)}`);
    f.output(o, [1, 2, 2, 1], 'i16');
    expect(encode(f)).toThrow(/ofm is i16: the NN core reads and writes 8-bit images only/);
  });

  it('add with broadcast, or with inputs of different strides', () => {
    const mk = (bShape: number[], bPad: Planar): PlanarFn => {
      const f = new PlanarFn();
      const a = f.input([1, 2, 3, 2], 'ui8', 0, new Array(12).fill(1));
      const b = f.input(bShape, 'ui8', 0, new Array(count(bShape)).fill(1), bPad);
      const o = f.image('scratch', [1, 2, 3, 2], 'ui8', 0);
      f.op('eltwise', [a, b, o], `op = "add", input_multiplier = ${arr([16384, 16384])}, input_shift = ${arr([2, 2])}, ${rq(16384, 26)}`);
      f.output(o, [1, 2, 3, 2], 'ui8');
      return f;
    };
    expect(encode(mk([1, 2, 3, 1], {}))).toThrow(/no broadcast/);
    expect(encode(mk([1, 2, 3, 2], { padX: 1 }))).toThrow(/input B's strides/);
    expect(encode(mk([1, 2, 3, 2], { offset: 3 }))).not.toThrow();
  });

  it('other pools and eltwise ops', () => {
    const pool = (props: string, shape = [1, 4, 4, 1], os = [1, 2, 2, 1]): PlanarFn => {
      const f = new PlanarFn();
      const x = f.input(shape, 'ui8', 0, new Array(count(shape)).fill(1));
      const o = f.image('scratch', os, 'ui8', 0);
      f.op('pool', [x, o], props);
      f.output(o, os, 'ui8');
      return f;
    };
    expect(encode(pool(`kind = "avg", kernel = ${arr([2, 2])}, stride = ${arr([2, 2])}, pad = ${arr([0, 0, 0, 0])}`))).toThrow(/pool kind 'avg'/);
    expect(encode(pool(`kind = "max", kernel = ${arr([3, 3])}, stride = ${arr([1, 1])}, pad = ${arr([0, 0, 0, 0])}`, [1, 4, 4, 1], [1, 2, 2, 1]))).toThrow(/only 2x2 at stride 2/);
    const f = new PlanarFn();
    const a = f.input([1, 1, 2, 1], 'ui8', 0, [1, 2]);
    const b = f.input([1, 1, 2, 1], 'ui8', 0, [1, 2]);
    const o = f.image('scratch', [1, 1, 2, 1], 'ui8', 0);
    f.op('eltwise', [a, b, o], `op = "mul", input_multiplier = ${arr([16384, 16384])}, input_shift = ${arr([2, 2])}, ${rq(16384, 26)}`);
    f.output(o, [1, 1, 2, 1], 'ui8');
    expect(encode(f)).toThrow(/eltwise mul has no NN encoding/);
  });
});
