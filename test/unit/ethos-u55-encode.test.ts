// The ethos-u55 encoder (src/targets/ethos-u55/encode.ts): nir NPU segments
// written by hand (parsed and verified as nir first) are encoded and the
// command words, coefficient bytes and register values checked, mostly
// against values computed by hand from the opcode numbers and field
// positions of registers.ts; then every NPU segment of the zoo models is
// encoded for ethos-u55.

import { describe, expect, it } from 'vitest';
import '../../src/dialects/index.js';
import '../../src/passes/index.js';
import { BackendError } from '../../src/codegen/backend.js';
import { lowerModuleToNir } from '../../src/codegen/lower-to-nir.js';
import { EMIT_PIPELINES, runPipeline } from '../../src/driver/pipelines.js';
import { importOnnxModel } from '../../src/frontends/onnx/import.js';
import { StringAttr } from '../../src/ir/attributes.js';
import type { Operation } from '../../src/ir/operation.js';
import { parseModule } from '../../src/ir/parser.js';
import { verify } from '../../src/ir/verifier.js';
import { chooseBlockConfig, type BlockConfigRequest } from '../../src/targets/ethos-u55/block-config.js';
import { ethosU55Capabilities } from '../../src/targets/ethos-u55/capabilities.js';
import { encodeSegment } from '../../src/targets/ethos-u55/encode.js';
import { lookupCommand, fitsShram, shramNeed, unpackScaleRecord, type BlockShape } from '../../src/targets/ethos-u55/registers.js';
import { checkScale, packScaleRecords, packWeightStream } from '../../src/targets/ethos-u55/weights.js';
import { targetPipeline } from '../../src/targets/pipeline.js';
import { functionsOf } from './support/interp.js';
import { ALL_ZOO_FORMS, mobilenetCase, zooCases } from '../support/zoo-cases.js';

// ---------------------------------------------------------------------------
// Building nir segments.

const arr = (xs: readonly number[]): string => `array<i64: ${xs.join(', ')}>`;
const tensor = (shape: readonly number[], et: string): string => `tensor<${shape.map((d) => `${d}x`).join('')}${et}>`;
function denseStrides(shape: readonly number[]): number[] {
  const out = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    out[i] = s;
    s *= shape[i]!;
  }
  return out;
}

interface ViewOpts {
  readonly offset?: number;
  readonly strides?: readonly number[];
  readonly layout?: 'NHWC' | 'NHCWB16' | 'NC1HWC2';
  readonly zp?: number;
}

/** An nir NPU segment written line by line. */
class Seg {
  private readonly lines: string[] = [];
  private readonly args: string[] = [];
  private n = 0;

  private fresh(prefix: string): string {
    return `%${prefix}${this.n++}`;
  }
  region(kind: 'io' | 'scratch' | 'coefficients', size: number): string {
    const r = this.fresh('r');
    this.lines.push(`${r} = "nir.region"() <{kind = "${kind}", size = ${size} : i64}> : () -> !nir.region`);
    return r;
  }
  buffer(region: string, offset: number, size: number): string {
    const b = this.fresh('b');
    this.lines.push(`${b} = "nir.buffer"(${region}) <{offset = ${offset} : i64, size = ${size} : i64, alignment = 16 : i64}> : (!nir.region) -> !nir.buffer`);
    return b;
  }
  constant(region: string, offset: number, values: string, shape: readonly number[], et: string): string {
    const c = this.fresh('c');
    this.lines.push(`${c} = "nir.constant"(${region}) <{offset = ${offset} : i64, alignment = 16 : i64, values = dense<${values}> : ${tensor(shape, et)}}> : (!nir.region) -> !nir.buffer`);
    return c;
  }
  view(buffer: string, shape: readonly number[], et: string, o: ViewOpts = {}): string {
    const v = this.fresh('v');
    const layout = o.layout ?? 'NHWC';
    const strides = layout === 'NHWC' ? `, strides = ${arr(o.strides ?? denseStrides(shape))}` : '';
    this.lines.push(
      `${v} = "nir.view"(${buffer}) <{offset = ${o.offset ?? 0} : i64, shape = ${arr(shape)}${strides}, element_type = ${et}, layout = "${layout}", zero_point = ${o.zp ?? 0} : i64}> : (!nir.buffer) -> !nir.view`,
    );
    return v;
  }
  /** A function argument written into `view` (so that the schedule check sees a write). */
  input(view: string, shape: readonly number[], et: string): void {
    const a = `%arg${this.args.length}`;
    this.args.push(`${a}: ${tensor(shape, et)}`);
    this.lines.push(`"nir.input"(${a}, ${view}) : (${tensor(shape, et)}, !nir.view) -> ()`);
  }
  /** An intrinsic: `"name"(views) <{props}> : (...) -> () loc("loc")`. */
  op(name: string, views: readonly string[], props: string, loc: string): void {
    const p = props ? ` <{${props}}>` : '';
    this.lines.push(`"${name}"(${views.join(', ')})${p} : (${views.map(() => '!nir.view').join(', ')}) -> () loc("${loc}")`);
  }
  text(): string {
    return `func.func @seg(${this.args.join(', ')}) attributes {npuc.segment = "npu"} {\n  ${this.lines.join('\n  ')}\n  return\n}\n`;
  }
  /** The parsed, verified function. */
  fn(): Operation {
    const module = parseModule(this.text(), { file: 'seg.mlir' });
    expect(verify(module).map((d) => d.message)).toEqual([]);
    return functionsOf(module).get('seg')!;
  }
}

// ---------------------------------------------------------------------------
// Reading command streams back (independently of the decoder).

const words = (stream: Uint8Array): number[] => Array.from({ length: stream.length / 4 }, (_, i) => new DataView(stream.buffer, stream.byteOffset).getUint32(i * 4, true));

interface Cmd {
  readonly name: string;
  /** Signed registers sign-extended; address registers: the 40-bit value. */
  readonly value: number;
  /** cmd1 non-address registers (scales): the param (shift) and payload (scale). */
  readonly param: number;
  readonly payload?: number;
}

function commands(stream: Uint8Array): Cmd[] {
  const ws = words(stream);
  const out: Cmd[] = [];
  for (let i = 0; i < ws.length; i++) {
    const w = ws[i]!;
    const kind = w & 0x4000 ? 'cmd1' : 'cmd0';
    const def = lookupCommand(kind, w & 0x3ff);
    if (!def) throw new Error(`unknown command word 0x${w.toString(16)}`);
    const param = w >>> 16;
    if (kind === 'cmd0') out.push({ name: def.name, param, value: def.signedParam ? (param << 16) >> 16 : param });
    else {
      const payload = ws[++i]!;
      out.push({ name: def.name, param, payload, value: def.address ? (param & 0xff) * 2 ** 32 + payload : payload });
    }
  }
  return out;
}

const OPERATIONS = new Set(['NPU_OP_CONV', 'NPU_OP_DEPTHWISE', 'NPU_OP_POOL', 'NPU_OP_ELEMENTWISE', 'NPU_OP_DMA_START']);

/** The register state (name -> command) in force at each operation word. */
function operations(stream: Uint8Array): { op: Cmd; regs: Map<string, Cmd> }[] {
  const regs = new Map<string, Cmd>();
  const out: { op: Cmd; regs: Map<string, Cmd> }[] = [];
  for (const c of commands(stream)) {
    if (OPERATIONS.has(c.name)) out.push({ op: c, regs: new Map(regs) });
    else if (!c.name.startsWith('NPU_OP_')) regs.set(c.name, c);
  }
  return out;
}

