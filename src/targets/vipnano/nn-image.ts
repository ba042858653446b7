// Planar 8-bit images in a job's regions (job.ts: element (x, y, z) of an
// image at address A is at A + (z * yStride + y) * xStride + x), for the NN
// executor: resolving an image's address against the regions (every byte
// it spans must lie in an existing region), reading it and writing it.

import { BackendError } from '../../codegen/backend.js';
import { unpackAddress } from './job.js';
import type { NnImage } from './nn-job.js';

/** An image's place and shape: the stored size (what is read or written); the job's own image type. */
export type ImageShape = NnImage;

export interface ResolvedImage extends ImageShape {
  readonly bytes: Uint8Array;
  /** Byte offset of element (0, 0, 0) in `bytes`. */
  readonly base: number;
}

/** Bytes from an image's first element to one past its last. */
export function imageSpan(s: Omit<ImageShape, 'address' | 'dataType'>): number {
  return ((s.zSize - 1) * s.yStride + (s.ySize - 1)) * s.xStride + s.xSize;
}

/** Resolves `img` in `regions`; BackendError, naming `what`, unless all of its bytes lie in one region. */
export function resolveImage(img: ImageShape, regions: readonly (Uint8Array | undefined)[], what: string): ResolvedImage {
  const { region, offset } = unpackAddress(img.address);
  const bytes = regions[region];
  if (!bytes) throw new BackendError(`vipnano NN job: ${what} address 0x${img.address.toString(16)} is in region ${region}, which the job does not have`);
  const span = imageSpan(img);
  if (offset + span > bytes.length) {
    throw new BackendError(`vipnano NN job: ${what} [${offset}, ${offset + span}) of region ${region} passes its end (${bytes.length} bytes)`);
  }
  return { ...img, bytes, base: offset };
}

/** The image's values, [z][y][x] row-major. */
export function readImage(r: ResolvedImage): Int32Array {
  const { xSize: X, ySize: Y, zSize: Z } = r;
  const out = new Int32Array(X * Y * Z);
  const signed = r.dataType === 'INT8';
  let o = 0;
  for (let z = 0; z < Z; z++) {
    for (let y = 0; y < Y; y++) {
      const row = r.base + (z * r.yStride + y) * r.xStride;
      for (let x = 0; x < X; x++) {
        const b = r.bytes[row + x]!;
        out[o++] = signed && b >= 128 ? b - 256 : b;
      }
    }
  }
  return out;
}

/** Writes `values` ([z][y][x] row-major, each within the data type's range) into the image. */
export function writeImage(r: ResolvedImage, values: Int32Array): void {
  const { xSize: X, ySize: Y, zSize: Z } = r;
  let o = 0;
  for (let z = 0; z < Z; z++) {
    for (let y = 0; y < Y; y++) {
      const row = r.base + (z * r.yStride + y) * r.xStride;
      for (let x = 0; x < X; x++) r.bytes[row + x] = values[o++]! & 0xff;
    }
  }
}
