// Reading and writing feature maps as the IFM/IFM2/OFM registers describe
// them (registers.ts, "Feature-map addressing"). A feature map is split into
// up to four tiles, each addressed from its own base relative to its origin:
//   tile 0: x <  WIDTH0, y < HEIGHT0       origin (0, 0)
//   tile 1: x >= WIDTH0, y < HEIGHT1       origin (0, WIDTH0)
//   tile 2: x <  WIDTH0, y >= HEIGHT0      origin (HEIGHT0, 0)
//   tile 3: x >= WIDTH0, y >= HEIGHT1      origin (HEIGHT1, WIDTH0)
// and within a tile an element (y, x, c) is at
//   NHWC:    base + y' * stride_y + x' * stride_x + c * stride_c
//   NHCWB16: base + y' * stride_y + x' * stride_x + (c >> 4) * stride_c + (c & 15) * element_bytes
// with (y', x') relative to the tile's origin. Elements are little-endian.
//
// Everything here assumes the caller checked that every byte touched lies in
// `bytes` (touchedRanges); the loops then never read or write out of bounds.

import type { FeatureMap } from './operation.js';

export interface Tile {
  readonly index: number;
  /** Rows [y0, y1) and columns [x0, x1) of the feature map. */
  readonly y0: number;
  readonly y1: number;
  readonly x0: number;
  readonly x1: number;
  readonly base: number;
}

/** The tiles that hold at least one element. */
export function tilesOf(fm: FeatureMap): Tile[] {
  const w0 = Math.min(fm.width0, fm.width);
  const h0 = Math.min(fm.height0, fm.height);
  const h1 = Math.min(fm.height1, fm.height);
  const all: Tile[] = [
    { index: 0, y0: 0, y1: h0, x0: 0, x1: w0, base: fm.bases[0] },
    { index: 1, y0: 0, y1: h1, x0: w0, x1: fm.width, base: fm.bases[1] },
    { index: 2, y0: h0, y1: fm.height, x0: 0, x1: w0, base: fm.bases[2] },
    { index: 3, y0: h1, y1: fm.height, x0: w0, x1: fm.width, base: fm.bases[3] },
  ];
  return all.filter((t) => t.y1 > t.y0 && t.x1 > t.x0);
}

export function elementBytes(fm: FeatureMap): number {
  return fm.bits >> 3;
}

/** Byte offset of channel c from its pixel's address. */
export function channelOffsets(fm: FeatureMap): Float64Array {
  const eb = elementBytes(fm);
  const out = new Float64Array(fm.depth);
  for (let c = 0; c < fm.depth; c++) out[c] = fm.format === 'NHCWB16' ? (c >> 4) * fm.strideC + (c & 15) * eb : c * fm.strideC;
  return out;
}

/** Per tile, the bytes [start, end) its elements span. */
export function touchedRanges(fm: FeatureMap): { tile: number; start: number; end: number }[] {
  const offs = channelOffsets(fm);
  let maxC = 0;
  for (let c = 0; c < offs.length; c++) if (offs[c]! > maxC) maxC = offs[c]!;
  const eb = elementBytes(fm);
  return tilesOf(fm).map((t) => ({
    tile: t.index,
    start: t.base,
    end: t.base + (t.y1 - t.y0 - 1) * fm.strideY + (t.x1 - t.x0 - 1) * fm.strideX + maxC + eb,
  }));
}

/** The address of each pixel (y, x), row-major: where its channel 0 lies. */
export function pixelAddresses(fm: FeatureMap): Float64Array {
  const out = new Float64Array(fm.height * fm.width);
  for (const t of tilesOf(fm)) {
    for (let y = t.y0; y < t.y1; y++) {
      let a = t.base + (y - t.y0) * fm.strideY;
      let o = y * fm.width + t.x0;
      for (let x = t.x0; x < t.x1; x++, a += fm.strideX) out[o++] = a;
    }
  }
  return out;
}

/** Element encodings: 8/16/32 bits, signed or unsigned. */
const enum Kind {
  S8,
  U8,
  S16,
  U16,
  S32,
  U32,
}