const reg = (regs: Map<string, Cmd>, name: string): number => {
  const c = regs.get(name);
  if (!c) throw new Error(`${name} was never written`);
  return c.value;
};

function encodeError(fn: Operation): string {
  try {
    encodeSegment(fn);
  } catch (e) {
    expect(e).toBeInstanceOf(BackendError);
    return (e as Error).message;
  }
  throw new Error('expected a BackendError');
}

// cmd0 word: opcode | param << 16; cmd1: opcode | 0x4000 | param << 16, then the payload.
const c0 = (code: number, param = 0): number => (code | ((param & 0xffff) << 16)) >>> 0;
const c1 = (code: number, param: number, payload: number): number[] => [(code | 0x4000 | (param << 16)) >>> 0, payload >>> 0];

// ---------------------------------------------------------------------------
// A 1x1 convolution: ifm 1x1x1x2 i8 (zero point -1) at io 0, weights [1, 1, 1, 2] = [4, -1]
// with zero point 1 (stored 3, -2), bias 5, ofm 1x1x1x1 i8 (zero point 3) at io 16,
// multiplier 2^30, shift 31, DOUBLE_ROUND.

function tinyConv(copies = 1): Seg {
  const s = new Seg();
  const io = s.region('io', 32);
  s.region('scratch', 16);
  const coef = s.region('coefficients', 32);
  const bx = s.buffer(io, 0, 16);
  const by = s.buffer(io, 16, 16);
  const w = s.constant(coef, 0, '[[[[4, -1]]]]', [1, 1, 1, 2], 'i8');
  const b = s.constant(coef, 16, '[5]', [1], 'i32');
  const vx = s.view(bx, [1, 1, 1, 2], 'i8', { strides: [2, 2, 2, 1], zp: -1 });
  s.input(vx, [1, 1, 1, 2], 'i8');
  const vw = s.view(w, [1, 1, 1, 2], 'i8', { zp: 1 });
  const vb = s.view(b, [1], 'i32');
  const vy = s.view(by, [1, 1, 1, 1], 'i8', { zp: 3 });
  for (let i = 0; i < copies; i++) {
    s.op(
      'nir.conv2d',
      [vx, vw, vb, vy],
      `stride = ${arr([1, 1])}, pad = ${arr([0, 0, 0, 0])}, dilation = ${arr([1, 1])}, multiplier = ${arr([2 ** 30])}, shift = ${arr([31])}, rounding = "DOUBLE_ROUND", scale32 = true`,
      `conv${i + 1}`,
    );
  }
  return s;
}

describe('ethos-u55 encoder: a 1x1 convolution word by word', () => {
  const firstConv = [
    c0(0x10f, 1), // IFM_REGION = 1 (io)
    ...c1(0x000, 0, 0), // IFM_BASE0 = 0 (buffer offset 0 + view offset 0)
    ...c1(0x001, 0, 0), // IFM_BASE1..3 = BASE0 (tile 0 only)
    ...c1(0x002, 0, 0),
    ...c1(0x003, 0, 0),
    c0(0x10b, 0), // IFM_HEIGHT0_M1 = H - 1 = 0
    c0(0x10c, 0), // IFM_HEIGHT1_M1 = 0
    c0(0x10a, 0), // IFM_WIDTH0_M1 = W - 1 = 0
    c0(0x104, 1), // IFM_DEPTH_M1 = C - 1 = 1
    ...c1(0x006, 0, 1), // IFM_STRIDE_C = strides[C] 1 * 1 byte
    ...c1(0x005, 0, 2), // IFM_STRIDE_Y = strides[H] 2 * 1 byte
    ...c1(0x004, 0, 2), // IFM_STRIDE_X = strides[W] 2 * 1 byte
    c0(0x109, -1), // IFM_ZERO_POINT = -1 (0xffff in the param)
    c0(0x105, 1), // IFM_PRECISION: bit 0 signed, bits 2-3 = 0 (8-bit), bit 6 = 0 (NHWC)
    c0(0x107, 0), // IFM_UPSCALE = 0
    c0(0x100, 0), // IFM_PAD_TOP
    c0(0x101, 0), // IFM_PAD_LEFT
    c0(0x103, 0), // IFM_PAD_BOTTOM
    c0(0x102, 0), // IFM_PAD_RIGHT
    c0(0x11f, 1), // OFM_REGION = 1
    ...c1(0x010, 0, 16), // OFM_BASE0 = buffer offset 16
    ...c1(0x011, 0, 16),
    ...c1(0x012, 0, 16),
    ...c1(0x013, 0, 16),
    c0(0x11b, 0), // OFM_HEIGHT0_M1
    c0(0x11c, 0), // OFM_HEIGHT1_M1
    c0(0x11a, 0), // OFM_WIDTH0_M1
    c0(0x112, 0), // OFM_HEIGHT_M1
    c0(0x111, 0), // OFM_WIDTH_M1
    c0(0x113, 0), // OFM_DEPTH_M1 = 1 - 1
    ...c1(0x016, 0, 1), // OFM_STRIDE_C: dense strides [1, 1, 1, 1]
    ...c1(0x015, 0, 1), // OFM_STRIDE_Y
    ...c1(0x014, 0, 1), // OFM_STRIDE_X
    c0(0x118, 3), // OFM_ZERO_POINT = 3
    c0(0x114, 1), // OFM_PRECISION: signed, 8-bit (bits 1-2 = 0), NHWC, per-channel (bit 8 = 0), rounding TFL (bits 14-15 = 0)
    c0(0x120, 0), // KERNEL_WIDTH_M1 = 1 * (1 - 1)
    c0(0x121, 0), // KERNEL_HEIGHT_M1
    c0(0x122, 0), // KERNEL_STRIDE: strides 1 and dilations 1 are all-zero fields
    c0(0x128, 0), // WEIGHT_REGION = 0 (coefficients)
    ...c1(0x020, 0, 0), // WEIGHT_BASE = 0 (first blob in the image)
    ...c1(0x021, 0, 16), // WEIGHT_LENGTH = 2 weights * 9 bits -> 3 bytes -> 16
    c0(0x129, 0), // SCALE_REGION = 0
    ...c1(0x022, 0, 16), // SCALE_BASE = 16 (next 16-byte boundary)
    ...c1(0x023, 0, 10), // SCALE_LENGTH = 1 channel * 10 bytes
    c0(0x125, 0), // ACTIVATION: function NONE, clip range 0
    c0(0x126, -128), // ACTIVATION_MIN = i8 minimum (no clamp given)
    c0(0x127, 127), // ACTIVATION_MAX = i8 maximum
    c0(0x116, 0), // OFM_BLK_HEIGHT_M1: 1x1x8 covers the 1x1x1 OFM
    c0(0x115, 0), // OFM_BLK_WIDTH_M1
    c0(0x117, 7), // OFM_BLK_DEPTH_M1 = 8 - 1
    // SHRAM: IFM block 1x1 x min(2, 32) channels -> 8 (rounded) bytes = 1 bank, x2 = 2;
    // accumulators 1x1x8 x 4 bytes = 32 bytes = 1 bank, x2 = 2.
    c0(0x10d, 2), // IFM_IB_END = 2
    c0(0x12d, 46), // AB_START = 48 - 2
    c0(0x124, 0), // ACC_FORMAT = 0
    c0(0x12f, 0), // BLOCKDEP = 0
    c0(0x002, 0), // NPU_OP_CONV
  ];
  const stop = c0(0x000, 0xffff); // NPU_OP_STOP 0xFFFF

  it('writes every register, then NPU_OP_CONV and NPU_OP_STOP', () => {
    const r = encodeSegment(tinyConv().fn());
    expect(words(r.commandStream)).toEqual([...firstConv, stop]);
    expect(r.opLocations).toEqual(['loc("conv1")']);
  });

  it('builds the coefficients region: weight stream then scale records; io and scratch sizes from nir', () => {
    const r = encodeSegment(tinyConv().fn());
    // Weights 4 - 1 = 3 and -1 - 1 = -2, 9 bits each, LSB first:
    //   3 = 0b000000011 in bits 0-8; -2 = 0x1fe in bits 9-17.
    //   byte 0 = 0x03; byte 1 = bit 8 (0) + the low 7 bits of 0x1fe (1111110) << 1 = 0xfc;
    //   byte 2 = bits 7-8 of 0x1fe = 0b11.
    const weights = [0x03, 0xfc, 0x03, ...new Array<number>(13).fill(0)];
    // Scale record: bias 5 (40 bits), scale 2^30 = 0x40000000 (32 bits), shift 31 (6 bits).
    const record = [0x05, 0, 0, 0, 0, 0x00, 0x00, 0x00, 0x40, 31];
    expect(r.regions.map((x) => [x.index, x.kind, x.size])).toEqual([
      [0, 'coefficients', 32],
      [1, 'io', 32],
      [2, 'scratch', 16],
    ]);
    expect(Array.from(r.regions[0]!.contents!)).toEqual([...weights, ...record, 0, 0, 0, 0, 0, 0]);
    expect(r.regions[1]!.contents).toBeNull();
    expect(r.regions[2]!.contents).toBeNull();
  });

  it('skips every register a second identical operation would rewrite', () => {
    const r = encodeSegment(tinyConv(2).fn());
    // The same weight stream and scale records are stored once, so the
    // second convolution changes no register: only its operation word.
    expect(words(r.commandStream)).toEqual([...firstConv, c0(0x002, 0), stop]);
    expect(r.opLocations).toEqual(['loc("conv1")', 'loc("conv2")']);
    expect(r.regions[0]!.size).toBe(32);
  });

  it('is deterministic', () => {
    const a = encodeSegment(tinyConv(2).fn());
    const b = encodeSegment(tinyConv(2).fn());
    expect(Buffer.from(a.commandStream).equals(Buffer.from(b.commandStream))).toBe(true);
    expect(Buffer.from(a.regions[0]!.contents!).equals(Buffer.from(b.regions[0]!.contents!))).toBe(true);
  });
});

