// The vipnano TP (tensor processing) core as npuc models it: one TP
// descriptor (descriptors.ts TP_FIELDS) run over the job's regions.
// docs/vipnano-tp.md describes the same model with examples.
//
// Source of the field meanings: Mesa's etnaviv ML driver (etnaviv_ml_tp.c,
// the transpose, detranspose, reshuffle and pad configurations). Where Mesa
// does not make a meaning clear, the rule below is npuc's model.
//
// The input image (8-bit elements only):
//   in_image_base_address   `region << 28 | offset` (job.ts) of element (0, 0, 0)
//   in_image_x/y/z_size     the image's extent; element (x, y, z) is the byte at
//                           base + z * in_image_slice + y * in_image_stride + x
//   in_image_stride         elements from one row (y) to the next
//   in_image_slice          elements from one plane (z) to the next
// The window (Mesa writes `0 - pad` into the starts):
//   in_window_x_start/y_start   signed; in_window_x_end/y_end inclusive.
//   The core reads every (x, y) of the window for every z in [0, z_size).
//   A position outside [0, x_size) x [0, y_size) is padding and reads the
//   byte in_zp (in_image_border_mode must be 0; npuc models no other border).
// Tiles (Mesa: in_tile_x/y_size with equal in_tile_x/y_inc):
//   the window is cut into tiles of in_tile_x_size x in_tile_y_size starting at
//   the window's start (edge tiles clipped to the window); the increments must
//   equal the sizes. Read order: for z, for each row of tiles, for each tile
//   in the row, the tile's elements row by row (x fastest). With one tile
//   covering the window that is x, then y, then z.
// The output loops (the address generator):
//   element number e of the read order is written to
//     out_image_base_address + sum_k i_k * out_loop_k_inc
//   where (i_0 .. i_5, i_6) are the digits of e in the mixed radix
//   (out_loop_0_count, ..., out_loop_5_count, unbounded): loop 0 is the
//   innermost, loop 6 has no count and takes what is left. Counts must be at
//   least 1, and the element count must be a multiple of the product of the
//   six counts (the loops cover whole iterations). Increments are unsigned
//   32-bit element (byte) counts. The out_loop_*_reset bits are carried as
//   data: in this model every loop restarts from its origin when it wraps.
// Values: the TP core's ALU is not modelled: the byte read is the byte
//   written, and out_zp must equal in_zp (no requantization). The alu_*
//   enables other than i2f/f2i (which Mesa always sets and which are an
//   identity on 8-bit data here), brick mode, z overfetch, data types other
//   than 0 and circular buffers are rejected (BackendError).
// Checks before anything is written: the image's bytes that the window
// reaches and every byte the loops address lie inside their regions; the
// output is not region 0 (the coefficients are read-only); the element count
// is at most MAX_TP_ELEMENTS and at most the output region's size. All
// elements are read before the first is written (as nir's intrinsics do).

import { BackendError } from '../../codegen/backend.js';
import { TP_DESCRIPTOR_WORDS, TP_FIELDS, unpackDescriptor } from './descriptors.js';
import { REGION, unpackAddress } from './job.js';

/** Bound on the elements of one TP job (the executor's work). */
export const MAX_TP_ELEMENTS = 1 << 24;
/** Output loops with a count (loop 6 has none). */
export const TP_COUNTED_LOOPS = 6;
export const TP_LOOPS = 7;

/** Fields npuc's model does not implement, with the only value it accepts. */
const FIXED: readonly [string, number][] = [
  ['in_tile_sequence', 0],
  ['alu_square_enable', 0],
  ['alu_horz_processing', 0],
  ['alu_vert_processing', 0],
  ['alu_nms_enable', 0],
  ['alu_pwl_enable', 0],
  ['alu_mult_enable', 0],
  ['alu_load_pwl_lut', 0],
  ['alu_relu_enable', 0],
  ['out_brick_mode', 0],
  ['alu_z_filter_mode', 0],
  ['in_window_z_start_overfetch', 0],
  ['in_window_z_end_overfetch', 0],
  ['in_image_data_type', 0],
  ['out_image_data_type', 0],
  ['in_image_border_mode', 0],
  ['in_image_circular_buf_size', 0],
  ['out_image_circular_buf_size', 0],
];

/** The decoded geometry of a TP job (what the executor, the disassembler and the cost model read). */
export interface TpJob {
  readonly input: { region: number; offset: number; xSize: number; ySize: number; zSize: number; stride: number; slice: number };
  readonly window: { x0: number; x1: number; y0: number; y1: number };
  readonly tile: { x: number; y: number };
  readonly output: { region: number; offset: number };
  /** Loops 0-6, innermost first; loop 6's count is the elements left over. */
  readonly loops: readonly { count: number; inc: number }[];
  readonly elements: number;
  readonly zeroPoint: number;
}

function fail(msg: string): never {
  throw new BackendError(`TP job: ${msg}`);
}

