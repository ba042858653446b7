// Random nir layers with their TOSA equivalents, shared by the tests that
// check something against the nir evaluator.
//
// Each case builder draws, from a seeded PRNG, one small layer: random
// shapes, values, zero points and requantization parameters (SINGLE_ROUND
// and DOUBLE_ROUND, scale32 true and false, per channel and per tensor, i8,
// ui8, i16, i32), and returns it twice, as
//   * a tosa function computing the operation the way TOSA 1.0 spells it
//     (conv2d -> rescale -> clamp, rescale each input to i32 -> add ->
//     rescale, pad/reshape/transpose/reshape for space-to-depth, ...), and
//   * the equivalent nir function, with hand-placed buffers and views in
//     random layouts: dense NHWC, strided sub-views with permuted strides
//     and padding, NHCWB16 and NC1HWC2 bricks, views at offsets; constants
//     stored in those layouts too, with junk between their elements,
// together with the function arguments (`Case`). The placements are
// computed here from the layout formulas of docs/nir.md, independently of
// src/dialects/nir/memory.ts.
//
// test/unit/nir-eval.test.ts checks the nir evaluator against the tosa
// evaluator on these cases; backend tests take a case's nir function and
// arguments and compare the nir evaluator's output with what the target
// computes from the nir function. A backend encodes only some forms, so
// every builder takes `CaseOptions` that restrict the draws (layouts,
// element types, scale32, batch, ...). With the default options the
// builders make exactly the same sequence of PRNG calls as before the
// options existed, so a seed always gives the same case; an option only
// maps an excluded draw to an allowed value or draws again among the
// allowed ones, so with options a seed still gives one fixed case.

import '../../src/dialects/index.js';
import { parseModule } from '../../src/ir/parser.js';
import { verify } from '../../src/ir/verifier.js';
import { Tensor } from '../../src/ir/tensor.js';
import { IntegerType } from '../../src/ir/types.js';
import { TosaRequireError } from '../../src/dialects/tosa/numerics.js';
import { NirRequireError } from '../../src/dialects/nir/intrinsics.js';
import { evalFunction, functionsOf } from '../unit/support/interp.js';

// ---------------------------------------------------------------------------
// Types and values.

/** The element types of the activations the builders draw. */
export type ET = 'i8' | 'ui8' | 'i16' | 'i32';
export type Layout = 'NHWC' | 'NHCWB16' | 'NC1HWC2';
export const BYTES: Record<ET, number> = { i8: 1, ui8: 1, i16: 2, i32: 4 };
export const RANGE: Record<ET, [number, number]> = { i8: [-128, 127], ui8: [0, 255], i16: [-32768, 32767], i32: [-(2 ** 31), 2 ** 31 - 1] };
const irType = (et: ET): IntegerType => (et === 'ui8' ? IntegerType.get(8, 'unsigned') : IntegerType.get(Number(et.slice(1))));
/** `tensor<2x3xi8>`. */
export const tt = (shape: readonly number[], et: string): string => `tensor<${shape.map((d) => `${d}x`).join('')}${et}>`;
export const count = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);
/** `array<i64: 1, 2>`. */
export const arr = (xs: readonly number[]): string => `array<i64: ${xs.join(', ')}>`;

// ---------------------------------------------------------------------------
// Options.

/**
 * The placements a view may get: `dense` (row-major NHWC strides),
 * `strided` (NHWC strides of a sub-view of a block padded by 0-2 elements
 * per dimension, its dimensions stored in a random order unless
 * `permutedStrides` is false), and the brick layouts `NHCWB16` and
 * `NC1HWC2` (rank-4 views only).
 */
export type LayoutChoice = 'dense' | 'strided' | 'NHCWB16' | 'NC1HWC2';
export const ALL_LAYOUTS: readonly LayoutChoice[] = ['dense', 'strided', 'NHCWB16', 'NC1HWC2'];

/**
 * Restrictions on what the case builders draw, for targets that encode only
 * some forms. Every field is optional; the defaults are the unrestricted
 * draws nir-eval.test.ts uses (and leave its PRNG sequence untouched).
 */
export interface CaseOptions {
  /**
   * Placements of the feature-map views (io and scratch buffers). A view
   * that none of them fits (a rank below 4, or a depth `brickDepthMultiple`
   * excludes, when only brick layouts are allowed) is `dense`. Default: all.
   */
  readonly layouts?: readonly LayoutChoice[];
  /** Placements of constants (weights, biases, tables), likewise. Default: `layouts`. */
  readonly constantLayouts?: readonly LayoutChoice[];
  /** `strided` views may store their dimensions in a permuted order (strides out of decreasing order); false keeps them row-major. Default true. */
  readonly permutedStrides?: boolean;
  /**
   * Views may start 1-3 elements into their buffer (besides the start of a
   * `strided` sub-view in its padded block). Default true.
   */
  readonly viewOffsets?: boolean;
  /** Brick layouts only for views whose depth (last dimension) is a multiple of this. Default 1. */
  readonly brickDepthMultiple?: number;
  /**
   * Every requantization and eltwise input scaling has scale32 = true
   * (apply_scale_32, 31-bit multipliers); rounding is still SINGLE_ROUND or
   * DOUBLE_ROUND at random. Default false (scale32 is drawn).
   */
  readonly scale32Only?: boolean;
  /**
   * Element types the activations (every input and output view) may have;
   * each builder draws among those of its own list that are allowed (conv2d,
   * depthwise_conv2d, matmul, lut and reshuffle inputs: i8, ui8; pool: i8,
   * ui8, i16; the others: all four), and throws if none is. Default: all.
   * lut's output is always i8, a requantization-free output is always i32
   * (an i32 output is drawn only if allowed), and constants keep their types
   * (conv weights: the input's type; biases: i32; tables: i8).
   */
  readonly elementTypes?: readonly ET[];
  /**
   * Largest batch: N of conv, pool, matmul and reshuffle, and the first
   * dimension of every rank-4 shape of the other builders (for transpose,
   * of its input and its output). Larger draws become this. Default: none.
   */
  readonly maxBatch?: number;
  /** Largest depthwise_conv2d channel multiplier M (drawn in 1-3; larger draws become this). Default: none. */
  readonly maxDepthMultiplier?: number;
}

/** An element type drawn from `choices` (repeats weight it), among those `opts.elementTypes` allows. */
function pickEt(r: Rand, choices: readonly ET[], opts: CaseOptions): ET {
  if (!opts.elementTypes) return r.pick(choices);
  const allowed = opts.elementTypes;
  const ok = choices.filter((et) => allowed.includes(et));
  if (!ok.length) throw new Error(`CaseOptions.elementTypes [${allowed.join(', ')}] allows none of [${[...new Set(choices)].join(', ')}]`);
  return r.pick(ok);
}