// ---------------------------------------------------------------------------
// Weight streams and scale records.

/** The 9-bit values of a stream, sign-extended (to check orders without hand-packing each bit). */
function unpack9(bytes: Uint8Array, count: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    let v = 0;
    for (let b = 0; b < 9; b++) {
      const bit = i * 9 + b;
      v |= ((bytes[bit >> 3]! >> (bit & 7)) & 1) << b;
    }
    out.push(v & 0x100 ? v - 0x200 : v);
  }
  return out;
}

describe('ethos-u55 weight streams', () => {
  it('packs a small conv kernel as 9-bit values in (ky, kx, ic, oc) order', () => {
    // weights [OC=2, KH=1, KW=2, IC=1]: oc0 = [1, 2], oc1 = [-1, -256].
    // Stream order: kx0: oc0 1, oc1 -1; kx1: oc0 2, oc1 -256.
    //   1 in bits 0-8            -> byte 0 = 0x01
    //   -1 = 0x1ff in bits 9-17  -> byte 1 = 0xfe, byte 2 bits 0-1
    //   2 in bits 18-26          -> byte 2 bit 3: byte 2 = 0x03 | 0x08 = 0x0b
    //   -256 = 0x100 in bits 27-35 -> only bit 35: byte 4 bit 3 = 0x08
    const s = packWeightStream([1, 2, -1, -256], { kind: 'CONV', oc: 2, kh: 1, kw: 2, ic: 1 });
    expect(Array.from(s)).toEqual([0x01, 0xfe, 0x0b, 0x00, 0x08, ...new Array<number>(11).fill(0)]);
  });

  it('orders conv weights in blocks of 16 output channels', () => {
    // [OC=17, 1, 1, IC=2], w[oc][ic] = oc * 10 + ic (nir row-major index oc * 2 + ic).
    const values = Array.from({ length: 34 }, (_, i) => Math.floor(i / 2) * 10 + (i % 2));
    const s = packWeightStream(values, { kind: 'CONV', oc: 17, kh: 1, kw: 1, ic: 2 });
    const block0 = [0, 1].flatMap((ic) => Array.from({ length: 16 }, (_, oc) => oc * 10 + ic));
    expect(unpack9(s, 34)).toEqual([...block0, 160, 161]);
    expect(s.length).toBe(48); // 34 * 9 = 306 bits = 39 bytes -> 48
  });

  it('orders depthwise weights (ky, kx, channel)', () => {
    // [KH=1, KW=2, C=2, 1] row-major: (kx0, c0) 5, (kx0, c1) 6, (kx1, c0) 7, (kx1, c1) 8.
    const s = packWeightStream([5, 6, 7, 8], { kind: 'DEPTHWISE', kh: 1, kw: 2, c: 2 });
    expect(unpack9(s, 4)).toEqual([5, 6, 7, 8]);
  });

  it('rejects a weight outside 9 bits', () => {
    expect(() => packWeightStream([256], { kind: 'CONV', oc: 1, kh: 1, kw: 1, ic: 1 })).toThrow(BackendError);
    expect(() => packWeightStream([-257], { kind: 'CONV', oc: 1, kh: 1, kw: 1, ic: 1 })).toThrow(/9 bits/);
  });

  it('packs scale records: 40-bit bias, 32-bit scale, 6-bit shift; one multiplier serves every channel', () => {
    const r = packScaleRecords([-2, 7], [0x80000001], [63]);
    // bias -2 = 0xfffffffffe (40 bits); scale 0x80000001 little-endian; shift 63 = 0x3f.
    expect(Array.from(r.subarray(0, 10))).toEqual([0xfe, 0xff, 0xff, 0xff, 0xff, 0x01, 0x00, 0x00, 0x80, 0x3f]);
    expect(unpackScaleRecord(r, 10)).toEqual({ bias: 7n, scale: 0x80000001, shift: 63 });
  });

  it('rejects shifts outside 0..63 and multipliers from 2^32', () => {
    expect(() => checkScale(1, 64, 'x')).toThrow(/shift 64/);
    expect(() => checkScale(2 ** 32, 1, 'x')).toThrow(/multiplier/);
    expect(() => packScaleRecords([0, 0], [1, 2, 3], [1, 1, 1])).toThrow(BackendError);
  });
});

// ---------------------------------------------------------------------------
// Block configuration.

const blocksOf = (ofm: BlockConfigRequest['ofm'], b: BlockShape): number => Math.ceil(ofm.width / b.width) * Math.ceil(ofm.height / b.height) * Math.ceil(ofm.depth / b.depth);