function kindOf(fm: FeatureMap): Kind {
  if (fm.bits === 8) return fm.signed ? Kind.S8 : Kind.U8;
  if (fm.bits === 16) return fm.signed ? Kind.S16 : Kind.U16;
  return fm.signed ? Kind.S32 : Kind.U32;
}

/**
 * Reads the whole feature map, minus its zero point, into `out` (dense,
 * row-major [height][width][depth]). Values of 8- and 16-bit maps fit an
 * Int32Array; 32-bit maps need a Float64Array.
 */
export function gather(fm: FeatureMap, bytes: Uint8Array, out: Int32Array | Float64Array): void {
  const pix = pixelAddresses(fm);
  const offs = channelOffsets(fm);
  const D = fm.depth;
  const zp = fm.zeroPoint;
  const kind = kindOf(fm);
  let o = 0;
  for (let p = 0; p < pix.length; p++) {
    const a0 = pix[p]!;
    switch (kind) {
      case Kind.S8:
        for (let c = 0; c < D; c++) out[o++] = ((bytes[a0 + offs[c]!]! << 24) >> 24) - zp;
        break;
      case Kind.U8:
        for (let c = 0; c < D; c++) out[o++] = bytes[a0 + offs[c]!]! - zp;
        break;
      case Kind.S16:
        for (let c = 0; c < D; c++) {
          const a = a0 + offs[c]!;
          out[o++] = (((bytes[a]! | (bytes[a + 1]! << 8)) << 16) >> 16) - zp;
        }
        break;
      case Kind.U16:
        for (let c = 0; c < D; c++) {
          const a = a0 + offs[c]!;
          out[o++] = (bytes[a]! | (bytes[a + 1]! << 8)) - zp;
        }
        break;
      case Kind.S32:
        for (let c = 0; c < D; c++) {
          const a = a0 + offs[c]!;
          out[o++] = (bytes[a]! | (bytes[a + 1]! << 8) | (bytes[a + 2]! << 16) | (bytes[a + 3]! << 24)) - zp;
        }
        break;
      case Kind.U32:
        for (let c = 0; c < D; c++) {
          const a = a0 + offs[c]!;
          out[o++] = ((bytes[a]! | (bytes[a + 1]! << 8) | (bytes[a + 2]! << 16) | (bytes[a + 3]! << 24)) >>> 0) - zp;
        }
        break;
    }
  }
}

/**
 * Writes feature-map values pixel by pixel. `values` hold final integers
 * already within the element type's range (32-bit: int32, stored as its bit
 * pattern).
 */
export class FeatureMapWriter {
  readonly pixels: Float64Array;
  readonly offsets: Float64Array;
  private readonly bytesPerElement: number;

  constructor(
    readonly fm: FeatureMap,
    private readonly bytes: Uint8Array,
  ) {
    this.pixels = pixelAddresses(fm);
    this.offsets = channelOffsets(fm);
    this.bytesPerElement = elementBytes(fm);
  }

  /** Writes values[from .. from + depth) as the channels of pixel `p` (y * width + x). */
  writePixel(p: number, values: Float64Array, from: number): void {
    const bytes = this.bytes;
    const a0 = this.pixels[p]!;
    const offs = this.offsets;
    const D = offs.length;
    switch (this.bytesPerElement) {
      case 1:
        for (let c = 0; c < D; c++) bytes[a0 + offs[c]!] = values[from + c]!;
        break;
      case 2:
        for (let c = 0; c < D; c++) {
          const a = a0 + offs[c]!;
          const v = values[from + c]!;
          bytes[a] = v;
          bytes[a + 1] = v >> 8;
        }
        break;
      default:
        for (let c = 0; c < D; c++) {
          const a = a0 + offs[c]!;
          const v = values[from + c]!;
          bytes[a] = v;
          bytes[a + 1] = v >> 8;
          bytes[a + 2] = v >> 16;
          bytes[a + 3] = v >> 24;
        }
        break;
    }
  }
}