/** `n`, at most `opts.maxBatch`. */
const batch = (n: number, opts: CaseOptions): number => Math.min(n, opts.maxBatch ?? n);

/** Limits the first dimension of a rank-4 `shape` (in place) to `opts.maxBatch`. */
function limitBatch(shape: number[], opts: CaseOptions): number[] {
  if (shape.length === 4) shape[0] = batch(shape[0]!, opts);
  return shape;
}

/** A deterministic PRNG (mulberry32). */
export class Rand {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  bool(p = 0.5): boolean {
    return this.next() < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(0, xs.length - 1)]!;
  }
  perm(n: number): number[] {
    const p = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = this.int(0, i);
      [p[i], p[j]] = [p[j]!, p[i]!];
    }
    return p;
  }
  values(n: number, et: ET, lo = RANGE[et][0], hi = RANGE[et][1]): number[] {
    return Array.from({ length: n }, () => this.int(lo, hi));
  }
}

/** A `dense<"0x...">` attribute of `values` (little-endian) with type `tensor<shape x et>`. */
export function hexDense(values: readonly number[], shape: readonly number[], et: ET): string {
  const w = BYTES[et];
  const bytes = new Uint8Array(values.length * w);
  const dv = new DataView(bytes.buffer);
  values.forEach((v, i) => {
    if (w === 1) dv.setUint8(i, v & 0xff);
    else if (w === 2) dv.setUint16(i * 2, v & 0xffff, true);
    else dv.setInt32(i * 4, v | 0, true);
  });
  return `dense<"0x${Buffer.from(bytes).toString('hex').toUpperCase()}"> : ${tt(shape, et)}`;
}

/** A tensor of `shape` and `et` holding `values` (row-major). */
export function tensor(shape: readonly number[], et: ET, values: readonly number[]): Tensor {
  const data = et === 'i8' ? Int8Array.from(values) : et === 'ui8' ? Uint8Array.from(values) : et === 'i16' ? Int16Array.from(values) : Int32Array.from(values);
  return new Tensor(shape, irType(et), data);
}

// ---------------------------------------------------------------------------
// Placement of a logical shape in memory, computed here independently of
// memory.ts (from the layout formulas of docs/nir.md).

export interface Placement {
  layout: Layout;
  strides: number[] | null;
  /** View offset, in elements. */
  offset: number;
  /** Elements the buffer needs. */
  total: number;
  index(coord: readonly number[]): number;
}

/** How often `placement` chose each `LayoutChoice` (for tests that check every layout was used). */
export const layoutUse = new Map<string, number>();

/** The placement options `NirFn` passes on (`layouts` being `constantLayouts` for constants). */
type PlacementOptions = Pick<CaseOptions, 'layouts' | 'permutedStrides' | 'viewOffsets' | 'brickDepthMultiple'>;

/** A random placement of `shape` in memory (see `LayoutChoice`). */
export function placement(r: Rand, shape: readonly number[], opts: PlacementOptions = {}): Placement {
  const rank = shape.length;
  let choice = r.int(0, rank === 4 ? 3 : 1);
  if (opts.layouts || opts.brickDepthMultiple) {
    const fits = (k: number): boolean =>
      (opts.layouts ?? ALL_LAYOUTS).includes(ALL_LAYOUTS[k]!) && (k < 2 || shape[3]! % (opts.brickDepthMultiple ?? 1) === 0);
    if (!fits(choice)) {
      const ok = [0, 1, 2, 3].slice(0, rank === 4 ? 4 : 2).filter(fits);
      choice = ok.length ? r.pick(ok) : 0;
    }
  }
  const drawnOffset = r.bool(0.3) ? r.int(1, 3) : 0;
  const offset = opts.viewOffsets === false ? 0 : drawnOffset;
  if (choice >= 2) {
    const layout: Layout = choice === 2 ? 'NHCWB16' : 'NC1HWC2';
    const [N, H, W, C] = shape as [number, number, number, number];
    const CB = Math.ceil(C / 16);
    layoutUse.set(layout, (layoutUse.get(layout) ?? 0) + 1);
    const index = ([n, h, w, c]: readonly number[]): number =>
      offset +
      (layout === 'NHCWB16'
        ? (((n! * H + h!) * CB + Math.floor(c! / 16)) * W + w!) * 16 + (c! % 16)
        : (((n! * CB + Math.floor(c! / 16)) * H + h!) * W + w!) * 16 + (c! % 16));
    return { layout, strides: null, offset, total: offset + N * H * W * CB * 16, index };
  }
  // Strided: dense row-major, or a sub-view of a padded block stored in a permuted dimension order.
  const sub = choice === 1;
  layoutUse.set(sub ? 'strided' : 'dense', (layoutUse.get(sub ? 'strided' : 'dense') ?? 0) + 1);
  const padded = shape.map((d) => d + (sub && r.bool() ? r.int(1, 2) : 0));
  const start = shape.map((d, i) => r.int(0, padded[i]! - d));
  const permute = sub && r.bool();
  const order = permute && opts.permutedStrides !== false ? r.perm(rank) : Array.from({ length: rank }, (_, i) => i);
  const strides = new Array<number>(rank).fill(0);
  let acc = 1;
  for (let k = rank - 1; k >= 0; k--) {
    strides[order[k]!] = acc;
    acc *= padded[order[k]!]!;
  }
  const base = offset + start.reduce((s, x, i) => s + x * strides[i]!, 0);
  const index = (coord: readonly number[]): number => coord.reduce((s, x, i) => s + x * strides[i]!, base);
  return { layout: 'NHWC', strides, offset: base, total: offset + acc, index };
}

