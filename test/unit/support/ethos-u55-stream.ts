// Test-side helpers for hand-built ethos-u55 command streams: a tiny word
// emitter (cmd0 / cmd1 words from registers.ts's command table and packers
// only), feature-map descriptions with their own straightforward addressing
// (tiles, NHWC, NHCWB16), and a seeded PRNG. Independent of the encoder.

import { mulberry32 } from '../../support/onnx-model-builder.js';
import {
  CMD1_FLAG,
  STOP_PARAM,
  command,
  packIfmPrecision,
  packOfmPrecision,
} from '../../../src/targets/ethos-u55/registers.js';

export class Emitter {
  readonly words: number[] = [];

  cmd0(name: string, param = 0): this {
    const c = command(name);
    if (c.kind !== 'cmd0') throw new Error(`${name} is not cmd0`);
    this.words.push((c.code | ((param & 0xffff) << 16)) >>> 0);
    return this;
  }

  /** cmd1 with an explicit param and 32-bit payload. */
  cmd1(name: string, payload: number, param = 0): this {
    const c = command(name);
    if (c.kind !== 'cmd1') throw new Error(`${name} is not cmd1`);
    this.words.push((c.code | CMD1_FLAG | ((param & 0xffff) << 16)) >>> 0, payload >>> 0);
    return this;
  }

  /** cmd1 for a 40-bit address register. */
  address(name: string, value: number): this {
    return this.cmd1(name, value % 2 ** 32, Math.floor(value / 2 ** 32) & 0xff);
  }

  stop(): this {
    return this.cmd0('NPU_OP_STOP', STOP_PARAM);
  }

  bytes(): Uint8Array {
    const out = new Uint8Array(this.words.length * 4);
    const v = new DataView(out.buffer);
    this.words.forEach((w, i) => v.setUint32(i * 4, w, true));
    return out;
  }
}

export interface ElemType {
  readonly signed: boolean;
  readonly bits: 8 | 16 | 32;
}
export const S8: ElemType = { signed: true, bits: 8 };
export const U8: ElemType = { signed: false, bits: 8 };
export const S16: ElemType = { signed: true, bits: 16 };
export const S32: ElemType = { signed: true, bits: 32 };

export function typeRange(t: ElemType): [number, number] {
  return t.signed ? [-(2 ** (t.bits - 1)), 2 ** (t.bits - 1) - 1] : [0, 2 ** t.bits - 1];
}

export interface FmSpec {
  readonly region: number;
  readonly bases: [number, number, number, number];
  readonly h: number;
  readonly w: number;
  readonly c: number;
  readonly type: ElemType;
  readonly format: 'NHWC' | 'NHCWB16';
  readonly zp: number;
  readonly sx: number;
  readonly sy: number;
  readonly sc: number;
  /** Tile split: HEIGHT0, HEIGHT1, WIDTH0 (not minus one). */
  readonly h0: number;
  readonly h1: number;
  readonly w0: number;
}

/** A dense, untiled feature map at `base`; `bytes` is the size it spans. */
export function denseFm(region: number, base: number, shape: [number, number, number], type: ElemType, format: 'NHWC' | 'NHCWB16' = 'NHWC', zp = 0): FmSpec & { bytes: number } {
  const [h, w, c] = shape;
  const eb = type.bits / 8;
  const sc = format === 'NHWC' ? eb : w * 16 * eb;
  const sx = format === 'NHWC' ? c * eb : 16 * eb;
  const sy = format === 'NHWC' ? w * c * eb : Math.ceil(c / 16) * w * 16 * eb;
  return { region, bases: [base, base, base, base], h, w, c, type, format, zp, sx, sy, sc, h0: h, h1: h, w0: w, bytes: h * sy };
}