describe('ethos-u55 block configuration', () => {
  const k = (kh: number, kw: number, s = 1) => ({ kernelH: kh, kernelW: kw, strideY: s, strideX: s, dilationY: 1, dilationX: 1 });

  it('covers a small elementwise OFM in one block, IFM2 banks after the IFM', () => {
    // 8x8x16 i8: IFM block 8*8*16 = 1024 bytes = 1 bank, double-buffered 2; IFM2 the same; no accumulators.
    const c = chooseBlockConfig({ kind: 'ELEMENTWISE', ofm: { height: 8, width: 8, depth: 16 }, kernel: k(1, 1), ifmDepth: 16, ifmElementBytes: 1, hasIfm2: true, usesLut: false });
    expect(c).toMatchObject({ block: { width: 8, height: 8, depth: 16 }, ibEnd: 4, ib2Start: 2, abStart: 48 });
  });

  it('covers a 16x16x16 1x1 convolution in one block', () => {
    // IFM 16*16*16 = 4 KiB -> 4 banks x2 = 8; accumulators 16*16*16*4 = 16 KiB -> 16 x2 = 32: 40 <= 48.
    const c = chooseBlockConfig({ kind: 'CONV', ofm: { height: 16, width: 16, depth: 16 }, kernel: k(1, 1), ifmDepth: 16, ifmElementBytes: 1, hasIfm2: false, usesLut: false });
    expect(c).toMatchObject({ block: { width: 16, height: 16, depth: 16 }, need: { ifmBanks: 8, ifm2Banks: 0, accBanks: 32 }, ibEnd: 8, abStart: 16 });
  });

  const cases: BlockConfigRequest[] = [
    { kind: 'CONV', ofm: { height: 56, width: 56, depth: 64 }, kernel: k(3, 3), ifmDepth: 64, ifmElementBytes: 1, hasIfm2: false, usesLut: false },
    { kind: 'CONV', ofm: { height: 7, width: 7, depth: 1000 }, kernel: k(7, 7, 2), ifmDepth: 320, ifmElementBytes: 1, hasIfm2: false, usesLut: false },
    { kind: 'DEPTHWISE', ofm: { height: 56, width: 56, depth: 32 }, kernel: k(3, 3, 2), ifmDepth: 32, ifmElementBytes: 1, hasIfm2: false, usesLut: false },
    { kind: 'POOL', ofm: { height: 64, width: 64, depth: 128 }, kernel: k(1, 1), ifmDepth: 128, ifmElementBytes: 1, hasIfm2: false, usesLut: true },
    { kind: 'ELEMENTWISE', ofm: { height: 1, width: 1, depth: 1000 }, kernel: k(1, 1), ifmDepth: 1000, ifmElementBytes: 4, hasIfm2: true, usesLut: false },
  ];
  for (const r of cases) {
    it(`fits SHRAM with the fewest blocks, then the least SHRAM: ${r.kind} ${r.ofm.height}x${r.ofm.width}x${r.ofm.depth}`, () => {
      const c = chooseBlockConfig(r);
      expect(fitsShram(c.need, r.usesLut)).toBe(true);
      expect(c.need).toEqual(shramNeed(r.kind, c.block, r.kernel, r.ifmDepth, r.ifmElementBytes, r.hasIfm2));
      expect(c.abStart).toBe(48 - (r.usesLut ? 2 : 0) - c.need.accBanks);
      expect(c.ibEnd).toBeLessThanOrEqual(c.abStart);
      // Every candidate (powers of two up to 64, depths multiples of 8 up to 128) that fits is no better.
      const total = (b: BlockShape): number => {
        const n = shramNeed(r.kind, b, r.kernel, r.ifmDepth, r.ifmElementBytes, r.hasIfm2);
        return fitsShram(n, r.usesLut) ? n.ifmBanks + n.ifm2Banks + n.accBanks : Infinity;
      };
      const mine = blocksOf(r.ofm, c.block);
      for (let w = 1; w <= 64; w *= 2)
        for (let h = 1; h <= 64; h *= 2)
          for (let d = 8; d <= 128; d += 8) {
            const b = { width: w, height: h, depth: d };
            if (total(b) === Infinity) continue;
            const n = blocksOf(r.ofm, b);
            expect(n).toBeGreaterThanOrEqual(mine);
            if (n === mine) expect(total(b)).toBeGreaterThanOrEqual(total(c.block));
          }
      // Not larger than needed.
      expect(c.block.width).toBeLessThan(2 * r.ofm.width);
      expect(c.block.height).toBeLessThan(2 * r.ofm.height);
      expect(c.block.depth).toBeLessThan(r.ofm.depth + 8);
    });
  }

  it('fails when not even the smallest block fits', () => {
    // A 32x32 kernel over 32 input channels: the IFM block alone is 32*32*32 bytes = 32 banks, x2 = 64.
    expect(() =>
      chooseBlockConfig({ kind: 'CONV', ofm: { height: 1, width: 1, depth: 1 }, kernel: k(32, 32), ifmDepth: 32, ifmElementBytes: 1, hasIfm2: false, usesLut: false }),
    ).toThrow(/no OFM block fits SHRAM/);
  });
});

// ---------------------------------------------------------------------------
// Feature maps, elementwise, copies, LUTs, DMAs.

/** One-op segment over io views: `build` gets the segment and the io region. */
function oneOp(build: (s: Seg, io: string, coef: string) => void): Operation {
  const s = new Seg();
  const io = s.region('io', 262144);
  const coef = s.region('coefficients', 262144);
  build(s, io, coef);
  return s.fn();
}

const UNIT = `multiplier = ${arr([2 ** 30])}, shift = ${arr([30])}, rounding = "DOUBLE_ROUND", scale32 = true`;