/** The descriptor's fields as a TpJob; BackendError on values the model does not accept. */
export function decodeTpJob(descriptor: Uint32Array): TpJob {
  if (descriptor.length < TP_DESCRIPTOR_WORDS) fail(`descriptor of ${descriptor.length} words, expected ${TP_DESCRIPTOR_WORDS}`);
  const f = unpackDescriptor(TP_FIELDS, descriptor);
  const v = (name: string): number => f[name]!;
  for (const [name, want] of FIXED) if (v(name) !== want) fail(`${name} = ${v(name)} is not modelled (npuc's TP model needs ${want})`);
  if (v('in_zp') !== v('out_zp')) fail(`out_zp ${v('out_zp')} differs from in_zp ${v('in_zp')}: npuc's TP model does not requantize`);
  const x0 = v('in_window_x_start');
  const y0 = v('in_window_y_start');
  const x1 = v('in_window_x_end');
  const y1 = v('in_window_y_end');
  if (x1 < x0 || y1 < y0) fail(`empty window x [${x0}, ${x1}] y [${y0}, ${y1}]`);
  const tile = { x: v('in_tile_x_size'), y: v('in_tile_y_size') };
  if (tile.x < 1 || tile.y < 1) fail(`tile ${tile.x}x${tile.y} is empty`);
  if (v('in_tile_x_inc') !== tile.x || v('in_tile_y_inc') !== tile.y) {
    fail(`tile increments ${v('in_tile_x_inc')}, ${v('in_tile_y_inc')} differ from the tile size ${tile.x}x${tile.y}`);
  }
  const input = unpackAddress(v('in_image_base_address'));
  const output = unpackAddress(v('out_image_base_address'));
  const zSize = v('in_image_z_size');
  const elements = (x1 - x0 + 1) * (y1 - y0 + 1) * zSize;
  const loops: { count: number; inc: number }[] = [];
  let product = 1;
  for (let k = 0; k < TP_COUNTED_LOOPS; k++) {
    const count = v(`out_loop_${k}_count`);
    if (count < 1) fail(`out_loop_${k}_count is 0`);
    loops.push({ count, inc: v(`out_loop_${k}_inc`) });
    product *= count;
  }
  if (elements % product !== 0) fail(`the output loops (${product} elements per loop 6 step) do not divide the ${elements} elements read`);
  loops.push({ count: elements / product, inc: v('out_loop_6_inc') });
  return {
    input: { ...input, xSize: v('in_image_x_size'), ySize: v('in_image_y_size'), zSize, stride: v('in_image_stride'), slice: v('in_image_slice') },
    window: { x0, x1, y0, y1 },
    tile,
    output,
    loops,
    elements,
    zeroPoint: v('in_zp'),
  };
}

function regionOf(regions: readonly (Uint8Array | undefined)[], index: number, what: string): Uint8Array {
  const r = regions[index];
  if (!r) fail(`${what} addresses region ${index}, which the job does not have`);
  return r;
}

/** Checks [first, last] (byte offsets, inclusive) against a region. */
function checkRange(region: Uint8Array, index: number, first: number, last: number, what: string): void {
  if (first < 0 || last >= region.length) fail(`${what} bytes [${first}, ${last + 1}) are outside region ${index} (${region.length} bytes)`);
}

/** Runs one TP job; BackendError (before any write) on anything the model does not accept. */
export function executeTpJob(descriptor: Uint32Array, regions: readonly (Uint8Array | undefined)[]): void {
  const job = decodeTpJob(descriptor);
  const { input: im, window: w, tile, loops } = job;
  const N = job.elements;
  if (N > MAX_TP_ELEMENTS) fail(`${N} elements exceed npuc's bound of ${MAX_TP_ELEMENTS}`);
  if (job.output.region === REGION.coefficients) fail('the output is in region 0 (the coefficients are read-only)');
  const dst = regionOf(regions, job.output.region, 'the output');
  if (N > dst.length) fail(`${N} elements exceed the output region's ${dst.length} bytes`);
  if (N === 0) return;

  // The image bytes the window reaches.
  const xa = Math.max(w.x0, 0);
  const xb = Math.min(w.x1, im.xSize - 1);
  const ya = Math.max(w.y0, 0);
  const yb = Math.min(w.y1, im.ySize - 1);
  const readsImage = xa <= xb && ya <= yb;
  let src: Uint8Array | null = null;
  if (readsImage) {
    src = regionOf(regions, im.region, 'the input');
    const first = im.offset + ya * im.stride + xa;
    const last = im.offset + (im.zSize - 1) * im.slice + yb * im.stride + xb;
    checkRange(src, im.region, first, last, 'input');
  }
  // Every output address: increments are >= 0, so the largest is at the largest digits.
  let last = job.output.offset;
  for (const l of loops) last += (l.count - 1) * l.inc;
  checkRange(dst, job.output.region, job.output.offset, last, 'output');

  const values = new Uint8Array(N);
  let e = 0;
  for (let z = 0; z < im.zSize; z++) {
    for (let ty = w.y0; ty <= w.y1; ty += tile.y) {
      const yEnd = Math.min(ty + tile.y - 1, w.y1);
      for (let tx = w.x0; tx <= w.x1; tx += tile.x) {
        const xEnd = Math.min(tx + tile.x - 1, w.x1);
        for (let y = ty; y <= yEnd; y++) {
          const rowInside = readsImage && y >= 0 && y < im.ySize;
          const row = im.offset + z * im.slice + y * im.stride;
          for (let x = tx; x <= xEnd; x++) values[e++] = rowInside && x >= 0 && x < im.xSize ? src![row + x]! : job.zeroPoint;
        }
      }
    }
  }

  const digit = new Array<number>(loops.length).fill(0);
  let at = job.output.offset;
  for (let i = 0; i < N; i++) {
    dst[at] = values[i]!;
    for (let k = 0; k < loops.length; k++) {
      const l = loops[k]!;
      at += l.inc;
      if (++digit[k]! < l.count) break;
      at -= l.inc * l.count;
      digit[k] = 0;
    }
  }
}