/** The byte address of element (y, x, c), written from the tile rules independently of the executor. */
export function fmAddress(f: FmSpec, y: number, x: number, c: number): number {
  let tile: number;
  let oy = 0;
  let ox = 0;
  if (x < f.w0) {
    if (y < f.h0) tile = 0;
    else {
      tile = 2;
      oy = f.h0;
    }
  } else {
    ox = f.w0;
    if (y < f.h1) tile = 1;
    else {
      tile = 3;
      oy = f.h1;
    }
  }
  const eb = f.type.bits / 8;
  const cOff = f.format === 'NHCWB16' ? Math.floor(c / 16) * f.sc + (c % 16) * eb : c * f.sc;
  return f.bases[tile]! + (y - oy) * f.sy + (x - ox) * f.sx + cOff;
}

/** Writes values (row-major [h][w][c]) into bytes. */
export function writeFm(bytes: Uint8Array, f: FmSpec, values: ArrayLike<number>): void {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  let i = 0;
  for (let y = 0; y < f.h; y++)
    for (let x = 0; x < f.w; x++)
      for (let c = 0; c < f.c; c++) {
        const a = fmAddress(f, y, x, c);
        const v = values[i++]!;
        if (f.type.bits === 8) dv.setUint8(a, v & 0xff);
        else if (f.type.bits === 16) dv.setUint16(a, v & 0xffff, true);
        else dv.setUint32(a, v >>> 0, true);
      }
}

/** Reads a feature map (row-major [h][w][c]). */
export function readFm(bytes: Uint8Array, f: FmSpec): number[] {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const out: number[] = [];
  for (let y = 0; y < f.h; y++)
    for (let x = 0; x < f.w; x++)
      for (let c = 0; c < f.c; c++) {
        const a = fmAddress(f, y, x, c);
        const { signed, bits } = f.type;
        if (bits === 8) out.push(signed ? dv.getInt8(a) : dv.getUint8(a));
        else if (bits === 16) out.push(signed ? dv.getInt16(a, true) : dv.getUint16(a, true));
        else out.push(signed ? dv.getInt32(a, true) : dv.getUint32(a, true));
      }
  return out;
}

/** The registers of one feature map (IFM, IFM2 or OFM). */
export function emitFm(e: Emitter, prefix: 'IFM' | 'IFM2' | 'OFM', f: FmSpec, extra: { rounding?: number; globalScale?: boolean } = {}): void {
  const p = `NPU_SET_${prefix}_`;
  e.cmd0(`${p}REGION`, f.region);
  f.bases.forEach((b, i) => e.address(`${p}BASE${i}`, b));
  e.address(`${p}STRIDE_X`, f.sx);
  e.address(`${p}STRIDE_Y`, f.sy);
  e.address(`${p}STRIDE_C`, f.sc);
  e.cmd0(`${p}HEIGHT0_M1`, f.h0 - 1);
  e.cmd0(`${p}HEIGHT1_M1`, f.h1 - 1);
  e.cmd0(`${p}WIDTH0_M1`, f.w0 - 1);
  e.cmd0(`${p}ZERO_POINT`, f.zp);
  if (prefix === 'OFM') {
    e.cmd0('NPU_SET_OFM_PRECISION', packOfmPrecision({ signed: f.type.signed, bits: f.type.bits, format: f.format, globalScale: extra.globalScale ?? false, rounding: extra.rounding ?? 0 }));
    e.cmd0('NPU_SET_OFM_HEIGHT_M1', f.h - 1);
    e.cmd0('NPU_SET_OFM_WIDTH_M1', f.w - 1);
    e.cmd0('NPU_SET_OFM_DEPTH_M1', f.c - 1);
  } else {
    e.cmd0(`${p}PRECISION`, packIfmPrecision({ signed: f.type.signed, bits: f.type.bits, format: f.format, opToScale: 0 }));
    if (prefix === 'IFM') e.cmd0('NPU_SET_IFM_DEPTH_M1', f.c - 1);
  }
}

/** A seeded PRNG (the shared mulberry32) with an integer helper. */
export function rng(seed: number): { int(lo: number, hi: number): number; next(): number } {
  const next = mulberry32(seed);
  return { next, int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)) };
}