describe('ethos-u55 feature maps', () => {
  it('derives NHCWB16 strides from the brick layout and NHWC strides from the view', () => {
    const fn = oneOp((s, io) => {
      // ifm 1x3x5x20 i8 NHCWB16 at buffer 32 + view 16; ofm 1x3x5x20 NHWC with padded strides.
      const vx = s.view(s.buffer(io, 32, 1024), [1, 3, 5, 20], 'i8', { layout: 'NHCWB16', offset: 16, zp: 4 });
      s.input(vx, [1, 3, 5, 20], 'i8');
      const vy = s.view(s.buffer(io, 2048, 4096), [1, 3, 5, 20], 'i8', { strides: [1000, 200, 24, 1], zp: 4 });
      s.op('nir.pool', [vx, vy], `kind = "max", kernel = ${arr([1, 1])}, stride = ${arr([1, 1])}, pad = ${arr([0, 0, 0, 0])}`, 'pool');
    });
    const [{ op, regs }] = operations(encodeSegment(fn).commandStream) as [{ op: Cmd; regs: Map<string, Cmd> }];
    expect(op.name).toBe('NPU_OP_POOL');
    expect(op.param).toBe(0); // POOLING_MODE.MAX
    expect(reg(regs, 'NPU_SET_IFM_BASE0')).toBe(48);
    // NHCWB16, 1 byte elements: x = 16, c = W * 16 = 80, y = ceil(20 / 16) * W * 16 = 160.
    expect([reg(regs, 'NPU_SET_IFM_STRIDE_X'), reg(regs, 'NPU_SET_IFM_STRIDE_C'), reg(regs, 'NPU_SET_IFM_STRIDE_Y')]).toEqual([16, 80, 160]);
    expect(reg(regs, 'NPU_SET_IFM_PRECISION')).toBe(1 | (1 << 6)); // signed, 8-bit, NHCWB16
    expect([reg(regs, 'NPU_SET_OFM_STRIDE_X'), reg(regs, 'NPU_SET_OFM_STRIDE_C'), reg(regs, 'NPU_SET_OFM_STRIDE_Y')]).toEqual([24, 1, 200]);
    expect([reg(regs, 'NPU_SET_IFM_HEIGHT0_M1'), reg(regs, 'NPU_SET_IFM_WIDTH0_M1'), reg(regs, 'NPU_SET_IFM_DEPTH_M1')]).toEqual([2, 4, 19]);
    // Max pooling copies values: zero points are written as 0.
    expect([reg(regs, 'NPU_SET_IFM_ZERO_POINT'), reg(regs, 'NPU_SET_OFM_ZERO_POINT')]).toEqual([0, 0]);
  });

  it('maps lower-rank views to 1 x ... and i32 element strides to bytes', () => {
    const fn = oneOp((s, io) => {
      // copy [3, 5] i32 -> [3, 5] i8: H = 1, W = 3, C = 5.
      const va = s.view(s.buffer(io, 0, 64), [3, 5], 'i32');
      s.input(va, [3, 5], 'i32');
      const vy = s.view(s.buffer(io, 64, 16), [3, 5], 'i8', { zp: -3 });
      s.op('nir.eltwise', [va, vy], `op = "copy", multiplier = ${arr([1 << 30])}, shift = ${arr([40])}, rounding = "DOUBLE_ROUND", scale32 = true`, 'rescale');
    });
    const [{ op, regs }] = operations(encodeSegment(fn).commandStream) as [{ op: Cmd; regs: Map<string, Cmd> }];
    expect([op.name, op.param]).toEqual(['NPU_OP_POOL', 2]); // REDUCE_SUM
    expect([reg(regs, 'NPU_SET_IFM_HEIGHT0_M1'), reg(regs, 'NPU_SET_IFM_WIDTH0_M1'), reg(regs, 'NPU_SET_IFM_DEPTH_M1')]).toEqual([0, 2, 4]);
    expect([reg(regs, 'NPU_SET_IFM_STRIDE_X'), reg(regs, 'NPU_SET_IFM_STRIDE_C')]).toEqual([20, 4]);
    expect(reg(regs, 'NPU_SET_IFM_PRECISION')).toBe(1 | (2 << 2)); // signed, 32-bit
    expect(reg(regs, 'NPU_SET_OFM_PRECISION')).toBe(1 | (1 << 8)); // signed 8-bit, global scale, TFL
    expect(regs.get('NPU_SET_OFM_SCALE')).toMatchObject({ param: 40, payload: 1 << 30 });
    expect(reg(regs, 'NPU_SET_OFM_ZERO_POINT')).toBe(-3);
    expect([reg(regs, 'NPU_SET_KERNEL_WIDTH_M1'), reg(regs, 'NPU_SET_KERNEL_HEIGHT_M1'), reg(regs, 'NPU_SET_KERNEL_STRIDE')]).toEqual([0, 0, 0]);
  });
});

/** An eltwise of a and b over io views; `aShape`/`bShape` broadcast to `oShape`. */
function eltwise(op: string, aShape: number[], bShape: number[], oShape: number[], extra = ''): Operation {
  return oneOp((s, io) => {
    const va = s.view(s.buffer(io, 0, 1024), aShape, 'i8', { zp: 1 });
    const vb = s.view(s.buffer(io, 1024, 1024), bShape, 'i8', { zp: 2 });
    s.input(va, aShape, 'i8');
    s.input(vb, bShape, 'i8');
    const vy = s.view(s.buffer(io, 2048, 1024), oShape, 'i8', { zp: 3 });
    s.op('nir.eltwise', [va, vb, vy], `op = "${op}", input_multiplier = ${arr([1111, 2222])}, input_shift = ${arr([11, 22])}, ${extra || UNIT}`, op);
  });
}

describe('ethos-u55 elementwise operations', () => {
  it('puts a in the IFM and b in the IFM2, with their scales and the broadcast of b', () => {
    const [{ op, regs }] = operations(encodeSegment(eltwise('sub', [1, 4, 4, 8], [1, 1, 1, 8], [1, 4, 4, 8])).commandStream) as [{ op: Cmd; regs: Map<string, Cmd> }];
    expect([op.name, op.param]).toEqual(['NPU_OP_ELEMENTWISE', 2]); // SUB
    expect([reg(regs, 'NPU_SET_IFM_BASE0'), reg(regs, 'NPU_SET_IFM2_BASE0')]).toEqual([0, 1024]);
    expect([reg(regs, 'NPU_SET_IFM_ZERO_POINT'), reg(regs, 'NPU_SET_IFM2_ZERO_POINT'), reg(regs, 'NPU_SET_OFM_ZERO_POINT')]).toEqual([1, 2, 3]);
    expect(reg(regs, 'NPU_SET_IFM2_BROADCAST')).toBe(1 | 2); // H and W broadcast, not reversed
    expect([reg(regs, 'NPU_SET_IFM2_HEIGHT0_M1'), reg(regs, 'NPU_SET_IFM2_WIDTH0_M1')]).toEqual([0, 0]);
    expect(regs.get('NPU_SET_OPA_SCALE')).toMatchObject({ param: 11, payload: 1111 });
    expect(regs.get('NPU_SET_OPB_SCALE')).toMatchObject({ param: 22, payload: 2222 });
    expect(regs.get('NPU_SET_OFM_SCALE')).toMatchObject({ param: 30, payload: 2 ** 30 });
    // IFM 4x4x8 block: 128 bytes -> 1 bank x2 = 2 each for IFM and IFM2; no accumulators.
    expect([reg(regs, 'NPU_SET_IFM_IB_END'), reg(regs, 'NPU_SET_IFM2_IB_START'), reg(regs, 'NPU_SET_AB_START')]).toEqual([4, 2, 48]);
    expect(reg(regs, 'NPU_SET_OFM_PRECISION')).toBe(1 | (1 << 8)); // global scale, TFL
  });

  it('reverses the operands when a is the broadcast one', () => {
    const [{ op, regs }] = operations(encodeSegment(eltwise('sub', [1, 4, 4, 1], [1, 4, 4, 8], [1, 4, 4, 8])).commandStream) as [{ op: Cmd; regs: Map<string, Cmd> }];
    expect(op.name).toBe('NPU_OP_ELEMENTWISE');
    // b (full shape) is the IFM, a the IFM2; reversed: the IFM2 (a) is operand A,
    // so OPA_SCALE keeps a's scale and OPB_SCALE b's.
    expect([reg(regs, 'NPU_SET_IFM_BASE0'), reg(regs, 'NPU_SET_IFM2_BASE0')]).toEqual([1024, 0]);
    expect([reg(regs, 'NPU_SET_IFM_ZERO_POINT'), reg(regs, 'NPU_SET_IFM2_ZERO_POINT')]).toEqual([2, 1]);
    expect(reg(regs, 'NPU_SET_IFM2_BROADCAST')).toBe(4 | (1 << 6)); // C broadcast, reversed
    expect(regs.get('NPU_SET_OPA_SCALE')).toMatchObject({ param: 11, payload: 1111 });
    expect(regs.get('NPU_SET_OPB_SCALE')).toMatchObject({ param: 22, payload: 2222 });
    expect(reg(regs, 'NPU_SET_IFM_DEPTH_M1')).toBe(7);
  });

  it('writes OFM_SCALE (1, 0) and OFM zero point 0 without an output multiplier (i32 ofm)', () => {
    const fn = oneOp((s, io) => {
      const va = s.view(s.buffer(io, 0, 64), [1, 2, 2, 4], 'i8', { zp: 5 });
      const vb = s.view(s.buffer(io, 64, 64), [1, 2, 2, 4], 'i8');
      s.input(va, [1, 2, 2, 4], 'i8');
      s.input(vb, [1, 2, 2, 4], 'i8');
      const vy = s.view(s.buffer(io, 128, 64), [1, 2, 2, 4], 'i32', { zp: 7 });
      s.op('nir.eltwise', [va, vb, vy], `op = "max", input_multiplier = ${arr([1 << 30, 1 << 30])}, input_shift = ${arr([30, 30])}, rounding = "SINGLE_ROUND", scale32 = true`, 'max');
    });
    const [{ op, regs }] = operations(encodeSegment(fn).commandStream) as [{ op: Cmd; regs: Map<string, Cmd> }];
    expect([op.name, op.param]).toEqual(['NPU_OP_ELEMENTWISE', 4]); // MAX
    expect(regs.get('NPU_SET_OFM_SCALE')).toMatchObject({ param: 0, payload: 1 });
    expect(reg(regs, 'NPU_SET_OFM_ZERO_POINT')).toBe(0);
    // Signed 32-bit (bits 1-2 = 2), global scale, NATURAL rounding (bits 14-15 = 2).
    expect(reg(regs, 'NPU_SET_OFM_PRECISION')).toBe(1 | (2 << 1) | (1 << 8) | (2 << 14));
    // 32-bit OFM: the int16 range stands for "no clamp".
    expect([reg(regs, 'NPU_SET_ACTIVATION_MIN'), reg(regs, 'NPU_SET_ACTIVATION_MAX')]).toEqual([-32768, 32767]);
  });

  it('copies a constant operand into the coefficients region and reads it from there', () => {
    const fn = oneOp((s, io, coef) => {
      const va = s.view(s.buffer(io, 0, 64), [1, 1, 2, 4], 'i8');
      s.input(va, [1, 1, 2, 4], 'i8');
      // b: a constant at nir offset 32 (the encoder relocates it), read from element 2 on.
      const vb = s.view(s.constant(coef, 32, '[9, 8, 1, 2, 3, 4]', [6], 'i8'), [1, 1, 1, 4], 'i8', { offset: 2 });
      const vy = s.view(s.buffer(io, 64, 64), [1, 1, 2, 4], 'i8');
      s.op('nir.eltwise', [va, vb, vy], `op = "add", input_multiplier = ${arr([1 << 30, 1 << 30])}, input_shift = ${arr([30, 30])}, ${UNIT}`, 'add');
    });
    const r = encodeSegment(fn);
    const [{ regs }] = operations(r.commandStream) as [{ op: Cmd; regs: Map<string, Cmd> }];
    expect(reg(regs, 'NPU_SET_IFM2_REGION')).toBe(0);
    const base = reg(regs, 'NPU_SET_IFM2_BASE0');
    expect(base).toBe(2); // the constant is the image's first blob, at 0; the view starts 2 bytes in
    expect(Array.from(r.regions[0]!.contents!.subarray(0, 6))).toEqual([9, 8, 1, 2, 3, 4]);
    expect(reg(regs, 'NPU_SET_IFM2_BROADCAST')).toBe(2); // W broadcast
  });
});