/** Each logical element's position (row-major order). */
export function positions(shape: readonly number[], p: Placement): number[] {
  const out: number[] = [];
  const coord = new Array<number>(shape.length).fill(0);
  for (let i = 0; i < count(shape); i++) {
    out.push(p.index(coord));
    for (let k = shape.length - 1; k >= 0; k--) {
      if (++coord[k]! < shape[k]!) break;
      coord[k] = 0;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------
// Function builders.

/** Builds a nir function text: regions, buffers placed one after the other, views, ops. */
export class NirFn {
  private readonly body: string[] = [];
  private next = 0;
  private readonly used = { io: 0, scratch: 0, coefficients: 0 };
  constructor(
    private readonly r: Rand,
    private readonly opts: CaseOptions = {},
  ) {}

  private name(p: string): string {
    return `%${p}${this.next++}`;
  }
  private alloc(region: keyof NirFn['used'], bytes: number): number {
    const off = Math.ceil(this.used[region] / 16) * 16;
    this.used[region] = off + bytes;
    return off;
  }
  private view(buf: string, p: Placement, shape: readonly number[], et: ET, zp: number): string {
    const v = this.name('v');
    const strides = p.strides ? `, strides = ${arr(p.strides)}` : '';
    this.body.push(
      `  ${v} = "nir.view"(${buf}) <{offset = ${p.offset * BYTES[et]} : i64, shape = ${arr(shape)}${strides}, element_type = ${et}, layout = "${p.layout}", zero_point = ${zp} : i64}> : (!nir.buffer) -> !nir.view`,
    );
    return v;
  }
  /** A fresh buffer of `region` holding a view of `shape` in a random layout. */
  place(region: 'io' | 'scratch', shape: readonly number[], et: ET, zp = 0): string {
    const p = placement(this.r, shape, this.opts);
    const bytes = p.total * BYTES[et];
    const b = this.name('b');
    this.body.push(`  ${b} = "nir.buffer"(%${region}) <{offset = ${this.alloc(region, bytes)} : i64, size = ${bytes} : i64, alignment = 16 : i64}> : (!nir.region) -> !nir.buffer`);
    return this.view(b, p, shape, et, zp);
  }
  /** A constant holding `values` (row-major over `shape`) in a random layout, junk elsewhere. */
  constant(values: readonly number[], shape: readonly number[], et: ET, zp = 0): string {
    const p = placement(this.r, shape, { ...this.opts, layouts: this.opts.constantLayouts ?? this.opts.layouts });
    const physical = this.r.values(p.total, et);
    positions(shape, p).forEach((at, i) => (physical[at] = values[i]!));
    const c = this.name('c');
    this.body.push(
      `  ${c} = "nir.constant"(%coefficients) <{offset = ${this.alloc('coefficients', p.total * BYTES[et])} : i64, alignment = 16 : i64, values = ${hexDense(physical, [p.total], et)}}> : (!nir.region) -> !nir.buffer`,
    );
    return this.view(c, p, shape, et, zp);
  }
  input(arg: string, view: string, shape: readonly number[], et: ET): void {
    this.body.push(`  "nir.input"(${arg}, ${view}) : (${tt(shape, et)}, !nir.view) -> ()`);
  }
  op(name: string, operands: readonly string[], props: string): void {
    const types = operands.map(() => '!nir.view').join(', ');
    this.body.push(`  "nir.${name}"(${operands.join(', ')})${props ? ` <{${props}}>` : ''} : (${types}) -> ()`);
  }
  output(view: string, shape: readonly number[], et: ET): string {
    const y = this.name('y');
    this.body.push(`  ${y} = "nir.output"(${view}) : (!nir.view) -> ${tt(shape, et)}`);
    return y;
  }
  text(args: readonly [string, string][], result: [string, string]): string {
    const regions = (['io', 'scratch', 'coefficients'] as const).map(
      (k) => `  %${k} = "nir.region"() <{kind = "${k}", size = ${Math.max(16, this.used[k])} : i64}> : () -> !nir.region`,
    );
    return [
      `func.func @main(${args.map(([n, t]) => `${n}: ${t}`).join(', ')}) -> ${result[1]} {`,
      ...regions,
      ...this.body,
      `  return ${result[0]} : ${result[1]}`,
      '}',
    ].join('\n');
  }
}

/** Builds a tosa function text. */
export class TosaFn {
  private readonly body: string[] = [];
  private next = 0;
  name(): string {
    return `%t${this.next++}`;
  }
  line(text: string): void {
    this.body.push(`  ${text}`);
  }
  const(values: readonly number[], shape: readonly number[], et: ET): string {
    const c = this.name();
    this.line(`${c} = "tosa.const"() <{values = ${hexDense(values, shape, et)}}> : () -> ${tt(shape, et)}`);
    return c;
  }
  scalar(v: number, et: ET): string {
    return this.const([v], [1], et);
  }
  shape(dims: readonly number[]): string {
    const s = this.name();
    this.line(`${s} = tosa.const_shape {values = dense<[${dims.join(', ')}]> : tensor<${dims.length}xindex>} : () -> !tosa.shape<${dims.length}>`);
    return s;
  }
  rescale(x: string, shape: readonly number[], inEt: ET, outEt: ET, m: readonly number[], s: readonly number[], izp: number, ozp: number, scale32: boolean, dr: boolean, inU = false, outU = false): string {
    const mEt: ET = scale32 ? 'i32' : 'i16';
    const mt = this.const(m, [m.length], mEt);
    const st = this.shiftConst(s);
    const iz = this.scalar(izp, inEt);
    const oz = this.scalar(ozp, outEt);
    const y = this.name();
    this.line(
      `${y} = tosa.rescale ${x}, ${mt}, ${st}, ${iz}, ${oz} {input_unsigned = ${inU}, output_unsigned = ${outU}, per_channel = ${m.length > 1}, rounding_mode = ${dr ? 'DOUBLE_ROUND' : 'SINGLE_ROUND'}, scale32 = ${scale32}} : (${tt(shape, inEt)}, ${tt([m.length], mEt)}, tensor<${s.length}xi8>, ${tt([1], inEt)}, ${tt([1], outEt)}) -> ${tt(shape, outEt)}`,
    );
    return y;
  }
  private shiftConst(s: readonly number[]): string {
    const c = this.name();
    this.line(`${c} = "tosa.const"() <{values = dense<[${s.join(', ')}]> : tensor<${s.length}xi8>}> : () -> tensor<${s.length}xi8>`);
    return c;
  }
  clamp(x: string, shape: readonly number[], et: ET, lo: number, hi: number): string {
    const y = this.name();
    this.line(`${y} = tosa.clamp ${x} {min_val = ${lo} : ${et}, max_val = ${hi} : ${et}} : (${tt(shape, et)}) -> ${tt(shape, et)}`);
    return y;
  }
  /** nir's "requantize": i32 -> out (ui8 through i16, as TOSA forbids i32 -> unsigned in one rescale), then the clamp. */
  requant(acc: string, shape: readonly number[], rq: Rq | null, outEt: ET, zp: number): string {
    if (!rq) return acc;
    let y: string;
    if (outEt === 'ui8') {
      const t16 = this.rescale(acc, shape, 'i32', 'i16', rq.m, rq.s, 0, 0, rq.scale32, rq.dr);
      y = this.rescale(t16, shape, 'i16', 'ui8', [2 ** 30], [30], 0, zp, true, false, false, true);
    } else y = this.rescale(acc, shape, 'i32', outEt, rq.m, rq.s, 0, zp, rq.scale32, rq.dr);
    return rq.clamp ? this.clamp(y, shape, outEt, rq.clamp[0], rq.clamp[1]) : y;
  }
  /** nir eltwise's input scaling: apply_scale(x - zp, m, s) into i32 (ui8 through an exact ui8 -> i16 step). */
  toI32(x: string, shape: readonly number[], et: ET, zp: number, m: number, s: number, scale32: boolean, dr: boolean): string {
    if (et === 'ui8') {
      const t16 = this.rescale(x, shape, 'ui8', 'i16', [2 ** 30], [30], zp, 0, true, false, true, false);
      return this.rescale(t16, shape, 'i16', 'i32', [m], [s], 0, 0, scale32, dr);
    }
    return this.rescale(x, shape, et, 'i32', [m], [s], zp, 0, scale32, dr);
  }
  text(args: readonly [string, string][], result: [string, string]): string {
    return [`func.func @main(${args.map(([n, t]) => `${n}: ${t}`).join(', ')}) -> ${result[1]} {`, ...this.body, `  return ${result[0]} : ${result[1]}`, '}'].join('\n');
  }
}

// ---------------------------------------------------------------------------
// Requantization parameters.

/** Requantization parameters (nir's requant properties). */
export interface Rq {
  m: number[];
  s: number[];
  scale32: boolean;
  dr: boolean;
  clamp: [number, number] | null;
}

/**
 * Random requantization for `channels` output channels into `outEt`. The
 * shift usually scales a typical accumulator of about 2^`magnitude` into
 * the 8-bit range; sometimes it is small enough that apply_scale_32's input
 * range REQUIRE can fail.
 */
export function randomRq(
  r: Rand,
  channels: number,
  perChannel: boolean,
  outEt: ET,
  magnitude: number,
  mode?: { scale32: boolean; dr: boolean },
  opts: CaseOptions = {},
): Rq {
  const scale32 = mode ? mode.scale32 : r.bool() || !!opts.scale32Only;
  const dr = mode ? mode.dr : scale32 && r.bool();
  const n = perChannel && r.bool() ? channels : 1;
  const m: number[] = [];
  const s: number[] = [];
  for (let i = 0; i < n; i++) {
    if (scale32 && r.bool(0.4)) {
      // A shift just above 31 with a smaller multiplier: where DOUBLE_ROUND's
      // extra 2^30 changes the result for a good share of the inputs.
      const sh = r.int(32, 36);
      const e = Math.min(30, sh + 7 - magnitude);
      m.push(r.int(2 ** (e - 1), 2 ** e));
      s.push(sh);
    } else if (scale32) {
      m.push(r.bool(0.8) ? r.int(2 ** 30, 2 ** 31 - 1) : r.int(0, 2 ** 31 - 1));
      s.push(r.bool(0.06) ? r.int(2, 12) : Math.min(62, Math.max(2, 31 + magnitude - 7 + r.int(-3, 3))));
    } else {
      m.push(r.bool(0.8) ? r.int(2 ** 14, 2 ** 15 - 1) : r.int(0, 2 ** 15 - 1));
      s.push(Math.min(62, Math.max(2, 15 + magnitude - 7 + r.int(-3, 3))));
    }
  }
  let clamp: [number, number] | null = null;
  if (r.bool(0.4)) {
    const [lo, hi] = RANGE[outEt];
    const a = r.int(lo, hi);
    const b = r.int(lo, hi);
    clamp = [Math.min(a, b), Math.max(a, b)];
  }
  return { m, s, scale32, dr, clamp };
}

/** The requant properties of a nir intrinsic, each preceded by `, `. */
export function rqProps(rq: Rq | null): string {
  if (!rq) return '';
  const clamp = rq.clamp ? `, clamp = ${arr(rq.clamp)}` : '';
  return `, multiplier = ${arr(rq.m)}, shift = ${arr(rq.s)}, rounding = "${rq.dr ? 'DOUBLE_ROUND' : 'SINGLE_ROUND'}", scale32 = ${rq.scale32}${clamp}`;
}

/** A requantized output type with a zero point TOSA allows for it, or i32 without requantization. */
export function randomOut(r: Rand, opts: CaseOptions = {}): { et: ET; zp: number; requant: boolean } {
  const et = pickEt(r, ['i8', 'i8', 'ui8', 'ui8', 'i16', 'i32'], opts);
  const requant = et !== 'i32' || r.bool();
  const zp = et === 'i8' || et === 'ui8' ? r.int(...RANGE[et]) : 0;
  return { et, zp, requant };
}


// ---------------------------------------------------------------------------
// Running a case.

/** One random layer: the same computation as a tosa and as a nir function `@main`, and its arguments. */
export interface Case {
  /** What the case computes, e.g. `tosa.conv2d 1,3,3,2 * 4,1,1,2 -> 1,3,3,4 i8`; `casesFor` prefixes `seed N: `. */
  what: string;
  /** The tosa function's text. */
  tosa: string;
  /** The nir function's text. */
  nir: string;
  /** The arguments of both functions. */
  args: Tensor[];
  /** The seed it was built from (`casesFor` sets it). */
  seed?: number;
}

/** A function's result, or the error its evaluation threw. */
export type Outcome = { ok: true; out: Tensor } | { ok: false; error: Error };

/** Parses and verifies `text` (throwing if it does not verify), then evaluates its `@main` on `args`. */
export function evaluate(text: string, file: string, args: readonly Tensor[]): Outcome {
  const m = parseModule(text, { file });
  const diags = verify(m);
  if (diags.length) throw new Error(`${file} does not verify: ${diags.map((d) => d.message).join('; ')}\n${text}`);
  try {
    return { ok: true, out: evalFunction(functionsOf(m).get('main')!, args)[0] as Tensor };
  } catch (e) {
    return { ok: false, error: e as Error };
  }
}

/** A TOSA REQUIRE failure of either evaluator (accumulator overflow, apply_scale_32 input range, ...). */
export const isRequire = (e: Error): boolean => e instanceof NirRequireError || e instanceof TosaRequireError;

// ---------------------------------------------------------------------------
// Case generators.

/** A dimension that TOSA's output-size formula divides exactly: (in, k, padBefore, padAfter, stride, dilation). */
function convDim(r: Rand, maxIn: number, maxK: number): [number, number, number, number, number, number] {
  for (;;) {
    const k = r.int(1, maxK);
    const d = k > 1 && r.bool(0.25) ? 2 : 1;
    const s = r.int(1, 3);
    const i = r.int(1, maxIn);
    const p0 = r.int(0, 2);
    for (let p1 = 0; p1 <= 2 + s; p1++) {
      const span = i - 1 + p0 + p1 - (k - 1) * d;
      if (span >= 0 && span % s === 0) return [i, k, p0, p1, s, d];
    }
  }
}

/** conv2d or depthwise_conv2d, then requantization (or an i32 output). */
export function convCase(r: Rand, depthwise: boolean, opts: CaseOptions = {}): Case {
  const et = pickEt(r, ['i8', 'ui8'], opts);
  const [IH, KH, pt, pb, sy, dy] = convDim(r, 6, 3);
  const [IW, KW, pl, pr, sx, dx] = convDim(r, 6, 3);
  const N = batch(r.int(1, 2), opts);
  const C = r.bool(0.15) ? r.int(15, 20) : r.int(1, 5);
  const M = depthwise ? Math.min(r.int(1, 3), opts.maxDepthMultiplier ?? 3) : 1;
  const OC = depthwise ? C * M : r.int(1, 6);
  const OH = (IH - 1 + pt + pb - (KH - 1) * dy) / sy + 1;
  const OW = (IW - 1 + pl + pr - (KW - 1) * dx) / sx + 1;
  const xs = [N, IH, IW, C];
  const ws = depthwise ? [KH, KW, C, M] : [OC, KH, KW, C];
  const os = [N, OH, OW, OC];
  const izp = r.int(...RANGE[et]);
  const wzp = r.bool(0.3) ? r.int(...RANGE[et]) : et === 'ui8' ? 128 : 0;
  const x = r.values(count(xs), et);
  const w = r.values(count(ws), et);
  const big = r.bool(0.05);
  const bias = Array.from({ length: OC }, () => (big ? r.pick([1, -1]) * (2 ** 31 - r.int(1, 100)) : r.int(-5000, 5000)));
  const out = randomOut(r, opts);
  const rq = out.requant ? randomRq(r, OC, true, out.et, 14, undefined, opts) : null;
  const geometry = `stride = ${arr([sy, sx])}, pad = ${arr([pt, pb, pl, pr])}, dilation = ${arr([dy, dx])}`;

  const t = new TosaFn();
  const tw = t.const(w, ws, et);
  const tb = t.const(bias, [OC], 'i32');
  const tiz = t.scalar(izp, et);
  const twz = t.scalar(wzp, et);
  const acc = t.name();
  const name = depthwise ? 'tosa.depthwise_conv2d' : 'tosa.conv2d';
  t.line(
    `${acc} = ${name} %x, ${tw}, ${tb}, ${tiz}, ${twz} {acc_type = i32, dilation = ${arr([dy, dx])}, pad = ${arr([pt, pb, pl, pr])}, stride = ${arr([sy, sx])}} : (${tt(xs, et)}, ${tt(ws, et)}, ${tt([OC], 'i32')}, ${tt([1], et)}, ${tt([1], et)}) -> ${tt(os, 'i32')}`,
  );
  const ty = t.requant(acc, os, rq, out.et, out.zp);

  const n = new NirFn(r, opts);
  const vx = n.place('io', xs, et, izp);
  const vw = n.constant(w, ws, et, wzp);
  const vb = n.constant(bias, [OC], 'i32');
  const vo = n.place('scratch', os, out.et, out.zp);
  n.input('%x', vx, xs, et);
  n.op(depthwise ? 'depthwise_conv2d' : 'conv2d', [vx, vw, vb, vo], geometry + rqProps(rq));
  const ny = n.output(vo, os, out.et);
  const args: [string, string][] = [['%x', tt(xs, et)]];
  return {
    what: `${name} ${xs} * ${ws} -> ${os} ${out.et}`,
    tosa: t.text(args, [ty, tt(os, out.et)]),
    nir: n.text(args, [ny, tt(os, out.et)]),
    args: [tensor(xs, et, x)],
  };
}

/** matmul, then per-tensor requantization (or an i32 output). */
export function matmulCase(r: Rand, opts: CaseOptions = {}): Case {
  const et = pickEt(r, ['i8', 'ui8'], opts);
  const [N, H, C, W] = [batch(r.int(1, 2), opts), r.int(1, 4), r.int(1, 9), r.int(1, 4)];
  const as = [N, H, C];
  const bs = [N, C, W];
  const os = [N, H, W];
  const azp = r.int(...RANGE[et]);
  const bzp = r.int(...RANGE[et]);
  const a = r.values(count(as), et);
  const b = r.values(count(bs), et);
  const out = randomOut(r, opts);
  const rq = out.requant ? randomRq(r, W, false, out.et, 14, undefined, opts) : null;

  const t = new TosaFn();
  const taz = t.scalar(azp, et);
  const tbz = t.scalar(bzp, et);
  const acc = t.name();
  t.line(`${acc} = tosa.matmul %a, %b, ${taz}, ${tbz} : (${tt(as, et)}, ${tt(bs, et)}, ${tt([1], et)}, ${tt([1], et)}) -> ${tt(os, 'i32')}`);
  const ty = t.requant(acc, os, rq, out.et, out.zp);

  const n = new NirFn(r, opts);
  const va = n.place('io', as, et, azp);
  const vb = n.place('io', bs, et, bzp);
  const vo = n.place('scratch', os, out.et, out.zp);
  n.input('%a', va, as, et);
  n.input('%b', vb, bs, et);
  n.op('matmul', [va, vb, vo], rqProps(rq).slice(2));
  const ny = n.output(vo, os, out.et);
  const args: [string, string][] = [
    ['%a', tt(as, et)],
    ['%b', tt(bs, et)],
  ];
  return {
    what: `matmul ${as} x ${bs} -> ${out.et}`,
    tosa: t.text(args, [ty, tt(os, out.et)]),
    nir: n.text(args, [ny, tt(os, out.et)]),
    args: [tensor(as, et, a), tensor(bs, et, b)],
  };
}

function poolDim(r: Rand): [number, number, number, number, number] {
  for (;;) {
    const k = r.int(1, 3);
    const s = r.int(1, 3);
    const i = r.int(1, 6);
    const p0 = r.int(0, k - 1);
    for (let p1 = 0; p1 < k; p1++) {
      const span = i + p0 + p1 - k;
      if (span >= 0 && span % s === 0) return [i, k, p0, p1, s];
    }
  }
}

/** avg_pool2d, or max_pool2d then a clamp now and then. */
export function poolCase(r: Rand, kind: 'avg' | 'max', opts: CaseOptions = {}): Case {
  const et = pickEt(r, ['i8', 'i8', 'ui8', 'ui8', 'i16'], opts);
  const [IH, KY, pt, pb, sy] = poolDim(r);
  const [IW, KX, pl, pr, sx] = poolDim(r);
  const N = batch(r.int(1, 2), opts);
  const C = r.bool(0.15) ? r.int(15, 20) : r.int(1, 5);
  const OH = (IH + pt + pb - KY) / sy + 1;
  const OW = (IW + pl + pr - KX) / sx + 1;
  const xs = [N, IH, IW, C];
  const os = [N, OH, OW, C];
  const eightBit = et !== 'i16';
  const izp = eightBit ? r.int(...RANGE[et]) : 0;
  const ozp = kind === 'max' ? izp : eightBit ? r.int(...RANGE[et]) : 0;
  const x = r.values(count(xs), et);
  let clamp: [number, number] | null = null;
  if (r.bool(0.4)) {
    const a = r.int(...RANGE[et]);
    const b = r.int(...RANGE[et]);
    clamp = [Math.min(a, b), Math.max(a, b)];
  }
  const geometry = `kernel = ${arr([KY, KX])}, stride = ${arr([sy, sx])}, pad = ${arr([pt, pb, pl, pr])}`;

  const t = new TosaFn();
  let ty = t.name();
  if (kind === 'avg') {
    const iz = t.scalar(izp, et);
    const oz = t.scalar(ozp, et);
    t.line(`${ty} = tosa.avg_pool2d %x, ${iz}, ${oz} {acc_type = i32, ${geometry}} : (${tt(xs, et)}, ${tt([1], et)}, ${tt([1], et)}) -> ${tt(os, et)}`);
  } else {
    t.line(`${ty} = tosa.max_pool2d %x {${geometry}} : (${tt(xs, et)}) -> ${tt(os, et)}`);
  }
  if (clamp) ty = t.clamp(ty, os, et, clamp[0], clamp[1]);

  const n = new NirFn(r, opts);
  const vx = n.place('io', xs, et, izp);
  const vo = n.place('scratch', os, et, ozp);
  n.input('%x', vx, xs, et);
  n.op('pool', [vx, vo], `kind = "${kind}", ${geometry}${clamp ? `, clamp = ${arr(clamp)}` : ''}`);
  const ny = n.output(vo, os, et);
  const args: [string, string][] = [['%x', tt(xs, et)]];
  return {
    what: `${kind} pool ${xs} -> ${os} ${et}`,
    tosa: t.text(args, [ty, tt(os, et)]),
    nir: n.text(args, [ny, tt(os, et)]),
    args: [tensor(xs, et, x)],
  };
}

const TOSA_BINARY: Record<string, string> = { add: 'tosa.add', sub: 'tosa.sub', mul: 'tosa.mul', min: 'tosa.minimum', max: 'tosa.maximum' };

/** A two-input eltwise: each input rescaled to i32, the op, then requantization (or an i32 output); input 1 may broadcast. */
export function eltwiseCase(r: Rand, op: 'add' | 'sub' | 'mul' | 'min' | 'max', opts: CaseOptions = {}): Case {
  const rank = r.int(1, 4);
  const shape = Array.from({ length: rank }, () => r.int(1, 4));
  if (r.bool(0.1)) shape[rank - 1] = r.int(15, 19);
  limitBatch(shape, opts);
  const inputs = 2;
  const ets = Array.from({ length: inputs }, () => pickEt(r, ['i8', 'i8', 'ui8', 'ui8', 'i16', 'i32'], opts));
  const shapes = ets.map((_, i) => (i === 1 && r.bool() ? shape.map((d) => (r.bool() ? 1 : d)) : [...shape]));
  const zps = ets.map((et) => (et === 'i8' || et === 'ui8' ? r.int(...RANGE[et]) : 0));
  const values = ets.map((et, i) => (et === 'i32' ? r.values(count(shapes[i]!), et, -(2 ** 20), 2 ** 20) : r.values(count(shapes[i]!), et)));
  const scale32 = r.bool() || !!opts.scale32Only;
  const dr = scale32 && r.bool();
  // Inputs scaled up by about 2^up (mul: less, so the product usually fits i32).
  const up = op === 'mul' ? r.int(0, 4) : r.int(0, 12);
  const im: number[] = [];
  const is: number[] = [];
  for (let i = 0; i < inputs; i++) {
    if (scale32) {
      im.push(r.int(2 ** 30, 2 ** 31 - 1));
      is.push(r.bool(0.05) ? r.int(2, 8) : Math.max(2, 30 - up + r.int(0, 1)));
    } else {
      im.push(r.int(2 ** 14, 2 ** 15 - 1));
      is.push(Math.max(2, 14 - up + r.int(0, 1)));
    }
  }
  const out = randomOut(r, opts);
  const magnitude = (op === 'mul' ? 16 + 2 * up : 8 + up) + (ets.includes('i32') || ets.includes('i16') ? 8 : 0);
  // The input scaling and the requantization share `rounding` and `scale32`.
  const rq = out.requant ? randomRq(r, shape[rank - 1]!, true, out.et, magnitude, { scale32, dr }, opts) : null;
  const props = `op = "${op}", input_multiplier = ${arr(im)}, input_shift = ${arr(is)}${rq ? rqProps(rq) : `, rounding = "${dr ? 'DOUBLE_ROUND' : 'SINGLE_ROUND'}", scale32 = ${scale32}`}`;

  const t = new TosaFn();
  const scaled = ets.map((et, i) => t.toI32(`%in${i}`, shapes[i]!, et, zps[i]!, im[i]!, is[i]!, scale32, dr));
  const r32 = t.name();
  const sh = op === 'mul' ? `, ${t.const([0], [1], 'i8')}` : '';
  const shT = op === 'mul' ? ', tensor<1xi8>' : '';
  t.line(`${r32} = ${TOSA_BINARY[op]} ${scaled[0]}, ${scaled[1]}${sh} : (${tt(shapes[0]!, 'i32')}, ${tt(shapes[1]!, 'i32')}${shT}) -> ${tt(shape, 'i32')}`);
  const ty = t.requant(r32, shape, rq, out.et, out.zp);

  const n = new NirFn(r, opts);
  const views = ets.map((et, i) => n.place('io', shapes[i]!, et, zps[i]!));
  const vo = n.place('scratch', shape, out.et, out.zp);
  ets.forEach((et, i) => n.input(`%in${i}`, views[i]!, shapes[i]!, et));
  n.op('eltwise', [...views, vo], props);
  const ny = n.output(vo, shape, out.et);
  const args = ets.map((et, i): [string, string] => [`%in${i}`, tt(shapes[i]!, et)]);
  return {
    what: `eltwise ${op} ${shapes.map((s, i) => `${s} ${ets[i]}`).join(', ')} -> ${out.et}`,
    tosa: t.text(args, [ty, tt(shape, out.et)]),
    nir: n.text(args, [ny, tt(shape, out.et)]),
    args: ets.map((et, i) => tensor(shapes[i]!, et, values[i]!)),
  };
}

/**
 * eltwise copy: requantizes a - a.zp directly, i.e. one TOSA rescale (split
 * through i16 where TOSA forbids the direct form: unsigned input to i32 or
 * unsigned output, i32 input to unsigned output), then a clamp.
 */
export function copyCase(r: Rand, opts: CaseOptions = {}): Case {
  const rank = r.int(1, 4);
  const shape = Array.from({ length: rank }, () => r.int(1, 4));
  if (r.bool(0.1)) shape[rank - 1] = r.int(15, 19);
  limitBatch(shape, opts);
  const et = pickEt(r, ['i8', 'i8', 'ui8', 'ui8', 'i16', 'i32'], opts);
  const zp = et === 'i8' || et === 'ui8' ? r.int(...RANGE[et]) : 0;
  const x = et === 'i32' && r.bool(0.8) ? r.values(count(shape), et, -(2 ** 20), 2 ** 20) : r.values(count(shape), et);
  const out = randomOut(r, opts);
  const rq = out.requant ? randomRq(r, shape[rank - 1]!, true, out.et, et === 'i32' ? 20 : et === 'i16' ? 14 : 7, undefined, opts) : null;

  const t = new TosaFn();
  let cur = '%x';
  let curEt = et;
  let izp = zp;
  if (et === 'ui8') {
    cur = t.rescale(cur, shape, 'ui8', 'i16', [2 ** 30], [30], zp, 0, true, false, true, false);
    [curEt, izp] = ['i16', 0];
  }
  let ty: string;
  if (!rq) ty = curEt === 'i32' ? cur : t.rescale(cur, shape, curEt, 'i32', [2 ** 30], [30], izp, 0, true, false);
  else {
    if (out.et === 'ui8' && curEt === 'i32') {
      const t16 = t.rescale(cur, shape, 'i32', 'i16', rq.m, rq.s, 0, 0, rq.scale32, rq.dr);
      ty = t.rescale(t16, shape, 'i16', 'ui8', [2 ** 30], [30], 0, out.zp, true, false, false, true);
    } else ty = t.rescale(cur, shape, curEt, out.et, rq.m, rq.s, izp, out.zp, rq.scale32, rq.dr, false, out.et === 'ui8');
    if (rq.clamp) ty = t.clamp(ty, shape, out.et, rq.clamp[0], rq.clamp[1]);
  }

  const n = new NirFn(r, opts);
  const vx = n.place('io', shape, et, zp);
  const vo = n.place('scratch', shape, out.et, out.zp);
  n.input('%x', vx, shape, et);
  n.op('eltwise', [vx, vo], `op = "copy"${rqProps(rq)}`);
  const ny = n.output(vo, shape, out.et);
  const args: [string, string][] = [['%x', tt(shape, et)]];
  return {
    what: `eltwise copy ${shape} ${et} -> ${out.et}`,
    tosa: t.text(args, [ty, tt(shape, out.et)]),
    nir: n.text(args, [ny, tt(shape, out.et)]),
    args: [tensor(shape, et, x)],
  };
}

/** lut: a random 256-entry i8 table applied to an i8 or ui8 input (tosa.table). */
export function lutCase(r: Rand, opts: CaseOptions = {}): Case {
  const et = pickEt(r, ['i8', 'ui8'], opts);
  const rank = r.int(1, 4);
  const shape = limitBatch(Array.from({ length: rank }, () => r.int(1, 5)), opts);
  const table = r.values(256, 'i8');
  const x = r.values(count(shape), et);
  const t = new TosaFn();
  let src = '%x';
  // tosa.table indexes i8 storage: a ui8 input first moves to i8 exactly (u - 128), so that table[s + 128] = table[u].
  if (et === 'ui8') src = t.rescale('%x', shape, 'ui8', 'i8', [2 ** 30], [30], 128, 0, true, false, true, false);
  const tt8 = t.const(table, [256], 'i8');
  const ty = t.name();
  t.line(`${ty} = tosa.table ${src}, ${tt8} : (${tt(shape, 'i8')}, tensor<256xi8>) -> ${tt(shape, 'i8')}`);

  const n = new NirFn(r, opts);
  const vx = n.place('io', shape, et, 0);
  const vt = n.constant(table, [256], 'i8');
  const vo = n.place('scratch', shape, 'i8', r.int(-128, 127));
  n.input('%x', vx, shape, et);
  n.op('lut', [vx, vt, vo], '');
  const ny = n.output(vo, shape, 'i8');
  const args: [string, string][] = [['%x', tt(shape, et)]];
  return { what: `lut ${shape} ${et}`, tosa: t.text(args, [ty, tt(shape, 'i8')]), nir: n.text(args, [ny, tt(shape, 'i8')]), args: [tensor(shape, et, x)] };
}

/** transpose by a random permutation. */
export function transposeCase(r: Rand, opts: CaseOptions = {}): Case {
  const et = pickEt(r, ['i8', 'ui8', 'i16', 'i32'], opts);
  const rank = r.int(1, 4);
  const shape = Array.from({ length: rank }, () => r.int(1, 5));
  const perms = r.perm(rank);
  // The output's batch is the input's dimension perms[0].
  if (rank === 4) for (const d of [0, perms[0]!]) shape[d] = batch(shape[d]!, opts);
  const os = perms.map((p) => shape[p]!);
  const x = r.values(count(shape), et);
  const zp = et === 'i8' || et === 'ui8' ? r.int(...RANGE[et]) : 0;
  const t = new TosaFn();
  const ty = t.name();
  t.line(`${ty} = tosa.transpose %x {perms = array<i32: ${perms.join(', ')}>} : (${tt(shape, et)}) -> ${tt(os, et)}`);
  const n = new NirFn(r, opts);
  const vx = n.place('io', shape, et, zp);
  const vo = n.place('scratch', os, et, zp);
  n.input('%x', vx, shape, et);
  n.op('transpose', [vx, vo], `perms = ${arr(perms)}`);
  const ny = n.output(vo, os, et);
  const args: [string, string][] = [['%x', tt(shape, et)]];
  return { what: `transpose ${shape} by ${perms} ${et}`, tosa: t.text(args, [ty, tt(os, et)]), nir: n.text(args, [ny, tt(os, et)]), args: [tensor(shape, et, x)] };
}

/** Space-to-depth as unstride-conv builds it in tosa: pad, reshape, transpose, reshape. */
export function reshuffleCase(r: Rand, opts: CaseOptions = {}): Case {
  const et = pickEt(r, ['i8', 'ui8'], opts);
  const [N, H, W, C] = [batch(r.int(1, 2), opts), r.int(1, 6), r.int(1, 6), r.bool(0.15) ? r.int(15, 18) : r.int(1, 4)];
  const [by, bx] = [r.int(1, 3), r.int(1, 3)];
  const pt = r.int(0, by - 1);
  const pl = r.int(0, bx - 1);
  const pb = (by - ((H + pt) % by)) % by + (r.bool(0.2) ? by : 0);
  const pr = (bx - ((W + pl) % bx)) % bx;
  const [PH, PW] = [H + pt + pb, W + pl + pr];
  const [Hb, Wb] = [PH / by, PW / bx];
  const xs = [N, H, W, C];
  const os = [N, Hb, Wb, by * bx * C];
  const zp = r.int(...RANGE[et]);
  const x = r.values(count(xs), et);

  const t = new TosaFn();
  const padding = t.shape([0, 0, pt, pb, pl, pr, 0, 0]);
  const pc = t.scalar(zp, et);
  const padded = t.name();
  t.line(`${padded} = tosa.pad %x, ${padding}, ${pc} : (${tt(xs, et)}, !tosa.shape<8>, ${tt([1], et)}) -> ${tt([N, PH, PW, C], et)}`);
  const s5 = [N * Hb, by, Wb, bx, C];
  const split = t.name();
  t.line(`${split} = tosa.reshape ${padded}, ${t.shape(s5)} : (${tt([N, PH, PW, C], et)}, !tosa.shape<5>) -> ${tt(s5, et)}`);
  const t5 = [N * Hb, Wb, by, bx, C];
  const moved = t.name();
  t.line(`${moved} = tosa.transpose ${split} {perms = array<i32: 0, 2, 1, 3, 4>} : (${tt(s5, et)}) -> ${tt(t5, et)}`);
  const ty = t.name();
  t.line(`${ty} = tosa.reshape ${moved}, ${t.shape(os)} : (${tt(t5, et)}, !tosa.shape<4>) -> ${tt(os, et)}`);

  const n = new NirFn(r, opts);
  const vx = n.place('io', xs, et, zp);
  const vo = n.place('scratch', os, et, zp);
  n.input('%x', vx, xs, et);
  n.op('reshuffle', [vx, vo], `block = ${arr([by, bx])}, pad = ${arr([pt, pb, pl, pr])}`);
  const ny = n.output(vo, os, et);
  const args: [string, string][] = [['%x', tt(xs, et)]];
  return { what: `reshuffle ${xs} by ${by}x${bx}`, tosa: t.text(args, [ty, tt(os, et)]), nir: n.text(args, [ny, tt(os, et)]), args: [tensor(xs, et, x)] };
}

/** dma between random layouts and regions: the identity. */
export function dmaCase(r: Rand, opts: CaseOptions = {}): Case {
  const et = pickEt(r, ['i8', 'ui8', 'i16', 'i32'], opts);
  const rank = r.int(1, 4);
  const shape = Array.from({ length: rank }, () => r.int(1, 5));
  if (rank === 4 && r.bool(0.3)) shape[3] = r.int(15, 35);
  limitBatch(shape, opts);
  const x = r.values(count(shape), et);
  const t = new TosaFn();
  const n = new NirFn(r, opts);
  const vx = n.place('io', shape, et);
  const vs = n.place('scratch', shape, et);
  const vo = n.place('io', shape, et);
  n.input('%x', vx, shape, et);
  n.op('dma', [vx, vs], '');
  n.op('dma', [vs, vo], '');
  const ny = n.output(vo, shape, et);
  const args: [string, string][] = [['%x', tt(shape, et)]];
  return { what: `dma ${shape} ${et}`, tosa: t.text(args, ['%x', tt(shape, et)]), nir: n.text(args, [ny, tt(shape, et)]), args: [tensor(shape, et, x)] };
}

/** fill of a view, then a dma of it: a splat constant. */
export function fillCase(r: Rand, opts: CaseOptions = {}): Case {
  const et = pickEt(r, ['i8', 'ui8', 'i16', 'i32'], opts);
  const rank = r.int(1, 4);
  const shape = limitBatch(Array.from({ length: rank }, () => r.int(1, 5)), opts);
  const v = r.int(...RANGE[et]);
  const t = new TosaFn();
  const c = t.const(new Array(count(shape)).fill(v), shape, et);
  const n = new NirFn(r, opts);
  const vs = n.place('scratch', shape, et);
  const vo = n.place('io', shape, et);
  n.op('fill', [vs], `value = ${v} : i64`);
  n.op('dma', [vs, vo], '');
  const ny = n.output(vo, shape, et);
  return { what: `fill ${shape} ${et} with ${v}`, tosa: t.text([], [c, tt(shape, et)]), nir: n.text([], [ny, tt(shape, et)]), args: [] };
}


// ---------------------------------------------------------------------------
// Sets of cases.

/** A case builder with its options bound. */
export type CaseGen = (r: Rand) => Case;

/**
 * The builders by intrinsic, with `opts` bound. The keys are what the nir
 * function computes; seeds are the caller's (nir-eval.test.ts has its own).
 */
export function caseBuilders(opts: CaseOptions = {}): Record<CaseKind, CaseGen> {
  return {
    conv2d: (r) => convCase(r, false, opts),
    depthwise_conv2d: (r) => convCase(r, true, opts),
    matmul: (r) => matmulCase(r, opts),
    'pool avg': (r) => poolCase(r, 'avg', opts),
    'pool max': (r) => poolCase(r, 'max', opts),
    'eltwise add': (r) => eltwiseCase(r, 'add', opts),
    'eltwise sub': (r) => eltwiseCase(r, 'sub', opts),
    'eltwise mul': (r) => eltwiseCase(r, 'mul', opts),
    'eltwise min': (r) => eltwiseCase(r, 'min', opts),
    'eltwise max': (r) => eltwiseCase(r, 'max', opts),
    'eltwise copy': (r) => copyCase(r, opts),
    lut: (r) => lutCase(r, opts),
    transpose: (r) => transposeCase(r, opts),
    reshuffle: (r) => reshuffleCase(r, opts),
    dma: (r) => dmaCase(r, opts),
    fill: (r) => fillCase(r, opts),
  };
}

export type CaseKind =
  | 'conv2d'
  | 'depthwise_conv2d'
  | 'matmul'
  | 'pool avg'
  | 'pool max'
  | 'eltwise add'
  | 'eltwise sub'
  | 'eltwise mul'
  | 'eltwise min'
  | 'eltwise max'
  | 'eltwise copy'
  | 'lut'
  | 'transpose'
  | 'reshuffle'
  | 'dma'
  | 'fill';

/**
 * The cases of seeds `seed0`, `seed0 + 1`, ..., `seed0 + runs - 1`, built
 * one at a time as they are iterated (spread it for an array). Each case's
 * `seed` is set and its `what` starts with `seed N: `, so a failure names
 * the seed that reproduces it: `gen(new Rand(N))`.
 */
export function* casesFor(gen: CaseGen, seed0: number, runs: number): Generator<Case, void, undefined> {
  for (let k = 0; k < runs; k++) {
    const seed = seed0 + k;
    const c = gen(new Rand(seed));
    c.what = `seed ${seed}: ${c.what}`;
    c.seed = seed;
    yield c;
  }
}