describe('ethos-u55 copies, tables and DMAs', () => {
  it('encodes a per-channel copy as a 1x1 DEPTHWISE with unit weights and zero biases', () => {
    const fn = oneOp((s, io) => {
      const va = s.view(s.buffer(io, 0, 64), [1, 1, 2, 3], 'i16', { zp: 0 });
      s.input(va, [1, 1, 2, 3], 'i16');
      const vy = s.view(s.buffer(io, 64, 64), [1, 1, 2, 3], 'i8', { zp: 1 });
      s.op('nir.eltwise', [va, vy], `op = "copy", multiplier = ${arr([100, 200, 300])}, shift = ${arr([10, 20, 30])}, rounding = "DOUBLE_ROUND", scale32 = true, clamp = ${arr([-5, 5])}`, 'requant');
    });
    const r = encodeSegment(fn);
    const [{ op, regs }] = operations(r.commandStream) as [{ op: Cmd; regs: Map<string, Cmd> }];
    expect(op.name).toBe('NPU_OP_DEPTHWISE');
    expect(reg(regs, 'NPU_SET_IFM_PRECISION')).toBe(1 | (1 << 2)); // signed 16-bit
    expect([reg(regs, 'NPU_SET_ACTIVATION_MIN'), reg(regs, 'NPU_SET_ACTIVATION_MAX')]).toEqual([-5, 5]);
    const image = r.regions[0]!.contents!;
    const wBase = reg(regs, 'NPU_SET_WEIGHT_BASE');
    expect(unpack9(image.subarray(wBase), 3)).toEqual([1, 1, 1]);
    const sBase = reg(regs, 'NPU_SET_SCALE_BASE');
    expect(reg(regs, 'NPU_SET_SCALE_LENGTH')).toBe(30);
    expect([0, 1, 2].map((c) => unpackScaleRecord(image, sBase + 10 * c))).toEqual([
      { bias: 0n, scale: 100, shift: 10 },
      { bias: 0n, scale: 200, shift: 20 },
      { bias: 0n, scale: 300, shift: 30 },
    ]);
  });

  it('loads a LUT into SHRAM, waits, then passes the IFM through it', () => {
    const fn = oneOp((s, io, coef) => {
      const vx = s.view(s.buffer(io, 0, 64), [1, 2, 2, 8], 'i8');
      s.input(vx, [1, 2, 2, 8], 'i8');
      const table = Array.from({ length: 256 }, (_, i) => 127 - (i % 256 > 127 ? i - 128 : i));
      const vt = s.view(s.constant(coef, 0, `[${table.join(', ')}]`, [256], 'i8'), [256], 'i8');
      const vy = s.view(s.buffer(io, 64, 64), [1, 2, 2, 8], 'i8');
      s.op('nir.lut', [vx, vt, vy], '', 'sigmoid');
    });
    const r = encodeSegment(fn);
    const names = commands(r.commandStream).map((c) => c.name);
    const start = names.indexOf('NPU_OP_DMA_START');
    expect(names[start + 1]).toBe('NPU_OP_DMA_WAIT');
    const [dma, pool] = operations(r.commandStream) as [{ op: Cmd; regs: Map<string, Cmd> }, { op: Cmd; regs: Map<string, Cmd> }];
    expect(reg(dma.regs, 'NPU_SET_DMA0_SRC_REGION')).toBe(0);
    expect(reg(dma.regs, 'NPU_SET_DMA0_DST_REGION')).toBe(1 << 8); // SHRAM
    expect(reg(dma.regs, 'NPU_SET_DMA0_DST')).toBe(46 * 1024); // LUT slot 0
    expect(reg(dma.regs, 'NPU_SET_DMA0_LEN')).toBe(256);
    const src = reg(dma.regs, 'NPU_SET_DMA0_SRC');
    expect(r.regions[0]!.contents![src]).toBe(127);
    expect([pool.op.name, pool.op.param]).toEqual(['NPU_OP_POOL', 2]);
    expect(reg(pool.regs, 'NPU_SET_ACTIVATION')).toBe(16); // LUT_START + slot 0
    expect([reg(pool.regs, 'NPU_SET_ACTIVATION_MIN'), reg(pool.regs, 'NPU_SET_ACTIVATION_MAX')]).toEqual([-128, 127]);
    expect(pool.regs.get('NPU_SET_OFM_SCALE')).toMatchObject({ param: 0, payload: 1 });
    // 2x2x8 block: IFM 32 bytes -> 2 banks; accumulators 128 bytes -> 2 banks, below the 2 LUT banks.
    expect(reg(pool.regs, 'NPU_SET_AB_START')).toBe(48 - 2 - 2);
    expect(r.opLocations).toEqual(['loc("sigmoid")', 'loc("sigmoid")']);
  });

  it('moves contiguous views with one DMA, others with an identity REDUCE_SUM', () => {
    const s = new Seg();
    const io = s.region('io', 1024);
    const scratch = s.region('scratch', 1024);
    const vx = s.view(s.buffer(io, 0, 64), [1, 2, 2, 16], 'i8', { zp: 9 });
    s.input(vx, [1, 2, 2, 16], 'i8');
    const vs = s.view(s.buffer(scratch, 128, 64), [1, 2, 2, 16], 'i8');
    s.op('nir.dma', [vx, vs], '', 'dma1');
    // A strided destination (two 16-channel halves of a 32-channel map): not contiguous.
    const vh = s.view(s.buffer(io, 256, 256), [1, 2, 2, 16], 'i8', { strides: [128, 64, 32, 1] });
    s.op('nir.dma', [vs, vh], '', 'dma2');
    const r = encodeSegment(s.fn());
    const [dma, copy] = operations(r.commandStream) as [{ op: Cmd; regs: Map<string, Cmd> }, { op: Cmd; regs: Map<string, Cmd> }];
    expect(dma.op.name).toBe('NPU_OP_DMA_START');
    const dmaRegs = ['NPU_SET_DMA0_SRC_REGION', 'NPU_SET_DMA0_DST_REGION', 'NPU_SET_DMA0_SRC', 'NPU_SET_DMA0_DST', 'NPU_SET_DMA0_LEN'];
    expect(dmaRegs.map((n) => reg(dma.regs, n))).toEqual([1, 2, 0, 128, 64]); // io 0 -> scratch 128, 2*2*16 bytes
    expect([copy.op.name, copy.op.param]).toEqual(['NPU_OP_POOL', 2]);
    expect([reg(copy.regs, 'NPU_SET_IFM_REGION'), reg(copy.regs, 'NPU_SET_IFM_BASE0'), reg(copy.regs, 'NPU_SET_OFM_REGION'), reg(copy.regs, 'NPU_SET_OFM_BASE0')]).toEqual([2, 128, 1, 256]);
    expect([reg(copy.regs, 'NPU_SET_IFM_ZERO_POINT'), reg(copy.regs, 'NPU_SET_OFM_ZERO_POINT')]).toEqual([0, 0]);
    expect(copy.regs.get('NPU_SET_OFM_SCALE')).toMatchObject({ param: 0, payload: 1 });
    expect(r.opLocations).toEqual(['loc("dma1")', 'loc("dma2")']);
    expect(r.regions.map((x) => x.kind)).toEqual(['io', 'scratch']);
    const ws = words(r.commandStream);
    expect(ws[ws.length - 1]).toBe(0xffff0000);
  });

  it('writes conv geometry: dilated kernel extent, stride and dilation fields, padding', () => {
    const fn = oneOp((s, io, coef) => {
      const vx = s.view(s.buffer(io, 0, 256), [1, 7, 9, 2], 'i8');
      s.input(vx, [1, 7, 9, 2], 'i8');
      const vw = s.view(s.constant(coef, 0, '1', [3, 2, 3, 2], 'i8'), [3, 2, 3, 2], 'i8');
      const vb = s.view(s.constant(coef, 64, '0', [3], 'i32'), [3], 'i32');
      // Kernel 2x3 with dilation [2, 1]: extent 2 * (2 - 1) + 1 = 3 by 3.
      // OH = (7 - 1 + 1 + 1 - 2) / 3 + 1 = 3, OW = (9 - 1 + 0 + 1 - 2) / 1 + 1 = 8.
      const vy = s.view(s.buffer(io, 512, 256), [1, 3, 8, 3], 'i8');
      s.op('nir.conv2d', [vx, vw, vb, vy], `stride = ${arr([3, 1])}, pad = ${arr([1, 1, 0, 1])}, dilation = ${arr([2, 1])}, ${UNIT}`, 'conv');
    });
    const [{ regs }] = operations(encodeSegment(fn).commandStream) as [{ op: Cmd; regs: Map<string, Cmd> }];
    expect([reg(regs, 'NPU_SET_KERNEL_HEIGHT_M1'), reg(regs, 'NPU_SET_KERNEL_WIDTH_M1')]).toEqual([2, 2]);
    // stride_y - 1 = 2: bit 1 = 2 & 1 = 0, bits 9-10 = 2 >> 1 = 1; dilation_y - 1 = 1 in bit 4.
    expect(reg(regs, 'NPU_SET_KERNEL_STRIDE')).toBe((1 << 9) | (1 << 4));
    expect(['TOP', 'BOTTOM', 'LEFT', 'RIGHT'].map((p) => reg(regs, `NPU_SET_IFM_PAD_${p}`))).toEqual([1, 1, 0, 1]);
  });
});

// ---------------------------------------------------------------------------
// Errors.

describe('ethos-u55 encoder errors', () => {
  /** An input view of `shape` in its own io buffer at `offset`. */
  const io1 = (s: Seg, io: string, shape: number[], et = 'i8', o: ViewOpts = {}, offset = 0): string => {
    const bytes = Math.max(16, shape.reduce((a, b) => a * b, 1) * (et === 'i32' ? 4 : et === 'i16' ? 2 : 1));
    const v = s.view(s.buffer(io, offset, bytes), shape, et, o);
    s.input(v, shape, et);
    return v;
  };

  for (const [name, build] of [
    ['nir.fill', (s: Seg, io: string) => s.op('nir.fill', [s.view(s.buffer(io, 0, 16), [16], 'i8')], 'value = 1 : i64', 'f')],
    ['nir.transpose', (s: Seg, io: string) => s.op('nir.transpose', [io1(s, io, [2, 3]), s.view(s.buffer(io, 8192, 16), [3, 2], 'i8')], `perms = ${arr([1, 0])}`, 'f')],
    [
      'nir.reshuffle',
      (s: Seg, io: string) =>
        s.op('nir.reshuffle', [io1(s, io, [1, 2, 2, 1]), s.view(s.buffer(io, 8192, 16), [1, 1, 1, 4], 'i8')], `block = ${arr([2, 2])}, pad = ${arr([0, 0, 0, 0])}`, 'f'),
    ],
    ['nir.matmul', (s: Seg, io: string) => s.op('nir.matmul', [io1(s, io, [1, 2, 3]), io1(s, io, [1, 3, 2], 'i8', {}, 16384), s.view(s.buffer(io, 32768, 16), [1, 2, 2], 'i32')], '', 'f')],
  ] as const) {
    it(`${name} has no encoding`, () => {
      expect(encodeError(oneOp((s, io) => build(s, io)))).toBe(`loc("f"): ${name} has no ethos-u55 encoding`);
    });
  }

  const copy = (aShape: number[], oShape: number[], aet: string, oet: string, props: string, ao: ViewOpts = {}, oo: ViewOpts = {}): Operation =>
    oneOp((s, io) => s.op('nir.eltwise', [io1(s, io, aShape, aet, ao), s.view(s.buffer(io, 131072, 131072), oShape, oet, oo)], `op = "copy", ${props}`, 'e'));

  it('names the op and its location', () => {
    expect(encodeError(copy([2, 1, 2, 2, 4], [2, 1, 2, 2, 4], 'i8', 'i8', UNIT))).toMatch(/^loc\("e"\): nir\.eltwise: a shape \[2, 1, 2, 2, 4\] is not a feature map/);
  });
  it('rejects a zero point outside 16 bits', () => {
    expect(encodeError(copy([1, 4], [1, 4], 'i32', 'i8', UNIT, { zp: 100000 }))).toMatch(/zero point 100000 does not fit 16 bits/);
  });
  it('rejects a layout the NPU does not read', () => {
    expect(encodeError(copy([1, 2, 2, 16], [1, 2, 2, 16], 'i8', 'i8', UNIT, { layout: 'NC1HWC2' }))).toMatch(/layout NC1HWC2/);
  });
  it('rejects per-channel copies of i32 inputs', () => {
    expect(encodeError(copy([1, 2], [1, 2], 'i32', 'i8', `multiplier = ${arr([1, 2])}, shift = ${arr([3, 4])}, scale32 = true`))).toMatch(/i32 input with per-channel multipliers/);
  });
  it('rejects a copy of a broadcast input', () => {
    expect(encodeError(copy([1, 1, 1, 4], [1, 2, 2, 4], 'i8', 'i8', UNIT))).toMatch(/broadcast input/);
  });
  it('rejects a clamp narrower than int32 on a 32-bit OFM', () => {
    expect(encodeError(copy([1, 4], [1, 4], 'i8', 'i32', `${UNIT}, clamp = ${arr([-1000, 1000])}`))).toMatch(/clamp \[-1000, 1000\] on a 32-bit ofm/);
  });
  it('rejects 16-bit scaling', () => {
    expect(encodeError(copy([1, 4], [1, 4], 'i8', 'i8', `multiplier = ${arr([1 << 14])}, shift = ${arr([14])}, scale32 = false`))).toMatch(/scale32 = false/);
  });
  it('rejects a register value beyond its field', () => {
    expect(encodeError(copy([1, 1, 70000, 1], [1, 1, 70000, 1], 'i8', 'i8', UNIT))).toMatch(/NPU_SET_IFM_WIDTH0_M1 value 69999/);
  });
  it('rejects per-channel output multipliers on a two-input eltwise', () => {
    expect(encodeError(eltwise('add', [1, 1, 1, 2], [1, 1, 1, 2], [1, 1, 1, 2], `multiplier = ${arr([1, 2])}, shift = ${arr([3, 4])}, scale32 = true`))).toMatch(/per-channel output multipliers/);
  });
  it('rejects two broadcast operands', () => {
    expect(encodeError(eltwise('mul', [1, 1, 4, 1], [1, 4, 1, 1], [1, 4, 4, 1]))).toMatch(/both operands are broadcast/);
  });
  it('rejects a LUT whose input and table types differ', () => {
    const fn = oneOp((s, io, coef) => {
      const vx = io1(s, io, [1, 4], 'i8');
      const vt = s.view(s.constant(coef, 0, '7', [256], 'ui8'), [256], 'ui8');
      s.op('nir.lut', [vx, vt, s.view(s.buffer(io, 131072, 16), [1, 4], 'ui8')], '', 'e');
    });
    expect(encodeError(fn)).toMatch(/lut from i8 to ui8/);
  });

  const conv = (o: { m?: number; stride?: number[]; dilation?: number[]; weightsInIo?: boolean; kernel?: number[]; ifm?: number[]; ofm?: number[] }): Operation =>
    oneOp((s, io, coef) => {
      const ifm = o.ifm ?? [1, 4, 4, 2];
      const vx = io1(s, io, ifm);
      const depthwise = o.m !== undefined;
      const [kh, kw] = o.kernel ?? [1, 1];
      const wShape = depthwise ? [kh!, kw!, ifm[3]!, o.m!] : [2, kh!, kw!, ifm[3]!];
      const oc = depthwise ? ifm[3]! * o.m! : 2;
      const vw = o.weightsInIo ? io1(s, io, wShape, 'i8', {}, 200000) : s.view(s.constant(coef, 0, '1', wShape, 'i8'), wShape, 'i8');
      const vb = s.view(s.constant(coef, 131072, '0', [oc], 'i32'), [oc], 'i32');
      const vy = s.view(s.buffer(io, 131072, 16384), o.ofm ?? [1, 4, 4, oc], 'i8');
      const props = `stride = ${arr(o.stride ?? [1, 1])}, pad = ${arr([0, 0, 0, 0])}, dilation = ${arr(o.dilation ?? [1, 1])}, ${UNIT}`;
      s.op(depthwise ? 'nir.depthwise_conv2d' : 'nir.conv2d', [vx, vw, vb, vy], props, 'e');
    });

  it('rejects a depthwise multiplier other than 1', () => {
    expect(encodeError(conv({ m: 2 }))).toMatch(/depth multiplier 2/);
  });
  it('rejects weights that are not constants', () => {
    expect(encodeError(conv({ weightsInIo: true }))).toMatch(/weights must be a view of an nir.constant/);
  });
  it('rejects strides, dilations and kernels beyond the limits', () => {
    expect(encodeError(conv({ ifm: [1, 1, 5, 2], stride: [1, 4], ofm: [1, 1, 2, 2] }))).toMatch(/stride x 4 is outside \[1, 3\]/);
    expect(encodeError(conv({ ifm: [1, 65, 1, 2], kernel: [65, 1], ofm: [1, 1, 1, 2] }))).toMatch(/kernel height 65 is outside \[1, 64\]/);
    expect(encodeError(conv({ ifm: [1, 7, 7, 2], kernel: [2, 2], dilation: [3, 3], ofm: [1, 4, 4, 2] }))).toMatch(/dilation y 3 is outside \[1, 2\]/);
  });
  it('rejects an operation no OFM block fits', () => {
    expect(encodeError(conv({ ifm: [1, 32, 32, 32], kernel: [32, 32], ofm: [1, 1, 1, 2] }))).toMatch(/no OFM block fits SHRAM/);
  });
});

// ---------------------------------------------------------------------------
// The zoo.

describe('ethos-u55 encoder on the zoo models', () => {
  const cases = [...zooCases(ALL_ZOO_FORMS.filter((f) => f !== 'float')), mobilenetCase];
  for (const c of cases) {
    it(c.name, () => {
      const model = c.build();
      const module = importOnnxModel(model.bytes, { fileName: `${model.name}.onnx` });
      runPipeline(module, EMIT_PIPELINES.tosa);
      runPipeline(module, targetPipeline(ethosU55Capabilities));
      runPipeline(module, 'partition{target=ethos-u55}');
      lowerModuleToNir(module);
      const segments = [...functionsOf(module).values()].filter((f) => {
        const a = f.attr('npuc.segment');
        return a instanceof StringAttr && a.value === 'npu';
      });
      expect(segments.length).toBeGreaterThan(0);
      for (const seg of segments) {
        const r = encodeSegment(seg);
        const cmds = commands(r.commandStream);
        expect(cmds[cmds.length - 1]).toMatchObject({ name: 'NPU_OP_STOP', param: 0xffff });
        expect(cmds.filter((x) => OPERATIONS.has(x.name)).length).toBe(r.opLocations.length);
        expect(r.opLocations.length).toBeGreaterThan(0);
        for (const region of r.regions) {
          if (region.kind === 'coefficients') expect([region.index, region.contents!.length, region.size % 16]).toEqual([0, region.size, 0]);
          else expect(region.contents).toBeNull();
        }
      }
    });
  }
});
